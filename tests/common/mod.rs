//! Helpers the integration tests share: fixture paths and loading them without the embedded data.

use std::path::PathBuf;
use turnout::data::{self, Dataset, Sources};

/// A path under `tests/fixtures`.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Loads fixtures in the given order, without the embedded data.
pub fn load_paths(rels: &[&str]) -> Dataset {
    let paths = rels
        .iter()
        .map(|r| (fixture(r), "test".to_string()))
        .collect();
    data::load(&Sources {
        embedded: false,
        paths,
        ..Default::default()
    })
}
