//! Reporting status: is a registered trial's result overdue, and has its result been checked by
//! peer review? Plain Rust, no yew; derived from the dates, the status, the sources and
//! `reported_in`, so no curator has to remember to set a flag.
//!
//! The rule (docs/DATA.md, "Results overdue"): a trial is overdue when it is **registered** (a
//! registry source), it **finished** (status completed or terminated, or a planned/ongoing trial
//! whose own end date has passed), its end date plus **12 months** lies before the dataset's
//! cut-off, and **no full report** of its results is public (no journal paper, preprint, registry
//! posting or official report; a talk or a press release does not count). Twelve months is the
//! deadline the US FDA Amendments Act and the EU Clinical Trials Regulation set for posting
//! results. Everything is measured against the dataset's cut-off date, not today's date, so the
//! flag is the same on every visit of one data version and a test can pin it.

use crate::model::{PartialDate, ReportedIn, SourceKind, Status, Study};

/// Why a trial's results count as overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overdue {
    /// It finished (or stopped) and, more than a year later, no full results are public.
    Finished {
        /// Its end date.
        ended: PartialDate,
        /// Whole months from the end of that date to the cut-off.
        months: u32,
    },
    /// Its record still says planned or running, but its own end date passed more than a year
    /// ago: the status is out of date, and the results are missing too.
    PastEstimatedEnd { ended: PartialDate, months: u32 },
}

impl Overdue {
    /// One plain sentence for the detail view.
    pub fn sentence(&self) -> String {
        match self {
            Overdue::Finished { ended, months } => format!(
                "Results overdue: this registered trial ended in {} ({} months before our cut-off), and no full results have been made public.",
                ended.human(),
                months
            ),
            Overdue::PastEstimatedEnd { ended, months } => format!(
                "Results overdue: this registered trial was due to end in {} ({} months before our cut-off), but its record was never updated and no results are public.",
                ended.human(),
                months
            ),
        }
    }
}

/// Months of grace after a trial ends before its results count as overdue.
pub const GRACE_MONTHS: u32 = 12;

/// Whole months from the last day `end` can mean to the first day `cutoff` can mean (0 if none).
fn months_between(end: PartialDate, cutoff: PartialDate) -> u32 {
    // The latest month the end date can mean, and the earliest the cut-off can mean: a coarse
    // date never makes a trial look later than it could have been.
    let end_m = end.year * 12 + i32::from(end.month.unwrap_or(12)) - 1;
    let cut_m = cutoff.year * 12 + i32::from(cutoff.month.unwrap_or(1)) - 1;
    // A full calendar month must lie between them: ending in May, a June cut-off is 0 months.
    (cut_m - end_m - 1).max(0) as u32
}

/// Is the study a registered trial? (Only registered trials promise results.)
pub fn is_registered(s: &Study) -> bool {
    s.sources.iter().any(|src| src.kind == SourceKind::Registry)
}

/// The overdue verdict for `s` at the dataset's `cutoff`, if its results are overdue.
pub fn results_overdue(s: &Study, cutoff: PartialDate) -> Option<Overdue> {
    if !is_registered(s) || s.reported_in.is_some_and(ReportedIn::is_full_report) {
        return None;
    }
    let ended = s.end?;
    let months = months_between(ended, cutoff);
    if months <= GRACE_MONTHS {
        return None;
    }
    match s.status {
        Status::Completed | Status::Terminated => Some(Overdue::Finished { ended, months }),
        Status::Planned | Status::Ongoing => Some(Overdue::PastEstimatedEnd { ended, months }),
        // "Published" with only a talk or a press release behind it is still overdue.
        Status::Published => Some(Overdue::Finished { ended, months }),
    }
}

/// Was the result made public without peer review (a preprint, a talk or a press release)?
pub fn not_peer_reviewed(s: &Study) -> bool {
    matches!(
        s.reported_in,
        Some(ReportedIn::Preprint | ReportedIn::Abstract | ReportedIn::Press)
    )
}

/// The harms of a study as plain facts, one line each, in the order the detail view shows them.
/// Empty when the source reports nothing about harms (the view then says "not reported").
pub fn harms_lines(s: &Study) -> Vec<String> {
    let h = &s.harms;
    let people = |n: u32| {
        if n == 1 {
            "1 person".to_string()
        } else {
            format!("{n} people")
        }
    };
    let mut out = Vec::new();
    let arms = match (h.serious_treatment, h.serious_control) {
        (Some(0), Some(0)) => Some("Serious adverse events: none in either group.".to_string()),
        (Some(0), None) if s.is_uncontrolled() => {
            Some("Serious adverse events: none.".to_string())
        }
        (Some(t), Some(c)) => Some(format!(
            "Serious adverse events: {} on the treatment, {} in the comparison group.",
            people(t),
            people(c)
        )),
        (Some(t), None) if s.is_uncontrolled() => {
            Some(format!("Serious adverse events: {}.", people(t)))
        }
        (Some(t), None) => Some(format!(
            "Serious adverse events: {} on the treatment (the comparison group's number was not reported).",
            people(t)
        )),
        (None, Some(c)) => Some(format!(
            "Serious adverse events: {} in the comparison group (the treatment group's number was not reported).",
            people(c)
        )),
        (None, None) => None,
    };
    match (arms, h.serious_total) {
        (Some(line), _) => out.push(line),
        (None, Some(0)) => out.push("Serious adverse events: none.".to_string()),
        (None, Some(n)) => out.push(format!(
            "Serious adverse events: {} in all (not split by group).",
            people(n)
        )),
        (None, None) => {}
    }
    if let Some(n) = h.withdrawn {
        out.push(format!(
            "Stopped taking part because of side effects: {}.",
            people(n)
        ));
    }
    match h.stopped_for_safety {
        Some(true) => out.push("The study was stopped early for safety reasons.".to_string()),
        Some(false) if s.status == Status::Terminated => {
            out.push("The study was stopped early, but not for safety reasons.".to_string())
        }
        _ => {}
    }
    if let Some(t) = &h.summary {
        out.push(t.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evidence, Source};
    use crate::testing::bare_study;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    fn registered(status: Status, end: &str) -> Study {
        Study {
            status,
            end: Some(d(end)),
            evidence: Evidence::Unreported,
            sources: vec![Source {
                kind: SourceKind::Registry,
                id: "NCT00000001".into(),
                registry: Some("clinicaltrials.gov".into()),
                label: "Trial registration".into(),
            }],
            ..bare_study()
        }
    }

    #[test]
    fn a_finished_registered_trial_without_results_is_overdue_after_twelve_months() {
        let s = registered(Status::Completed, "2024-10");
        // Ended October 2024: November 2025 is 12 whole months later (not yet overdue) ...
        assert_eq!(results_overdue(&s, d("2025-11-30")), None);
        // ... December 2025 is 13.
        assert_eq!(
            results_overdue(&s, d("2025-12")),
            Some(Overdue::Finished {
                ended: d("2024-10"),
                months: 13
            })
        );
    }

    #[test]
    fn a_year_only_end_date_counts_from_the_end_of_that_year() {
        let s = registered(Status::Terminated, "2016");
        assert_eq!(results_overdue(&s, d("2017-12")), None);
        assert!(results_overdue(&s, d("2018-02")).is_some());
    }

    #[test]
    fn full_reports_clear_it_talks_and_press_releases_do_not() {
        let mut s = registered(Status::Completed, "2020-01");
        for (r, overdue) in [
            (ReportedIn::Journal, false),
            (ReportedIn::Preprint, false),
            (ReportedIn::Registry, false),
            (ReportedIn::Official, false),
            (ReportedIn::Abstract, true),
            (ReportedIn::Press, true),
        ] {
            s.reported_in = Some(r);
            assert_eq!(
                results_overdue(&s, d("2026-11")).is_some(),
                overdue,
                "{r:?}"
            );
        }
    }

    #[test]
    fn unregistered_or_undated_studies_are_never_flagged() {
        let mut s = registered(Status::Completed, "2010");
        s.sources[0].kind = SourceKind::Doi;
        assert_eq!(results_overdue(&s, d("2026-11")), None);
        let mut s = registered(Status::Completed, "2010");
        s.end = None;
        assert_eq!(results_overdue(&s, d("2026-11")), None);
    }

    #[test]
    fn a_stale_running_record_is_flagged_as_past_its_end() {
        let s = registered(Status::Ongoing, "2023-06");
        assert!(matches!(
            results_overdue(&s, d("2026-11")),
            Some(Overdue::PastEstimatedEnd { months: 40, .. })
        ));
        // Not yet due: no flag.
        assert_eq!(
            results_overdue(&registered(Status::Ongoing, "2027"), d("2026-11")),
            None
        );
    }

    #[test]
    fn harms_read_as_plain_lines() {
        use crate::model::{Control, Harms};
        let mut s = bare_study();
        assert!(harms_lines(&s).is_empty(), "nothing reported, nothing said");
        s.design.control = Some(Control::Placebo);
        s.harms = Harms {
            serious_treatment: Some(2),
            serious_control: Some(1),
            serious_total: Some(3),
            withdrawn: Some(1),
            summary: Some("Mostly headaches.".into()),
            ..Harms::default()
        };
        assert_eq!(
            harms_lines(&s),
            [
                "Serious adverse events: 2 people on the treatment, 1 person in the comparison group.",
                "Stopped taking part because of side effects: 1 person.",
                "Mostly headaches.",
            ]
        );
        s.harms = Harms {
            serious_total: Some(0),
            ..Harms::default()
        };
        assert_eq!(harms_lines(&s), ["Serious adverse events: none."]);
        s.status = Status::Terminated;
        s.harms = Harms {
            stopped_for_safety: Some(true),
            ..Harms::default()
        };
        assert_eq!(
            harms_lines(&s),
            ["The study was stopped early for safety reasons."]
        );
    }

    #[test]
    fn peer_review_flag() {
        let mut s = bare_study();
        assert!(!not_peer_reviewed(&s));
        s.reported_in = Some(ReportedIn::Preprint);
        assert!(not_peer_reviewed(&s));
        s.reported_in = Some(ReportedIn::Journal);
        assert!(!not_peer_reviewed(&s));
    }
}
