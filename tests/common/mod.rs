//! Helpers the integration tests share: fixture paths and loading them without the embedded data.

use std::path::PathBuf;
use turnout::data::{self, Dataset, Loaded, SourcePath, Sources};

/// A path under `tests/fixtures`.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Loads fixtures in the given order, without the embedded data: the first place's data.
pub fn load_paths(rels: &[&str]) -> Dataset {
    load_places(rels).into_first()
}

/// Loads fixtures in the given order, without the embedded data: every place. Files whose rows
/// name no place are Philadelphia's, as with `--place Philadelphia` before each `--data`.
pub fn load_places(rels: &[&str]) -> Loaded {
    let paths = rels
        .iter()
        .map(|r| SourcePath {
            place: Some("Philadelphia".to_string()),
            ..SourcePath::new(fixture(r), "test")
        })
        .collect();
    data::load(&Sources {
        embedded: false,
        paths,
        ..Default::default()
    })
}
