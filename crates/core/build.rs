//! Refuses to build the core crate (and so the widget) with a broken dataset: validates the file
//! named by `MECFS_DATASET` (default `data/studies.json`; a relative path is taken from the
//! workspace root, as before the rules moved into `crates/core`) with the same rules the app uses,
//! encodes it with the app's own binary codec into `OUT_DIR/dataset.bin`, and tells the compiler
//! which file `dataset` embeds. Both come from the data crate (`crates/data`, a build-dependency).

use mecfs_data::{codec, validate};
use std::path::PathBuf;

fn main() {
    // This crate is `crates/core`; dataset paths are relative to the workspace root.
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest
        .parent()
        .and_then(|crates| crates.parent())
        .expect("crates/core sits two levels below the workspace root")
        .to_path_buf();
    println!("cargo:rerun-if-env-changed=MECFS_DATASET");
    // The rules and the byte format are the build-dependency `mecfs-data`, whose sources cargo
    // tracks itself; only the dataset file and the variable naming it are listed here.
    let name = std::env::var("MECFS_DATASET").unwrap_or_else(|_| "data/studies.json".to_string());
    let path = if PathBuf::from(&name).is_absolute() {
        PathBuf::from(&name)
    } else {
        root.join(&name)
    };
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read dataset {}: {e} (set MECFS_DATASET to a dataset file)",
            path.display()
        )
    });
    let file = match validate::validate(&text) {
        Ok(file) => file,
        Err(problems) => {
            eprintln!("{}", validate::report(&name, &problems));
            panic!(
                "\n{}The dataset is broken; fix the records above (see docs/DATA.md).",
                validate::report(&name, &problems)
            );
        }
    };
    // Embed the compact binary encoding, not the JSON: smaller, and no JSON parser in the wasm.
    let bytes = codec::encode(&file);
    assert_eq!(
        codec::decode(&bytes).as_ref(),
        Ok(&file),
        "the codec must round-trip the dataset"
    );
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("dataset.bin");
    std::fs::write(&out, &bytes).expect("write encoded dataset");
    println!("cargo:rustc-env=MECFS_DATASET_BIN={}", out.display());
    // The source text, for the native tests that re-run the validator on it (never in the wasm).
    println!("cargo:rustc-env=MECFS_DATASET_JSON={}", path.display());
    println!("cargo:rustc-env=MECFS_DATASET_NAME={name}");
}
