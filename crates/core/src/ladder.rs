//! The evidence ladder behind "Compare treatments": for one treatment, the highest rung of
//! evidence it had reached in each year, plus the counts the comparison table shows.
//!
//! This module owns the rungs ([`Level`]), the rule that places a study on a rung
//! ([`level_of`]), the rule for which results may *raise* a treatment's rung ([`raises_to`]) and
//! the year-by-year summary ([`summarise`]).
//!
//! # Placing a study on a rung ([`level_of`])
//!
//! By design and phase, first matching rule wins:
//!
//! | Study | Rung |
//! |---|---|
//! | evidence `planned` / `ongoing` (no results yet) | none |
//! | evidence `approved` | Approved |
//! | phase `review` (reviews add no new evidence) | none |
//! | phase `pre` | Preclinical |
//! | randomised **and** a known comparison group (placebo, sham, other treatment, untreated), phase `2-3` / `3` | Phase 3 |
//! | randomised **and** a known comparison group, any other phase (`1`, `1-2`, `2`, `4`, `pilot`, `unstated`) | Controlled trial |
//! | phase `obs`, or phase `unstated` without a randomised comparison (case series, retrospective reports) | Case series |
//! | anything else: phase `pilot`, or a phased trial without a randomised comparison (open-label, uncontrolled) | Open-label |
//!
//! Phase 4 is deliberately *not* Phase 3: in ME/CFS a "phase 4" label means the drug is approved
//! for another illness, and says nothing about the size or confirmatory design of the ME/CFS
//! trial (a 38-person phase 4 pilot must not read as a large confirmatory trial). A drug approved
//! *for ME/CFS* is recorded with evidence `approved` and reaches that rung directly.
//!
//! A design field the sources leave unknown never counts upwards: "randomised: not reported" is
//! placed as if it were not randomised. `refuted` studies are placed by their design like any
//! other.
//!
//! # Which results raise a treatment's rung ([`raises_to`])
//!
//! A rung is reached only by a result that supports the treatment at that level:
//! * a **negative** RCT never raises the rung (a failed phase 3 is not "reached phase 3"); it
//!   sets the `negative_rct` flag instead;
//! * a **refuted** result no longer stands, so it does not raise the rung either;
//! * a **preliminary** result is by definition uncontrolled evidence, so it counts at most as
//!   Open-label even when it came out of a randomised trial (e.g. an early or subgroup report);
//! * positive, mixed and approved results raise the rung to their study's level.
//!
//! # Dates
//!
//! A result counts from the year it became public: the publication year, else the end year if
//! the study is completed, terminated or published, else never (it still counts in the totals).

use crate::model::{Control, Evidence, Phase, Status, Study};

/// One rung of the evidence ladder, lowest first (so `max` is "highest reached").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Preclinical,
    CaseSeries,
    OpenLabel,
    ControlledPhase2,
    Phase3,
    Approved,
}

impl Level {
    /// Every rung, lowest first.
    pub const ALL: &'static [Level] = &[
        Level::Preclinical,
        Level::CaseSeries,
        Level::OpenLabel,
        Level::ControlledPhase2,
        Level::Phase3,
        Level::Approved,
    ];

    /// Stable key, for URLs, CSS classes and tests.
    pub fn key(self) -> &'static str {
        match self {
            Level::Preclinical => "preclinical",
            Level::CaseSeries => "case-series",
            Level::OpenLabel => "open-label",
            Level::ControlledPhase2 => "controlled",
            Level::Phase3 => "phase3",
            Level::Approved => "approved",
        }
    }

    /// Short human label.
    pub fn label(self) -> &'static str {
        match self {
            Level::Preclinical => "Lab studies only",
            Level::CaseSeries => "Case reports",
            Level::OpenLabel => "Open-label trial",
            Level::ControlledPhase2 => "Controlled trial",
            Level::Phase3 => "Phase 3 controlled trial",
            Level::Approved => "Approved somewhere",
        }
    }

    /// One plain-language sentence saying what reaching this rung means.
    pub fn definition(self) -> &'static str {
        match self {
            Level::Preclinical => {
                "Only laboratory work on cells or samples; nobody was treated to see if they got better."
            }
            Level::CaseSeries => {
                "Reports of patients who were treated, often looked at afterwards, with nobody to compare them with."
            }
            Level::OpenLabel => {
                "A planned trial in which everyone knew they got the treatment and there was no fair comparison group."
            }
            Level::ControlledPhase2 => {
                "A randomised trial compared the treatment with a placebo, sham or other group and did not fail, but it was not a confirmatory phase 3 trial."
            }
            Level::Phase3 => {
                "A randomised controlled trial designed to confirm whether the treatment works (phase 2/3 or 3) did not fail."
            }
            Level::Approved => "A regulator has approved the treatment for ME/CFS in at least one country.",
        }
    }

    /// Rung index, 0 (lowest, Preclinical) to 5 (Approved): the position in [`Self::ALL`], as
    /// the ladder chart uses it for rows and `lvl-N` classes.
    pub fn rank(self) -> u8 {
        self as u8
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Randomised with a comparison group the sources actually name.
fn is_randomised_controlled(s: &Study) -> bool {
    s.design.randomised == Some(true)
        && matches!(
            s.design.control,
            Some(Control::Placebo | Control::Sham | Control::Active | Control::Untreated)
        )
}

/// The rung a study's design and phase place it on (see the module documentation), or `None` for
/// studies without results and for reviews. This ignores whether the result was good or bad;
/// use [`raises_to`] for what the study does to its treatment's rung.
pub fn level_of(study: &Study) -> Option<Level> {
    match study.evidence {
        // A finished trial whose results were never made public tells us nothing either way.
        e if !e.has_result() => None,
        Evidence::Approved => Some(Level::Approved),
        _ => design_level(study),
    }
}

/// The rung of a study's design and phase alone (an approved drug's trial before its approval).
fn design_level(study: &Study) -> Option<Level> {
    let level = match study.phase {
        Phase::Review => return None,
        Phase::Preclinical => Level::Preclinical,
        Phase::Phase2_3 | Phase::Phase3 if is_randomised_controlled(study) => Level::Phase3,
        _ if is_randomised_controlled(study) => Level::ControlledPhase2,
        Phase::Observational | Phase::Unstated => Level::CaseSeries,
        Phase::Pilot
        | Phase::Phase1
        | Phase::Phase1_2
        | Phase::Phase2
        | Phase::Phase2_3
        | Phase::Phase3
        | Phase::Phase4 => Level::OpenLabel,
    };
    Some(level)
}

/// The rung this study's result lifts its treatment to, if any: negative and refuted results lift
/// nothing, preliminary ones at most to Open-label (see the module documentation).
pub fn raises_to(study: &Study) -> Option<Level> {
    match study.evidence {
        Evidence::Negative | Evidence::Refuted => None,
        Evidence::Preliminary => level_of(study).map(|l| l.min(Level::OpenLabel)),
        _ => level_of(study),
    }
}

/// The rung study `s` holds its treatment at in `year`. An approved drug's trial counts for its
/// design from its publication and reaches "Approved" only from the year of the approval, so the
/// ladder never shows an approval before it happened.
fn rung_in(s: &Study, result_year: Option<i32>, year: i32) -> Option<Level> {
    if s.evidence == Evidence::Approved {
        if s.approved.is_some_and(|d| d.year <= year) {
            return Some(Level::Approved);
        }
        return result_year
            .filter(|y| *y <= year)
            .and_then(|_| design_level(s));
    }
    result_year
        .filter(|y| *y <= year)
        .and_then(|_| raises_to(s))
}

/// A positive randomised controlled trial (the validator guarantees the design behind the label).
fn is_positive_rct(s: &Study) -> bool {
    s.evidence == Evidence::Positive
}

/// A negative randomised controlled trial.
fn is_negative_rct(s: &Study) -> bool {
    s.evidence == Evidence::Negative
}

/// Still to report: planned, running, or finished but not yet reporting.
fn awaiting_results(s: &Study) -> bool {
    matches!(s.status, Status::Planned | Status::Ongoing)
        || matches!(s.evidence, Evidence::Planned | Evidence::Ongoing)
}

/// The year a study's result became public (see the module documentation).
pub fn result_year(study: &Study) -> Option<i32> {
    if !study.evidence.has_result() {
        return None;
    }
    study.published.map(|d| d.year).or_else(|| {
        matches!(
            study.status,
            Status::Completed | Status::Terminated | Status::Published
        )
        .then_some(study.end)
        .flatten()
        .map(|d| d.year)
    })
}

/// The years a study was running, inclusive, if its dates say so. A running study runs to
/// `today_year`; a finished one to its end, else to its publication (as the timeline draws it).
fn running_years(s: &Study, today_year: i32) -> Option<(i32, i32)> {
    if s.status == Status::Planned {
        return None;
    }
    let first = s.start.or(s.end)?.year;
    let last = if s.status == Status::Ongoing {
        today_year
    } else {
        s.end.or(s.published).map_or(first, |d| d.year)
    };
    Some((first, last.max(first)))
}

/// Whether people in this study count towards "people studied": reviews would count trial
/// participants twice, and lab studies treated nobody.
fn counts_people(s: &Study) -> bool {
    !matches!(s.phase, Phase::Review | Phase::Preclinical) && !awaiting_results(s)
}

/// One year of a treatment's ladder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LadderYear {
    pub year: i32,
    /// Highest rung reached up to and including this year (`None`: no supporting result yet).
    pub level: Option<Level>,
    /// A negative RCT result had been published by this year.
    pub negative_rct: bool,
    /// A positive RCT result had been published by this year.
    pub positive_rct: bool,
    /// Studies running during this year.
    pub ongoing: usize,
    /// Dataset indices of studies whose result became public this year.
    pub new_studies: Vec<usize>,
}

/// Everything "Compare treatments" shows for one treatment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreatmentSummary {
    /// Number of studies.
    pub studies: usize,
    /// People in studies with results (analysed, else completed, else enrolled), excluding
    /// reviews and lab studies.
    pub people: u32,
    /// Studies with results that would count towards `people` but report no number.
    pub people_unknown: usize,
    pub positive_rcts: usize,
    pub negative_rcts: usize,
    /// Studies planned, running or still awaiting results.
    pub ongoing: usize,
    /// Highest rung any result raised the treatment to (including results without a date).
    pub highest: Option<Level>,
    /// One entry per year from `first_year` to `today_year` (empty if it all lies in the future).
    pub years: Vec<LadderYear>,
    /// First year any study started, ended or was published.
    pub first_year: Option<i32>,
    /// Latest year any study started, ended or was published (may be after today for plans).
    pub last_year: Option<i32>,
}

/// Summarises one treatment's studies. `indices[i]` is the dataset index of `studies[i]` (used
/// for [`LadderYear::new_studies`]); if `indices` is shorter, the position in `studies` is used.
pub fn summarise(studies: &[&Study], indices: &[usize], today_year: i32) -> TreatmentSummary {
    let index = |i: usize| indices.get(i).copied().unwrap_or(i);
    let years_of = |s: &Study| {
        [s.start, s.end, s.published]
            .into_iter()
            .flatten()
            .map(|d| d.year)
            .collect::<Vec<_>>()
    };
    let first_year = studies.iter().flat_map(|s| years_of(s)).min();
    let last_year = studies.iter().flat_map(|s| years_of(s)).max();

    let mut people = 0u32;
    let mut people_unknown = 0;
    for s in studies.iter().filter(|s| counts_people(s)) {
        match s.best_n() {
            Some(n) => people = people.saturating_add(n),
            None => people_unknown += 1,
        }
    }

    let result_years: Vec<Option<i32>> = studies.iter().map(|s| result_year(s)).collect();
    let runs: Vec<Option<(i32, i32)>> = studies
        .iter()
        .map(|s| running_years(s, today_year))
        .collect();
    let years = match first_year {
        Some(first) if first <= today_year => (first..=today_year)
            .map(|year| {
                let public_by = |i: usize| result_years[i].is_some_and(|y| y <= year);
                let published_by = || (0..studies.len()).filter(|&i| public_by(i));
                LadderYear {
                    year,
                    level: (0..studies.len())
                        .filter_map(|i| rung_in(studies[i], result_years[i], year))
                        .max(),
                    negative_rct: published_by().any(|i| is_negative_rct(studies[i])),
                    positive_rct: published_by().any(|i| is_positive_rct(studies[i])),
                    ongoing: runs
                        .iter()
                        .flatten()
                        .filter(|(a, b)| *a <= year && year <= *b)
                        .count(),
                    new_studies: (0..studies.len())
                        .filter(|&i| result_years[i] == Some(year))
                        .map(index)
                        .collect(),
                }
            })
            .collect(),
        _ => Vec::new(),
    };

    TreatmentSummary {
        studies: studies.len(),
        people,
        people_unknown,
        positive_rcts: studies.iter().filter(|s| is_positive_rct(s)).count(),
        negative_rcts: studies.iter().filter(|s| is_negative_rct(s)).count(),
        ongoing: studies.iter().filter(|s| awaiting_results(s)).count(),
        highest: studies.iter().filter_map(|s| raises_to(s)).max(),
        years,
        first_year,
        last_year,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::study_from;
    use serde_json::{json, Value};

    /// A valid published study with `patch` merged in (objects merged recursively).
    fn study(patch: Value) -> Study {
        let base = json!({
            "id": "x", "treatment": "rituximab", "title": "A study", "authors": null,
            "start": null, "end": null, "published": null, "status": "published", "phase": "pilot",
            "design": { "randomised": false, "control": "none", "blinding": "open", "crossover": false,
                        "summary": "Everyone got the drug." },
            "people": { "enrolled": null, "completed": null, "analysed": null },
            "population": null, "case_definition": null, "pem_required": null, "scope": "mecfs",
            "primary_outcome": null, "outcome_type": null, "result": "Something.", "caveats": [],
            "evidence": "preliminary",
            "sources": [{ "kind": "doi", "id": "10.1000/x", "label": "Journal article" }],
            "confidence": "high", "last_reviewed": "2026-11-22"
        });
        study_from(base, patch)
    }

    fn rct(phase: &str, evidence: &str, published: &str) -> Study {
        study(json!({
            "phase": phase, "evidence": evidence, "published": published,
            "design": { "randomised": true, "control": "placebo", "blinding": "double" }
        }))
    }

    /// Rituximab-like history: 2009 case series, 2011 positive phase 2 RCT, 2015 open-label
    /// phase 2, 2019 negative phase 3 (which ran 2014–2017).
    fn rituximab() -> Vec<Study> {
        vec![
            study(
                json!({ "phase": "obs", "published": "2009", "people": { "enrolled": 3, "analysed": 3 } }),
            ),
            study(json!({
                "phase": "2", "evidence": "positive", "start": "2008-06", "end": "2010-06", "published": "2011-10",
                "design": { "randomised": true, "control": "placebo", "blinding": "double" },
                "people": { "enrolled": 30, "analysed": 30 }
            })),
            study(
                json!({ "phase": "2", "end": "2014-02", "published": "2015", "people": { "enrolled": 29 } }),
            ),
            study(json!({
                "phase": "3", "evidence": "negative", "start": "2014-09", "end": "2017-11", "published": "2019",
                "design": { "randomised": true, "control": "placebo", "blinding": "double" },
                "people": { "enrolled": 151, "analysed": 151 }
            })),
            study(json!({
                "phase": "2", "evidence": "ongoing", "status": "ongoing", "start": "2025-04-09", "end": "2027-10-31",
                "result": null, "design": { "randomised": true, "control": "placebo", "blinding": "double" },
                "people": { "target": 30 }
            })),
        ]
    }

    fn year(sum: &TreatmentSummary, y: i32) -> &LadderYear {
        sum.years
            .iter()
            .find(|l| l.year == y)
            .unwrap_or_else(|| panic!("no year {y}"))
    }

    #[test]
    fn levels_are_ordered_and_described() {
        assert!(Level::ALL.windows(2).all(|w| w[0] < w[1]));
        let ranks: Vec<u8> = Level::ALL.iter().map(|l| l.rank()).collect();
        assert_eq!(ranks, [0, 1, 2, 3, 4, 5]);
        for l in Level::ALL {
            assert!(!l.label().is_empty() && l.definition().ends_with('.'));
        }
    }

    #[test]
    fn an_unreported_trial_lifts_nothing() {
        let s = study(json!({
            "phase": "3", "evidence": "unreported", "status": "completed", "end": "2016",
            "result": null, "design": { "randomised": true, "control": "placebo", "blinding": "double" }
        }));
        assert_eq!(level_of(&s), None);
        assert_eq!(raises_to(&s), None);
        assert_eq!(result_year(&s), None);
    }

    #[test]
    fn level_of_follows_the_documented_mapping() {
        let l = |patch: Value| level_of(&study(patch));
        assert_eq!(l(json!({ "phase": "pre" })), Some(Level::Preclinical));
        assert_eq!(l(json!({ "phase": "obs" })), Some(Level::CaseSeries));
        assert_eq!(l(json!({ "phase": "unstated" })), Some(Level::CaseSeries));
        assert_eq!(l(json!({ "phase": "review" })), None);
        assert_eq!(l(json!({ "phase": "pilot" })), Some(Level::OpenLabel));
        assert_eq!(
            l(json!({ "phase": "3" })),
            Some(Level::OpenLabel),
            "uncontrolled phase 3 is open-label"
        );
        assert_eq!(
            l(json!({ "evidence": "ongoing", "status": "ongoing" })),
            None
        );
        assert_eq!(
            l(json!({ "evidence": "planned", "status": "planned" })),
            None
        );
        assert_eq!(
            l(json!({ "evidence": "approved", "phase": "3" })),
            Some(Level::Approved)
        );
        for phase in ["1", "1-2", "2", "4", "unstated", "pilot"] {
            assert_eq!(
                level_of(&rct(phase, "mixed", "2020")),
                Some(Level::ControlledPhase2),
                "{phase}"
            );
        }
        for phase in ["2-3", "3"] {
            assert_eq!(
                level_of(&rct(phase, "mixed", "2020")),
                Some(Level::Phase3),
                "{phase}"
            );
        }
        // An active comparator is still a randomised comparison.
        assert_eq!(
            l(json!({ "phase": "3", "design": { "randomised": true, "control": "active" } })),
            Some(Level::Phase3)
        );
        // Randomised but with no comparison group reported: never guessed upwards.
        assert_eq!(
            l(json!({ "phase": "2", "design": { "randomised": true, "control": null } })),
            Some(Level::OpenLabel)
        );
        // Refuted studies are still placed by design.
        assert_eq!(level_of(&rct("3", "refuted", "2011")), Some(Level::Phase3));
    }

    #[test]
    fn rituximab_history() {
        let data = rituximab();
        let refs: Vec<&Study> = data.iter().collect();
        let idx = [10, 11, 12, 13, 14];
        let sum = summarise(&refs, &idx, 2026);

        assert_eq!(sum.first_year, Some(2008));
        assert_eq!(sum.last_year, Some(2027));
        assert_eq!(sum.years.first().map(|y| y.year), Some(2008));
        assert_eq!(sum.years.last().map(|y| y.year), Some(2026));
        assert_eq!(sum.years.len(), 19);

        assert_eq!(year(&sum, 2008).level, None);
        assert_eq!(year(&sum, 2009).level, Some(Level::CaseSeries));
        assert_eq!(year(&sum, 2009).new_studies, vec![10]);
        assert_eq!(year(&sum, 2010).level, Some(Level::CaseSeries));
        assert!(!year(&sum, 2010).positive_rct);

        let y2011 = year(&sum, 2011);
        assert_eq!(y2011.level, Some(Level::ControlledPhase2));
        assert!(y2011.positive_rct && !y2011.negative_rct);
        assert_eq!(y2011.new_studies, vec![11]);

        assert_eq!(year(&sum, 2015).level, Some(Level::ControlledPhase2));
        assert_eq!(year(&sum, 2015).new_studies, vec![12]);

        // The negative phase 3 flags the year but does not lift the rung to "phase 3".
        let y2019 = year(&sum, 2019);
        assert_eq!(y2019.level, Some(Level::ControlledPhase2));
        assert!(y2019.negative_rct && y2019.positive_rct);
        assert!(!year(&sum, 2018).negative_rct);
        assert!(year(&sum, 2026).negative_rct);
        assert!(sum.years.iter().all(|y| y.level != Some(Level::Phase3)));
        assert_eq!(sum.highest, Some(Level::ControlledPhase2));

        // Running: phase 2 2008–2010 (+ open-label ending 2014), phase 3 2014–2017, new RCT 2025–.
        assert_eq!(year(&sum, 2008).ongoing, 1);
        assert_eq!(year(&sum, 2012).ongoing, 0);
        assert_eq!(year(&sum, 2014).ongoing, 2);
        assert_eq!(year(&sum, 2016).ongoing, 1);
        assert_eq!(year(&sum, 2026).ongoing, 1);

        assert_eq!(sum.studies, 5);
        assert_eq!(sum.people, 3 + 30 + 29 + 151);
        assert_eq!(sum.people_unknown, 0);
        assert_eq!(
            (sum.positive_rcts, sum.negative_rcts, sum.ongoing),
            (1, 1, 1)
        );
        let total_new: usize = sum.years.iter().map(|y| y.new_studies.len()).sum();
        assert_eq!(
            total_new, 4,
            "every study with a public result appears once"
        );
    }

    #[test]
    fn a_treatment_whose_only_rct_is_negative_never_looks_controlled() {
        let data = [rct("3", "negative", "2017"), rct("2", "negative", "2020")];
        let refs: Vec<&Study> = data.iter().collect();
        let sum = summarise(&refs, &[0, 1], 2026);
        assert_eq!(sum.highest, None);
        assert!(sum.years.iter().all(|y| y.level.is_none()));
        assert!(sum
            .years
            .iter()
            .filter(|y| y.year >= 2017)
            .all(|y| y.negative_rct && !y.positive_rct));
        assert_eq!(sum.negative_rcts, 2);

        // With an open-label pilot alongside, the rung is open-label, never controlled.
        let data = [
            study(json!({ "published": "2015" })),
            rct("3", "negative", "2017"),
        ];
        let refs: Vec<&Study> = data.iter().collect();
        let sum = summarise(&refs, &[0, 1], 2026);
        assert_eq!(sum.highest, Some(Level::OpenLabel));
        assert!(sum
            .years
            .iter()
            .all(|y| y.level.is_none_or(|l| l < Level::ControlledPhase2)));
    }

    #[test]
    fn mixed_raises_preliminary_is_capped_refuted_does_not_count() {
        assert_eq!(raises_to(&rct("3", "mixed", "2020")), Some(Level::Phase3));
        assert_eq!(
            raises_to(&rct("2", "preliminary", "2020")),
            Some(Level::OpenLabel)
        );
        assert_eq!(
            raises_to(&study(json!({ "phase": "pre" }))),
            Some(Level::Preclinical)
        );
        assert_eq!(raises_to(&rct("3", "refuted", "2011")), None);
        assert_eq!(raises_to(&rct("3", "negative", "2011")), None);
        assert_eq!(
            raises_to(&rct("3", "approved", "2012")),
            Some(Level::Approved)
        );
    }

    #[test]
    fn result_year_rules() {
        assert_eq!(result_year(&rct("2", "mixed", "2011-10")), Some(2011));
        let completed = study(
            json!({ "status": "completed", "evidence": "negative", "end": "2024-11",
            "design": { "randomised": true, "control": "placebo" } }),
        );
        assert_eq!(result_year(&completed), Some(2024));
        let running = study(json!({ "status": "ongoing", "evidence": "ongoing", "end": "2027" }));
        assert_eq!(result_year(&running), None);
    }

    #[test]
    fn undated_results_count_in_totals_but_not_in_years() {
        let undated =
            study(json!({ "status": "completed", "start": "2016", "people": { "enrolled": 40 } }));
        let refs = [&undated];
        let sum = summarise(&refs, &[7], 2018);
        assert_eq!(sum.highest, Some(Level::OpenLabel));
        assert!(sum
            .years
            .iter()
            .all(|y| y.level.is_none() && y.new_studies.is_empty()));
        assert_eq!(sum.people, 40);
    }

    #[test]
    fn reviews_lab_work_and_plans_do_not_add_people() {
        let data = [
            study(
                json!({ "phase": "review", "published": "2020", "people": { "enrolled": 5000 } }),
            ),
            study(json!({ "phase": "pre", "published": "2021", "people": { "analysed": 20 } })),
            study(
                json!({ "status": "planned", "evidence": "planned", "result": null, "people": { "target": 200 } }),
            ),
            study(json!({ "published": "2022" })),
        ];
        let refs: Vec<&Study> = data.iter().collect();
        let sum = summarise(&refs, &[0, 1, 2, 3], 2026);
        assert_eq!(sum.people, 0);
        assert_eq!(sum.people_unknown, 1);
        assert_eq!(sum.ongoing, 1);
        assert_eq!(sum.highest, Some(Level::OpenLabel));
        assert_eq!(year(&sum, 2020).level, None, "a review adds no rung");
        assert_eq!(year(&sum, 2021).level, Some(Level::Preclinical));
        assert_eq!(year(&sum, 2022).level, Some(Level::OpenLabel));
    }

    #[test]
    fn empty_and_future_only_treatments() {
        let sum = summarise(&[], &[], 2026);
        assert_eq!((sum.studies, sum.first_year, sum.highest), (0, None, None));
        assert!(sum.years.is_empty());
        let planned = study(
            json!({ "status": "planned", "evidence": "planned", "start": "2027", "result": null }),
        );
        let sum = summarise(&[&planned], &[0], 2026);
        assert_eq!(sum.first_year, Some(2027));
        assert!(sum.years.is_empty());
        assert_eq!(sum.ongoing, 1);
    }

    #[test]
    fn an_approval_counts_from_its_own_year_not_the_trials_publication() {
        // Rintatolimod-like: a phase 3 positive trial published 2012, approved in 2016.
        let trial = study(json!({
            "phase": "3", "evidence": "approved", "published": "2012", "approved": "2016-08",
            "design": { "randomised": true, "control": "placebo", "blinding": "double" }
        }));
        let sum = summarise(&[&trial], &[0], 2020);
        let at = |y: i32| sum.years.iter().find(|l| l.year == y).and_then(|l| l.level);
        assert_eq!(at(2011), None);
        assert_eq!(
            at(2012),
            Some(Level::Phase3),
            "the trial counts for its design at publication"
        );
        assert_eq!(at(2015), Some(Level::Phase3));
        assert_eq!(
            at(2016),
            Some(Level::Approved),
            "approved only from the approval year"
        );
        assert_eq!(sum.highest, Some(Level::Approved));
    }
}
