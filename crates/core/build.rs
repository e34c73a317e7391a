//! Refuses to build the core crate (and so the widget) with a broken dataset: validates the file
//! named by `MECFS_DATASET` (default `data/studies.json`; a relative path is taken from the
//! workspace root, as before the rules moved into `crates/core`) with the same rules the app uses,
//! encodes it with the app's own binary codec into `OUT_DIR/dataset.bin`, and tells the compiler
//! which file `dataset` embeds. Both come from the data crate (`crates/data`, a build-dependency).

use mecfs_data::{codec, validate};
use std::path::PathBuf;

// The verdict rules, compiled here from the crate's own source files, so the verdicts the widget
// embeds come from the one definition the crate's tests check (`src/verdict_table.rs` says why
// they are computed at build time). These files use nothing of the crate beyond each other, the
// data model and the small dataset view below.
#[allow(dead_code)]
mod model {
    pub use mecfs_data::model::*;
}
#[allow(dead_code)]
#[path = "src/caseless.rs"]
mod caseless;
#[allow(dead_code)]
#[path = "src/direction.rs"]
mod direction;
#[allow(dead_code)]
#[path = "src/ladder.rs"]
mod ladder;
#[allow(dead_code)]
#[path = "src/order.rs"]
mod order;
#[allow(dead_code)]
#[path = "src/verdict.rs"]
mod verdict;
#[allow(dead_code)]
#[path = "src/verdict_table.rs"]
mod verdict_table;
mod pack {
    pub use mecfs_data::pack::*;
}

/// What `verdict::all` reads of the crate's `Dataset`: the file and each study's treatment index.
mod dataset {
    use mecfs_data::model::{DatasetFile, Study, Treatment};

    pub struct Dataset {
        pub file: DatasetFile,
        pub treatment_of: Vec<usize>,
    }

    impl Dataset {
        pub fn new(file: DatasetFile) -> Self {
            let treatment_of = file
                .studies
                .iter()
                .map(|s| {
                    file.treatments
                        .iter()
                        .position(|t| t.key == s.treatment)
                        .expect("validation checked every study's treatment exists")
                })
                .collect();
            Dataset { file, treatment_of }
        }
        pub fn treatments(&self) -> &[Treatment] {
            &self.file.treatments
        }
        pub fn studies(&self) -> &[Study] {
            &self.file.studies
        }
    }
}

/// Every treatment's verdict and its compare-strip change points, packed.
fn verdict_bytes(file: mecfs_data::model::DatasetFile) -> Vec<u8> {
    let data = dataset::Dataset::new(file);
    let verdicts = verdict::all(&data);
    let changes = (0..data.treatments().len())
        .map(|t| {
            let studies: Vec<_> = data
                .studies()
                .iter()
                .zip(&data.treatment_of)
                .filter(|(_, &of)| of == t)
                .map(|(s, _)| s)
                .collect();
            direction::changes(&studies)
        })
        .collect();
    let table = verdict_table::VerdictTable { verdicts, changes };
    let treatments: Vec<&str> = data.treatments().iter().map(|t| t.key.as_str()).collect();
    let studies: Vec<&str> = data.studies().iter().map(|s| s.id.as_str()).collect();
    let names = verdict_table::Names {
        treatments: &treatments,
        studies: &studies,
    };
    let bytes = verdict_table::encode(&table, &names);
    assert_eq!(
        verdict_table::decode(&bytes, &names).as_ref(),
        Some(&table),
        "the verdict table must round-trip"
    );
    bytes
}

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
    // The verdicts, computed once here (see `src/verdict_table.rs`); the rules' sources are this
    // crate's, so a change to them re-runs this script.
    for rules in [
        "caseless",
        "direction",
        "ladder",
        "order",
        "verdict",
        "verdict_table",
    ] {
        println!("cargo:rerun-if-changed=src/{rules}.rs");
    }
    let verdicts = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("verdicts.bin");
    std::fs::write(&verdicts, verdict_bytes(file)).expect("write the verdict table");
    println!("cargo:rustc-env=MECFS_VERDICTS_BIN={}", verdicts.display());
    // The source text, for the native tests that re-run the validator on it (never in the wasm).
    println!("cargo:rustc-env=MECFS_DATASET_JSON={}", path.display());
    println!("cargo:rustc-env=MECFS_DATASET_NAME={name}");
}
