//! Refuses to build the widget with a broken dataset: validates the file named by `MECFS_DATASET`
//! (default `data/studies.json`) with the same rules the app uses, and tells the compiler which
//! file to embed.

#[allow(dead_code)]
#[path = "src/model.rs"]
mod model;

#[allow(dead_code)]
#[path = "src/dataset/validate.rs"]
mod validate;

use std::path::PathBuf;

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-env-changed=MECFS_DATASET");
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
    if let Err(problems) = validate::validate(&text) {
        eprintln!("{}", validate::report(&name, &problems));
        panic!(
            "\n{}The dataset is broken; fix the records above (see docs/DATA.md).",
            validate::report(&name, &problems)
        );
    }
    // Embed a minified copy: the same data, a fifth smaller in the wasm.
    let value: serde_json::Value = serde_json::from_str(&text).expect("validated above");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("dataset.min.json");
    std::fs::write(&out, serde_json::to_string(&value).expect("serialisable"))
        .expect("write minified dataset");
    println!("cargo:rustc-env=MECFS_DATASET_PATH={}", out.display());
    println!("cargo:rustc-env=MECFS_DATASET_NAME={name}");
}
