//! The words after each mark on the timeline, and the rule that keeps them from overlapping.
//!
//! Every study gets up to three labels, longest first, in plain words ("Phase 2 · 53 people",
//! "Pilot · 10 people", "Phase not stated · size not reported"), a short one ("Phase 2 · 53") and
//! the evidence icon alone. At each zoom the chart shows the longest one whose *estimated* width
//! fits in the room before the next mark in the same row (and inside the chart), and none when
//! even the icon does not fit: a label is shortened or hidden, never drawn over a neighbour.
//! Marks in one row never overlap in time (the layout guarantees it), and rows are further apart
//! than a label is tall, so that room is the only thing to check.
//!
//! Widths are estimated from the characters, deliberately on the wide side for the 11 px
//! sans-serif the stylesheet gives `.mark-label` (the estimate is not the browser's measurement,
//! which the server-side prerender cannot make; the Playwright tier measures the real boxes and
//! fails on any overlap).

use crate::model::{Phase, Study};

/// Pixels a label keeps clear of the next mark.
pub const GAP: f64 = 6.0;

/// The phase in plain words, as a mark label says it.
pub fn phase_words(p: Phase) -> &'static str {
    match p {
        Phase::Preclinical => "Lab study",
        Phase::Pilot => "Pilot",
        Phase::Phase1 => "Phase 1",
        Phase::Phase1_2 => "Phase 1/2",
        Phase::Phase2 => "Phase 2",
        Phase::Phase2_3 => "Phase 2/3",
        Phase::Phase3 => "Phase 3",
        Phase::Phase4 => "Phase 4",
        Phase::Observational => "Observational",
        Phase::Review => "Review",
        Phase::Unstated => "Phase not stated",
    }
}

/// A study's labels, longest first, each with its estimated width in pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Labels {
    pub variants: [(String, f64); 3],
}

impl Labels {
    /// The labels of `study`, each starting with `icon` (the evidence glyph, so the label never
    /// relies on the mark's colour).
    pub fn of(study: &Study, icon: &str) -> Labels {
        let phase = phase_words(study.phase);
        let full = match study.best_n() {
            Some(1) => format!("{icon} {phase} · 1 person"),
            Some(n) => format!("{icon} {phase} · {n} people"),
            None if study.evidence.has_result() => format!("{icon} {phase} · size not reported"),
            None => match study.people.target {
                Some(t) => format!("{icon} {phase} · aims for {t}"),
                None => format!("{icon} {phase}"),
            },
        };
        let short = match study.best_n().or(study.people.target) {
            Some(n) => format!("{icon} {phase} · {n}"),
            None => format!("{icon} {phase}"),
        };
        let tiny = icon.to_string();
        let w = |s: String| {
            let width = width(&s);
            (s, width)
        };
        Labels {
            variants: [w(full), w(short), w(tiny)],
        }
    }

    /// Index of the longest label that fits in `room` pixels, if any.
    pub fn fit(&self, room: f64) -> Option<usize> {
        self.variants.iter().position(|(_, w)| *w <= room)
    }
}

/// Estimated width in pixels of `text` at 11 px: digits and letters are at most ~0.6 em in the
/// system sans-serif fonts, capitals and symbols up to ~1 em.
pub fn width(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            ' ' | '.' | ',' | '·' | 'i' | 'l' | 'I' | 'j' | 't' | 'f' | 'r' | '/' => 3.8,
            'm' | 'w' | 'M' | 'W' => 10.0,
            c if c.is_ascii_uppercase() => 8.0,
            c if c.is_ascii() => 6.6,
            _ => 11.5,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Evidence;

    fn study(phase: Phase, n: Option<u32>, evidence: Evidence) -> Study {
        let mut s = crate::testing::bare_study();
        s.phase = phase;
        s.people.enrolled = n;
        s.evidence = evidence;
        s
    }

    #[test]
    fn labels_say_phase_and_size_in_words() {
        let l = Labels::of(&study(Phase::Phase2, Some(53), Evidence::Positive), "✓");
        assert_eq!(l.variants[0].0, "✓ Phase 2 · 53 people");
        assert_eq!(l.variants[1].0, "✓ Phase 2 · 53");
        assert_eq!(l.variants[2].0, "✓");
        let l = Labels::of(&study(Phase::Unstated, None, Evidence::Negative), "✗");
        assert_eq!(l.variants[0].0, "✗ Phase not stated · size not reported");
        let mut running = study(Phase::Phase3, None, Evidence::Ongoing);
        running.people.target = Some(300);
        assert_eq!(
            Labels::of(&running, "▷").variants[0].0,
            "▷ Phase 3 · aims for 300"
        );
        let l = Labels::of(&study(Phase::Pilot, Some(1), Evidence::Preliminary), "?");
        assert_eq!(l.variants[0].0, "? Pilot · 1 person");
    }

    #[test]
    fn the_longest_label_that_fits_is_chosen_and_none_when_nothing_fits() {
        let l = Labels::of(&study(Phase::Pilot, Some(10), Evidence::Preliminary), "?");
        let [(_, full), (_, short), (_, tiny)] = l.variants.clone();
        assert!(full > short && short > tiny && tiny > 0.0);
        assert_eq!(l.fit(1000.0), Some(0));
        assert_eq!(l.fit(full), Some(0));
        assert_eq!(l.fit(full - 0.1), Some(1));
        assert_eq!(l.fit(short - 0.1), Some(2));
        assert_eq!(l.fit(tiny - 0.1), None);
        assert_eq!(l.fit(-5.0), None);
    }

    #[test]
    fn widths_err_on_the_wide_side_for_typical_labels() {
        // "Phase 2 · 53 people" is ~100 px in 11 px system-ui; the estimate must not be below.
        assert!(width("✓ Phase 2 · 53 people") >= 105.0);
        assert!(width("?") >= 6.0);
    }
}
