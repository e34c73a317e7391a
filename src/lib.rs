//! ME/CFS Treatment Timeline: an honest, interactive timeline of ME/CFS treatment studies.
//!
//! The rules (data model, dataset validation, filtering, URL codec, time scale, lane layout,
//! evidence checklist, evidence ladder, exports) are plain Rust modules with native tests; the
//! `components` render them with yew and `browser` is the only module that touches the URL.

pub mod dataset;
pub mod model;
pub mod view;
pub mod filter;
