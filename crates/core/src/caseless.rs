//! Text compared without regard to case: the search haystack, the search query and the
//! alphabetical orders of treatments and titles.
//!
//! Rust's full Unicode lowercasing carries case tables of about 9 KB gzip into the wasm. The
//! browser already has them, so in the browser any text that is not plain ASCII is lowercased by
//! `String.prototype.toLowerCase` (the same Unicode default case mapping, final sigma included);
//! ASCII, by far the common case, never leaves Rust. Off the browser (tests, prerender, build
//! script) Rust's own `to_lowercase` does the work.

/// `text` in lower case.
pub fn lower(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        unicode_lower(text)
    }
}

/// Every text in lower case. In the browser the texts that are not ASCII go to the browser in
/// one call, not one call each.
pub fn lower_all(mut texts: Vec<String>) -> Vec<String> {
    let mut others = Vec::new();
    for (i, t) in texts.iter_mut().enumerate() {
        if t.is_ascii() {
            t.make_ascii_lowercase();
        } else if t.contains('\0') {
            // NUL separates the texts sent together (no case mapping makes or removes one), so a
            // text holding one goes on its own.
            *t = unicode_lower(t);
        } else {
            others.push(i);
        }
    }
    if others.is_empty() {
        return texts;
    }
    let joined = others
        .iter()
        .map(|&i| texts[i].as_str())
        .collect::<Vec<_>>()
        .join("\0");
    let lowered = unicode_lower(&joined);
    for (&i, part) in others.iter().zip(lowered.split('\0')) {
        texts[i] = part.to_string();
    }
    texts
}

#[cfg(target_arch = "wasm32")]
fn unicode_lower(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

#[cfg(not(target_arch = "wasm32"))]
#[allow(
    clippy::disallowed_methods,
    reason = "native only: the wasm lowers through the browser (above)"
)]
fn unicode_lower(text: &str) -> String {
    text.to_lowercase()
}

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    reason = "tests run natively: they check the shared routines against the standard library's"
)]
mod tests {
    use super::*;

    const WORDS: [&str; 12] = [
        "Ampligen",
        "ampligen",
        "Äbc",
        "abc",
        "Zed",
        "",
        "IVIG",
        "ivig s",
        "ß",
        "SS",
        "ΟΔΟΣ Σ",
        "Ǆ",
    ];

    #[test]
    fn lower_agrees_with_rusts_lowercasing() {
        for a in WORDS {
            assert_eq!(lower(a), a.to_lowercase());
        }
    }

    #[test]
    fn lower_all_lowers_each_text_in_place() {
        let mut words = WORDS.to_vec();
        words.extend(["Ä\0B", "\0", "x\0Y", "Ende"]);
        let texts: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        let expected: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        assert_eq!(lower_all(texts), expected);
        assert!(lower_all(Vec::new()).is_empty());
    }
}
