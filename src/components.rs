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
