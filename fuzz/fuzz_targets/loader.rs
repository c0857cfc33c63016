//! Any bytes as a data file: the loader reports problems and never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let ds = turnout::data::load_bytes("fuzz.csv", bytes);
    for f in &ds.report.files {
        assert!(f.rows_rejected <= f.rows_read + 1);
    }
});
