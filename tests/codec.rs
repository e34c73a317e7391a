//! The binary dataset codec (`crates/data/src/codec.rs`) on a large synthetic dataset: the
//! generator of `examples/synth.rs` (compiled in here), 10,000 studies, encoded and decoded back.
//!
//! `cargo test --release --test codec -- --ignored --nocapture` also prints the sizes and the
//! decode time against `serde_json::from_str` of the same dataset (numbers only, no assertion).

#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

use mecfs_timeline::codec::{decode, encode};
use mecfs_timeline::model::DatasetFile;
use std::time::Instant;

#[test]
fn ten_thousand_synthetic_studies_round_trip() {
    let file = synth::generate(10_000, 1);
    let bytes = encode(&file);
    assert_eq!(decode(&bytes), Ok(file));
}

#[test]
#[ignore = "timing for the record, run in release"]
fn decode_time_against_serde_json() {
    let file = synth::generate(10_000, 1);
    let json = serde_json::to_string(&file).unwrap();
    let bytes = encode(&file);
    let best = |f: &dyn Fn() -> DatasetFile| {
        (0..5)
            .map(|_| {
                let t = Instant::now();
                let out = f();
                let dt = t.elapsed();
                assert_eq!(out.studies.len(), 10_000);
                dt
            })
            .min()
            .unwrap()
    };
    let t_json = best(&|| serde_json::from_str(&json).unwrap());
    let t_bin = best(&|| decode(&bytes).unwrap());
    println!(
        "10,000 studies: JSON {} bytes, serde_json::from_str {t_json:?}; binary {} bytes, codec::decode {t_bin:?}",
        json.len(),
        bytes.len()
    );
}
