//! Small shared visual vocabulary: the evidence icon and the phase badge, so colour is never the
//! only signal. Each icon is text, readable in greyscale and by screen readers.

use crate::model::{Evidence, Phase};
use yew::prelude::*;

/// A one-character icon per evidence status (the legend explains each).
pub fn evidence_icon(e: Evidence) -> &'static str {
    match e {
        Evidence::Planned => "◌",
        Evidence::Ongoing => "▷",
        Evidence::Unreported => "∅",
        Evidence::Preliminary => "?",
        Evidence::Mixed => "±",
        Evidence::Positive => "✓",
        Evidence::Negative => "✗",
        Evidence::Approved => "★",
        Evidence::Refuted => "⊘",
    }
}

/// A short phase tag for marks ("P3", "Pilot", "Obs").
pub fn phase_tag(p: Phase) -> &'static str {
    match p {
        Phase::Preclinical => "Lab",
        Phase::Pilot => "Pilot",
        Phase::Phase1 => "P1",
        Phase::Phase1_2 => "P1/2",
        Phase::Phase2 => "P2",
        Phase::Phase2_3 => "P2/3",
        Phase::Phase3 => "P3",
        Phase::Phase4 => "P4",
        Phase::Observational => "Obs",
        Phase::Review => "Review",
        Phase::Unstated => "P?",
    }
}

#[derive(Properties, PartialEq)]
pub struct EvidenceBadgeProps {
    pub evidence: Evidence,
}

/// Evidence status as icon + words, coloured by class.
#[function_component(EvidenceBadge)]
pub fn evidence_badge(props: &EvidenceBadgeProps) -> Html {
    let e = props.evidence;
    html! {
        <span class={format!("badge ev-{}", e.key())}>
            <span class="badge-icon" aria-hidden="true">{ evidence_icon(e) }</span>
            { e.label() }
        </span>
    }
}

/// Formats a coordinate for an SVG attribute with one decimal, without pulling Rust's general
/// float formatting into the wasm (it is large, and one decimal of a pixel is plenty).
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".into();
    }
    // Hundreds of coordinates are written per render; building the digits by hand keeps
    // `format!` (and its allocations) out of the hot path.
    let tenths = (x * 10.0).round() as i64;
    let mut t = tenths.unsigned_abs();
    let mut digits = [0u8; 24];
    let mut n = digits.len();
    let frac = (t % 10) as u8;
    t /= 10;
    loop {
        n -= 1;
        digits[n] = b'0' + (t % 10) as u8;
        t /= 10;
        if t == 0 {
            break;
        }
    }
    let mut out = String::with_capacity(digits.len() - n + 3);
    if tenths < 0 {
        out.push('-');
    }
    // Each byte is an ASCII digit.
    out.extend(digits[n..].iter().map(|&d| d as char));
    if frac != 0 {
        out.push('.');
        out.push((b'0' + frac) as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn coordinates_format_with_one_decimal() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.34), "12.3");
        assert_eq!(num(-0.06), "-0.1");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(1234.96), "1235");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-12.5), "-12.5");
        assert_eq!(num(7.05), "7.1");
        assert_eq!(num(1e15), "1000000000000000");
    }
}
