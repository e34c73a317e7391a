//! Fuzzes the URL codec (`crates/core/src/url_state.rs`) with arbitrary bytes, read as a query
//! string the way a browser hands it over (lossy UTF-8), against the embedded dataset.
//!
//! Invariants checked on every input:
//! - `parse` never panics and reports a bounded number of ignored pieces;
//! - `format(parse(q))` parses back to the very same state with nothing ignored;
//! - `format` is a fixed point: formatting that state again gives the same string.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mecfs_core::dataset::Dataset;
use mecfs_core::url_state::{describe, format, parse};

/// `MAX_IGNORED` notices plus the "and N more" line.
const MAX_NOTICES: usize = 21;

fuzz_target!(|data: &[u8]| {
    let known = Dataset::embedded();
    let query = String::from_utf8_lossy(data);

    let (state, ignored) = parse(&query, known);
    assert!(
        ignored.len() <= MAX_NOTICES,
        "{} notices for one link",
        ignored.len()
    );
    let _ = describe(&ignored);

    let canonical = format(&state);
    let (again, ignored_again) = parse(&canonical, known);
    assert!(
        ignored_again.is_empty(),
        "the canonical link {canonical:?} has ignored parts: {ignored_again:?}"
    );
    assert_eq!(
        again, state,
        "the canonical link {canonical:?} reads back differently"
    );
    assert_eq!(
        format(&again),
        canonical,
        "format is not a fixed point for {canonical:?}"
    );
});
