//! The evidence-quality checklist: seven yes/no questions a patient can ask of any study
//! (randomised? placebo-controlled? blinded? objective outcome? PEM required? big enough? few
//! drop-outs?), each answered from the record with one plain sentence saying why.
//!
//! This module owns the questions, their order and the wording of every answer. It never guesses:
//! a value the sources do not give is [`Answer::NotReported`], never a silent "no" or "yes".
//! Plain Rust (no yew), so it is tested natively.

use crate::model::{Blinding, Control, OutcomeType, Phase, Status, Study};

/// The answer to one checklist question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    Yes,
    No,
    /// The sources do not say, or the question does not apply (e.g. size of a review).
    NotReported,
}

impl Answer {
    /// Stable key, for CSS classes and tests.
    pub fn key(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::NotReported => "not-reported",
        }
    }

    /// Short human label.
    pub fn label(self) -> &'static str {
        match self {
            Answer::Yes => "Yes",
            Answer::No => "No",
            Answer::NotReported => "Not reported",
        }
    }
}

/// One answered checklist question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckItem {
    /// Stable key: `randomised`, `controlled`, `blinded`, `objective`, `pem`, `size`, `attrition`.
    pub key: &'static str,
    /// The question as shown to the reader.
    pub question: &'static str,
    pub answer: Answer,
    /// One plain sentence explaining the answer for this study.
    pub why: String,
}

/// Studies below this many people analysed get "No" on the size question.
pub const MIN_SIZE: u32 = 100;

/// The checklist for one study, always the same seven items in the same order.
pub fn checklist(study: &Study) -> Vec<CheckItem> {
    vec![
        randomised(study),
        controlled(study),
        blinded(study),
        objective(study),
        pem(study),
        size(study),
        attrition(study),
    ]
}

/// `(number of "Yes" answers, number of questions)`, for a compact "3 of 7" summary.
pub fn score(items: &[CheckItem]) -> (usize, usize) {
    (
        items.iter().filter(|i| i.answer == Answer::Yes).count(),
        items.len(),
    )
}

fn item(
    key: &'static str,
    question: &'static str,
    answer: Answer,
    why: impl Into<String>,
) -> CheckItem {
    CheckItem {
        key,
        question,
        answer,
        why: why.into(),
    }
}

fn randomised(s: &Study) -> CheckItem {
    let (answer, why) = match s.design.randomised {
        Some(true) => (
            Answer::Yes,
            "People were put into groups by chance, so the groups should be alike apart from the treatment.",
        ),
        // Without groups there is nothing to randomise; saying so is clearer than a bare "no".
        Some(false) if s.is_uncontrolled() => {
            (Answer::No, "Everyone got the treatment, so nobody was assigned to a group by chance.")
        }
        Some(false) => (
            Answer::No,
            "People were not put into groups by chance, so the groups may have differed in other ways.",
        ),
        None => (Answer::NotReported, "The sources do not say whether people were put into groups by chance."),
    };
    item("randomised", "Randomised?", answer, why)
}

fn controlled(s: &Study) -> CheckItem {
    let (answer, why) = match s.design.control {
        Some(Control::Placebo) => (
            Answer::Yes,
            "Some people got a dummy treatment that looks the same, which shows how much change happens anyway.",
        ),
        Some(Control::Sham) => (
            Answer::Yes,
            "Some people got a fake version of the procedure, which shows how much change happens anyway.",
        ),
        Some(Control::Active) => (
            Answer::No,
            "The treatment was compared with another real treatment rather than a dummy, so it cannot show how much change happens anyway.",
        ),
        Some(Control::Untreated) => (
            Answer::No,
            "The comparison was an untreated group who knew they got nothing, so hope and expectation were not balanced.",
        ),
        Some(Control::None) => (
            Answer::No,
            "Everyone got the treatment, so there was nobody to compare with.",
        ),
        None => (Answer::NotReported, "The sources do not say whether there was a comparison group."),
    };
    item("controlled", "Placebo or sham controlled?", answer, why)
}

fn blinded(s: &Study) -> CheckItem {
    let (answer, why) = match s.design.blinding {
        Some(Blinding::Open) => (
            Answer::No,
            "Everyone knew who got the treatment, which can colour how people report and judge the results.",
        ),
        Some(Blinding::Single) => (Answer::Yes, "Patients did not know whether they got the real treatment."),
        Some(Blinding::Double) => {
            (Answer::Yes, "Neither patients nor researchers knew who got the real treatment.")
        }
        Some(Blinding::Triple) => (
            Answer::Yes,
            "Patients, researchers and those judging the results did not know who got what.",
        ),
        None => (Answer::NotReported, "The sources do not say whether anyone was kept unaware of who got what."),
    };
    item("blinded", "Blinded?", answer, why)
}

fn objective(s: &Study) -> CheckItem {
    let (answer, why) = match s.outcome_type {
        Some(OutcomeType::Objective) => (
            Answer::Yes,
            "The main outcome was measured by a device or test, such as step counts or an exercise test.",
        ),
        Some(OutcomeType::Mixed) => (
            Answer::Yes,
            "The main outcomes include at least one measured outcome alongside questionnaires.",
        ),
        Some(OutcomeType::Laboratory) => (
            Answer::No,
            "The main outcome was measured in blood or cells, which may not show whether people feel or function better.",
        ),
        Some(OutcomeType::SelfReported) => (
            Answer::No,
            "The main outcome came from questionnaires, which can be swayed by hope and expectation, especially when people know what they got.",
        ),
        None => (Answer::NotReported, "The sources do not say what kind of measure the main outcome was."),
    };
    item("objective", "Objective main outcome?", answer, why)
}

fn pem(s: &Study) -> CheckItem {
    let def = s
        .case_definition
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    let (answer, why) = match (s.pem_required, def) {
        (Some(true), Some(d)) => (
            Answer::Yes,
            format!("The case definition used ({d}) requires post-exertional malaise, the hallmark of ME/CFS."),
        ),
        (Some(true), None) => (
            Answer::Yes,
            "The case definition used requires post-exertional malaise, the hallmark of ME/CFS.".to_string(),
        ),
        (Some(false), Some(d)) => (
            Answer::No,
            format!(
                "The case definition used ({d}) does not require post-exertional malaise, so some participants may have had other illnesses."
            ),
        ),
        (Some(false), None) => (
            Answer::No,
            "The case definition used does not require post-exertional malaise, so some participants may have had other illnesses."
                .to_string(),
        ),
        (None, Some(d)) => (
            Answer::NotReported,
            format!("The study used {d}, but the sources do not say whether participants had to have post-exertional malaise."),
        ),
        (None, None) => (
            Answer::NotReported,
            "The sources do not say which case definition was used or whether it requires post-exertional malaise."
                .to_string(),
        ),
    };
    item(
        "pem",
        "Case definition requires post-exertional malaise (PEM)?",
        answer,
        why,
    )
}

/// Reviews and lab studies treat nobody, so size and drop-out questions do not apply to them.
fn is_treatment_trial(s: &Study) -> bool {
    !matches!(s.phase, Phase::Review | Phase::Preclinical)
}

/// Planned and running studies have no results, so their head counts are not final.
fn has_no_results_yet(s: &Study) -> bool {
    matches!(s.status, Status::Planned | Status::Ongoing)
}

fn people(n: u32) -> String {
    if n == 1 {
        "1 person".to_string()
    } else {
        format!("{n} people")
    }
}

fn size(s: &Study) -> CheckItem {
    const KEY: &str = "size";
    const Q: &str = "At least 100 people analysed?";
    if !is_treatment_trial(s) {
        return item(
            KEY,
            Q,
            Answer::NotReported,
            "This is not a treatment trial, so the number of people treated does not apply.",
        );
    }
    let p = &s.people;
    let counted = p
        .analysed
        .map(|n| {
            (
                n,
                format!(
                    "{} {} analysed",
                    people(n),
                    if n == 1 { "was" } else { "were" }
                ),
            )
        })
        .or_else(|| {
            p.completed.map(|n| {
                (
                    n,
                    format!(
                        "{} completed the study (how many were analysed is not reported)",
                        people(n)
                    ),
                )
            })
        })
        .or_else(|| {
            p.enrolled.map(|n| {
                (
                    n,
                    format!(
                        "{} {} enrolled (how many finished or were analysed is not reported)",
                        people(n),
                        if n == 1 { "was" } else { "were" }
                    ),
                )
            })
        });
    let (answer, why) = match counted {
        Some((n, what)) if n >= MIN_SIZE => (
            Answer::Yes,
            format!("{what}, enough that a result is less likely to be down to chance."),
        ),
        Some((_, what)) => (
            Answer::No,
            format!("{what}, so a result could easily be down to chance."),
        ),
        None => match (has_no_results_yet(s), p.target) {
            (true, Some(t)) => (
                Answer::NotReported,
                format!(
                    "There are no results yet; the study plans to include {}.",
                    people(t)
                ),
            ),
            (true, None) => (
                Answer::NotReported,
                "There are no results yet, and the planned size is not reported.".to_string(),
            ),
            (false, _) => (
                Answer::NotReported,
                "The sources do not say how many people took part.".to_string(),
            ),
        },
    };
    item(KEY, Q, answer, why)
}

/// Rounds `part / whole` to a whole percentage without floating point, so the sentence and the
/// Yes/No threshold can never disagree through rounding.
fn percent(part: u32, whole: u32) -> u32 {
    let (part, whole) = (u64::from(part), u64::from(whole));
    ((part * 200 + whole) / (2 * whole)) as u32
}

fn attrition(s: &Study) -> CheckItem {
    const KEY: &str = "attrition";
    const Q: &str = "Fewer than 20% dropped out?";
    if !is_treatment_trial(s) {
        return item(
            KEY,
            Q,
            Answer::NotReported,
            "This is not a treatment trial, so there is no drop-out to count.",
        );
    }
    let p = &s.people;
    let (Some(enrolled), Some((kept, verb))) = (
        p.enrolled.filter(|&e| e > 0),
        p.analysed
            .map(|a| (a, "were analysed"))
            .or(p.completed.map(|c| (c, "finished"))),
    ) else {
        let why = if has_no_results_yet(s) {
            "There are no results yet, so drop-out is not known."
        } else {
            "The sources do not give both how many people started and how many were analysed."
        };
        return item(KEY, Q, Answer::NotReported, why);
    };
    // The validator forbids kept > enrolled; saturate anyway so bad data cannot panic the page.
    let missing = enrolled.saturating_sub(kept);
    let answer = if u64::from(missing) * 5 < u64::from(enrolled) {
        Answer::Yes
    } else {
        Answer::No
    };
    let share = match percent(missing, enrolled) {
        _ if missing == 0 => "nobody is missing from the results".to_string(),
        0 => "less than 1% are missing from the results".to_string(),
        pc => format!("{pc}% are missing from the results"),
    };
    let why = if missing == 0 {
        format!("{enrolled} started and all {kept} {verb}: {share}.")
    } else {
        format!("{enrolled} started and {kept} {verb}: {share}.")
    };
    item(KEY, Q, answer, why)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{ruan_pilot, study_from};
    use serde_json::{json, Value};

    /// A valid study record (the Ruan rapamycin pilot) with `patch` merged in, objects recursively.
    /// The Ruan rapamycin pilot with `patch` merged in.
    fn study(patch: Value) -> Study {
        study_from(ruan_pilot(), patch)
    }

    fn answers(items: &[CheckItem]) -> Vec<Answer> {
        items.iter().map(|i| i.answer).collect()
    }

    fn get<'a>(items: &'a [CheckItem], key: &str) -> &'a CheckItem {
        items
            .iter()
            .find(|i| i.key == key)
            .unwrap_or_else(|| panic!("no item {key}"))
    }

    #[test]
    fn ruan_pilot_is_not_dressed_up() {
        use Answer::*;
        let items = checklist(&study(json!({})));
        assert_eq!(answers(&items), vec![No, No, No, Yes, NotReported, No, No]);
        let keys: Vec<_> = items.iter().map(|i| i.key).collect();
        assert_eq!(
            keys,
            [
                "randomised",
                "controlled",
                "blinded",
                "objective",
                "pem",
                "size",
                "attrition"
            ]
        );
        let why = &get(&items, "attrition").why;
        assert!(
            why.contains("86") && why.contains("40") && why.contains("53%"),
            "{why}"
        );
        assert_eq!(
            why,
            "86 started and 40 were analysed: 53% are missing from the results."
        );
        assert!(get(&items, "controlled")
            .why
            .contains("nobody to compare with"));
        assert!(get(&items, "size")
            .why
            .starts_with("40 people were analysed"));
        assert_eq!(score(&items), (1, 7));
    }

    #[test]
    fn large_double_blind_rct_scores_well() {
        let s = study(json!({
            "phase": "3",
            "design": { "randomised": true, "control": "placebo", "blinding": "double" },
            "people": { "enrolled": 151, "completed": null, "analysed": 151 },
            "case_definition": "Canadian Consensus Criteria", "pem_required": true,
            "outcome_type": "self-reported", "evidence": "negative"
        }));
        let items = checklist(&s);
        for key in ["randomised", "controlled", "blinded", "size", "attrition"] {
            assert_eq!(get(&items, key).answer, Answer::Yes, "{key}");
        }
        assert_eq!(get(&items, "objective").answer, Answer::No);
        assert!(get(&items, "objective")
            .why
            .contains("hope and expectation"));
        assert_eq!(get(&items, "pem").answer, Answer::Yes);
        assert!(get(&items, "pem")
            .why
            .contains("Canadian Consensus Criteria"));
        assert_eq!(
            get(&items, "attrition").why,
            "151 started and all 151 were analysed: nobody is missing from the results."
        );
        assert_eq!(score(&items), (6, 7));
    }

    #[test]
    fn unknowns_are_not_reported_never_no() {
        let s = study(json!({
            "design": { "randomised": null, "control": null, "blinding": null },
            "people": { "enrolled": null, "completed": null, "analysed": null },
            "outcome_type": null
        }));
        let items = checklist(&s);
        assert!(
            items.iter().all(|i| i.answer == Answer::NotReported),
            "{items:#?}"
        );
        assert_eq!(score(&items), (0, 7));
        for i in &items {
            assert!(
                i.why.ends_with('.') && !i.why.is_empty(),
                "{}: {}",
                i.key,
                i.why
            );
        }
    }

    #[test]
    fn control_kinds_explain_themselves() {
        let why = |c: &str| {
            let items = checklist(&study(json!({ "design": { "control": c } })));
            let it = get(&items, "controlled").clone();
            (it.answer, it.why)
        };
        assert_eq!(why("sham").0, Answer::Yes);
        let (a, w) = why("active");
        assert_eq!(a, Answer::No);
        assert!(w.contains("another real treatment"));
        let (a, w) = why("untreated");
        assert_eq!(a, Answer::No);
        assert!(w.contains("untreated group"));
    }

    #[test]
    fn outcome_types() {
        let get_obj = |o: &str| {
            let items = checklist(&study(json!({ "outcome_type": o })));
            get(&items, "objective").clone()
        };
        assert_eq!(get_obj("objective").answer, Answer::Yes);
        let lab = get_obj("laboratory");
        assert_eq!(lab.answer, Answer::No);
        assert!(lab.why.contains(
            "measured in blood or cells, which may not show whether people feel or function better"
        ));
        let mixed = get_obj("mixed");
        assert!(mixed
            .why
            .contains("at least one measured outcome alongside questionnaires"));
    }

    #[test]
    fn pem_names_the_case_definition() {
        let items = checklist(&study(
            json!({ "case_definition": "Fukuda (CDC 1994)", "pem_required": false }),
        ));
        let it = get(&items, "pem");
        assert_eq!(it.answer, Answer::No);
        assert!(it.why.contains("Fukuda (CDC 1994)"));
        let items = checklist(&study(json!({ "case_definition": "Fukuda (CDC 1994)" })));
        assert_eq!(get(&items, "pem").answer, Answer::NotReported);
        assert!(get(&items, "pem").why.contains("Fukuda"));
    }

    #[test]
    fn size_says_which_number_it_used() {
        let items = checklist(&study(
            json!({ "people": { "analysed": null, "completed": 120 } }),
        ));
        let it = get(&items, "size");
        assert_eq!(it.answer, Answer::Yes);
        assert!(it.why.contains("120 people completed"), "{}", it.why);
        let items = checklist(&study(
            json!({ "people": { "analysed": null, "completed": null, "enrolled": 99 } }),
        ));
        let it = get(&items, "size");
        assert_eq!(it.answer, Answer::No);
        assert!(it.why.contains("99 people were enrolled"), "{}", it.why);
        // Boundary: exactly 100 is enough.
        let items = checklist(&study(
            json!({ "people": { "analysed": 100, "completed": 100, "enrolled": 100 } }),
        ));
        assert_eq!(get(&items, "size").answer, Answer::Yes);
    }

    #[test]
    fn size_does_not_apply_to_reviews_and_lab_work() {
        for phase in ["review", "pre"] {
            let items = checklist(&study(
                json!({ "phase": phase, "people": { "analysed": 5000 } }),
            ));
            let it = get(&items, "size");
            assert_eq!(it.answer, Answer::NotReported);
            assert!(it.why.contains("not a treatment trial"));
        }
    }

    #[test]
    fn planned_study_reports_its_target_not_a_size() {
        let s = study(json!({
            "status": "ongoing", "evidence": "ongoing", "published": null,
            "people": { "enrolled": null, "completed": null, "analysed": null, "target": 300 }
        }));
        let items = checklist(&s);
        let it = get(&items, "size");
        assert_eq!(it.answer, Answer::NotReported);
        assert!(it.why.contains("plans to include 300 people"));
        assert!(get(&items, "attrition").why.contains("no results yet"));
    }

    #[test]
    fn attrition_threshold_and_fallback_to_completed() {
        let a = |e: u32, c: Option<u32>, an: Option<u32>| {
            let items = checklist(&study(
                json!({ "people": { "enrolled": e, "completed": c, "analysed": an } }),
            ));
            get(&items, "attrition").clone()
        };
        // 19/100 missing is under 20%; 20/100 is not.
        assert_eq!(a(100, None, Some(81)).answer, Answer::Yes);
        assert_eq!(a(100, None, Some(80)).answer, Answer::No);
        let it = a(86, Some(46), None);
        assert_eq!(it.answer, Answer::No);
        assert_eq!(
            it.why,
            "86 started and 46 finished: 47% are missing from the results."
        );
        let it = a(1000, None, Some(999));
        assert_eq!(it.answer, Answer::Yes);
        assert!(it.why.contains("less than 1%"));
        // Only the enrolled count: not reported, not a guess.
        assert_eq!(a(50, None, None).answer, Answer::NotReported);
        // Zero enrolled cannot divide by zero.
        assert_eq!(a(0, None, Some(0)).answer, Answer::NotReported);
    }

    #[test]
    fn percent_rounds_half_up() {
        assert_eq!(percent(46, 86), 53);
        assert_eq!(percent(1, 200), 1);
        assert_eq!(percent(1, 201), 0);
        assert_eq!(percent(u32::MAX, u32::MAX), 100);
    }
}
