//! The timeline's geometry, as plain Rust with no yew and no browser: `scale` owns the mapping
//! between fractional years and pixels (ticks, zoom, pan, fitting a window to the data) and
//! `layout` owns where every study sits vertically (mechanism groups, one lane per treatment,
//! rows for overlapping studies), plus the lookups that keep rendering virtualised and the
//! keyboard navigation between marks; `keys` maps a key press on the chart to a
//! [`keys::Command`] (the key map). The timeline component keeps the [`layout::Layout`]s of the
//! last few filter results and label sizes (`recent`) and asks one only for what is inside the
//! viewport.

pub mod keys;
pub mod labels;
pub mod layout;
pub mod recent;
pub mod scale;
