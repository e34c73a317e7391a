//! The yew components. They render what the plain-Rust rules computed and turn user input into
//! `state::Action`s; no filtering, layout or judgement happens here.

pub mod app;
pub mod changes;
pub mod compare;
pub mod detail;
pub mod dialogs;
pub mod filters;
pub mod glossary;
pub mod glyph;
pub mod legend;
pub mod link_fallback;
pub mod markup;
pub mod notice;
pub mod table;
pub mod timeline;
pub mod treatments;

/// A `class` attribute from its parts, empty ones left out: what yew's `classes!` gives, without
/// the ordered set behind it (`Classes` links indexmap and a second hash table into the wasm).
pub fn class_list(parts: &[&str]) -> String {
    let mut out = String::new();
    for p in parts.iter().filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}
