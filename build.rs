//! Loads the shipped files with the data layer itself (`src/data`, compiled into this script)
//! and stores the result in `OUT_DIR`, for `turnout` to read back at start-up instead of
//! parsing the CSVs again (`src/shipped.rs`; `data::snapshot`).

#[allow(dead_code, unused_imports)]
#[path = "src/data/mod.rs"]
mod data;

fn main() {
    // A directory is scanned whole for changes.
    for input in ["src/data", "data", "seeds"] {
        println!("cargo::rerun-if-changed={input}");
    }
    let loaded = data::load(&data::Sources {
        embedded: true,
        ..Default::default()
    });
    let bytes = data::snapshot::encode(&loaded).expect("the shipped load cannot be stored");
    // Read back here: a load the snapshot cannot hold fails the build, never a start-up.
    let back = data::snapshot::decode(bytes.clone().leak())
        .expect("the stored shipped load does not read back");
    // The division figures are unpacked when first asked for: all of them, here.
    assert_eq!(
        format!("{:?}", back.places[0].division_store),
        format!("{:?}", loaded.places[0].division_store),
        "the stored division figures do not read back"
    );
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("shipped.postcard"), bytes).expect("OUT_DIR is writable");
}
