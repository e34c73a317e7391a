//! The data of the ME/CFS Treatment Timeline, on its own so the compiler keeps it free of the
//! widget: the data model ([`model`]), the validation rules ([`validate`], native only) and the
//! compact binary encoding the wasm embeds ([`codec`], compressed by [`pack`]).
//!
//! Plain Rust: std and serde, plus serde_json and serde_path_to_error for `validate` off wasm. No
//! yew, no browser. The widget re-exports these modules (`mecfs_timeline::model`, …) and its
//! `build.rs` uses this crate as a build-dependency to validate and encode the dataset before the
//! widget compiles.

pub mod codec;
// Native only: the build writes the Atom feed of the changelog (examples/feed.rs).
#[cfg(not(target_arch = "wasm32"))]
pub mod feed;
pub mod model;
pub mod pack;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
// Native only (build.rs, examples, tests): it needs serde_json, which the wasm does without.
#[cfg(not(target_arch = "wasm32"))]
#[allow(
    clippy::disallowed_methods,
    reason = "native only: the wasm size rules of clippy.toml do not apply"
)]
pub mod validate;
// The command-line tool `mecfs-data` (src/bin/mecfs-data.rs) and what it is made of: field-level
// dataset diffs, coverage counts, ClinicalTrials.gov import. Native only, like `validate`.
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
#[allow(
    clippy::disallowed_methods,
    reason = "native only: the wasm size rules of clippy.toml do not apply"
)]
pub mod ctgov;
#[cfg(not(target_arch = "wasm32"))]
#[allow(
    clippy::disallowed_methods,
    reason = "native only: the wasm size rules of clippy.toml do not apply"
)]
pub mod diff;
#[cfg(not(target_arch = "wasm32"))]
pub mod stats;
