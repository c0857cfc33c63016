//! The shipped files' load as build.rs stored it: what start-up reads instead of parsing them.

use crate::data::snapshot::Snapshot;

/// Read when the shipped files are the only source (`data::load` decides).
pub const SNAPSHOT: Snapshot = Snapshot(include_bytes!(concat!(
    env!("OUT_DIR"),
    "/shipped.postcard"
)));

#[cfg(test)]
mod tests {
    use crate::data::{self, Sources, snapshot};

    #[test]
    fn the_stored_load_is_what_loading_the_shipped_files_gives() {
        let fresh = data::load(&Sources {
            embedded: true,
            ..Default::default()
        });
        let stored = snapshot::decode(super::SNAPSHOT.0).expect("build.rs stored a load");
        snapshot::assert_same(fresh, stored);
    }

    #[test]
    fn the_stored_load_is_read_only_when_the_shipped_files_are_the_only_source() {
        let mut sources = Sources {
            embedded: true,
            snapshot: Some(super::SNAPSHOT),
            ..Default::default()
        };
        assert!(sources.stored().is_some());
        sources.paths.push(data::SourcePath::new("x.csv", "--data"));
        assert!(sources.stored().is_none());
        sources.paths.clear();
        sources.embedded = false;
        assert!(sources.stored().is_none());
    }
}
