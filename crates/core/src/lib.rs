//! The rules of the ME/CFS Treatment Timeline, on their own so the compiler keeps them free of
//! the browser: the embedded dataset and its lookups ([`dataset`], [`session`]), filtering and
//! facet counts ([`filter`]), the view state and its transitions ([`view`], [`state`]), the URL
//! codec ([`url_state`]), the time scale, lane layout, mark labels and the chart's key map
//! ([`timeline`]), the evidence checklist, ladder, verdicts and their direction ([`checklist`],
//! [`ladder`], [`verdict`], [`direction`]), reporting flags ([`reporting`]), coverage
//! ([`coverage`]), exports ([`export`]), table ordering ([`sort`], [`order`]), caseless text
//! ([`caseless`]), the accent colour ([`accent`]) and the glossary ([`glossary`]).
//!
//! Plain Rust with native tests: this crate depends on the data crate (`mecfs-data`) only, plus
//! js-sys in the wasm for `caseless` (the browser's lowercasing). It has no yew, web-sys or gloo
//! dependency, so none of it can reach the DOM. The widget (`mecfs-timeline`, at the workspace
//! root) re-exports these modules and renders them; its `browser` module is the one that touches
//! the page. `build.rs` validates and encodes the dataset that [`dataset`] embeds.

// `f64::clamp` is disallowed (see clippy.toml: it links float formatting into the wasm), so the
// `max(..).min(..)` written instead is intended.
#![allow(clippy::manual_clamp)]

// The data model, the binary codec and its compression live in the data crate (`crates/data`);
// `crate::model::…` paths work here as in the widget.
pub use mecfs_data::{codec, model, pack};

pub mod accent;
pub mod caseless;
pub mod checklist;
// The coverage report is a native tool (`cargo run --example coverage`, the docs/DATA.md check);
// it counts with the data crate's native-only `stats`.
#[cfg(not(target_arch = "wasm32"))]
pub mod coverage;
pub mod dataset;
pub mod direction;
pub mod export;
pub mod filter;
pub mod glossary;
pub mod ladder;
pub mod order;
pub mod reporting;
pub mod session;
pub mod sort;
pub mod state;
#[cfg(test)]
mod testing;
pub mod timeline;
pub mod url_state;
pub mod verdict;
pub mod verdict_table;
pub mod view;
