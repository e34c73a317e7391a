//! A plain verdict for every treatment: what its studies, taken together, let us say, in the
//! spirit of GRADE's plain-language statements ("probably", "may", "we don't know"). Plain Rust
//! (no yew, no browser): the rules below are the whole of it, and the sentences are built only
//! from the records, so every claim can be checked against the studies it names.
//!
//! The verdict never replaces the records. It is a summary by fixed rules, and the rules are
//! blunt on purpose: a curated [`crate::model::TreatmentNote`] can add context, never change it.
//!
//! # What counts
//!
//! * **A study in people**: any record whose phase is not `pre` (lab work) or `review`. Reviews
//!   add no new evidence (as on the evidence ladder, [`crate::ladder`]); the one exception is a
//!   `refuted` record, which reverses a treatment whatever its kind (that is how a guideline
//!   dropping a treatment is recorded).
//! * **A controlled trial**: randomised (`design.randomised` is `true`) with a named comparison
//!   group (placebo, sham, other treatment or untreated), the ladder's own test. A design field
//!   left unknown never counts upwards.
//! * **A controlled result**: a controlled trial with evidence `positive`, `negative` or
//!   `mixed` (an `approved` trial counts as a positive one). `preliminary` is uncontrolled
//!   evidence by definition, even from a randomised trial (an early or subgroup report), so it is
//!   *not* a controlled result; nor is `mixed` from a study without a controlled design.
//!   `refuted` results no longer stand and are not counted either.
//! * **An uncontrolled result**: any other result from a study in people.
//! * **Size**: people analysed, else enrolled (unknown counts as 0 when comparing sizes, and
//!   totals then say "at least").
//! * **The largest** of a set of trials: the most people; a tie goes to the higher certainty
//!   score (below), then to the later result.
//! * **A result's date**: its publication, else (for a finished study) its end date, as on the
//!   ladder ([`crate::ladder::result_year`]).
//! * **Independent research groups** (a heuristic, stated as one): two trials are by different
//!   groups when both list authors, their first authors' surnames differ, and no surname appears
//!   in both author lists. A surname is the first word of each comma-separated author ("Fluge Ø
//!   et al." gives "Fluge"), compared without regard to ASCII case. This cannot see shared
//!   sponsors, shared senior authors hidden behind "et al." or two groups led by namesakes, and a
//!   trial without authors is never counted as independent of anything.
//!
//! # The categories (first matching rule wins)
//!
//! | rule | category | icon | when |
//! |---|---|---|---|
//! | 1 | Dropped | ⚠ | any record has evidence `refuted` (withdrawn or reversed, e.g. by a guideline) |
//! | 2 | Approved somewhere | ★ | any record has evidence `approved` (a regulator approved it somewhere) |
//! | 3 | No benefit found | ✗ | there are controlled results and either every one is negative, or the largest is negative and no positive or mixed one is newer (a large negative trial after smaller hopeful ones outweighs them) |
//! | 4 | Confirmed | ✓✓ | the largest controlled result is positive, and positive results from *fair tests* come from at least two independent research groups (a fair test is blinded against a placebo or sham, or measures an objective outcome, and does not rest on a lab marker alone); when positives come from two or more groups but fewer than two groups ran fair tests, the verdict is Mixed instead |
//! | 5 | One positive trial | ✓ | the largest controlled result is positive, and every positive one is from one research group |
//! | 6 | Mixed | ± | any other set of controlled results (they conflict, or the largest is mixed) |
//! | 7 | Not yet controlled | ▷ | no controlled result, but a controlled trial is planned, running, or finished and waiting to report (status `completed`, evidence `unreported`) |
//! | 8 | Uncontrolled only | ? | no controlled result or controlled trial awaited, and people were treated only without a fair comparison group (with a result, or in a study still running) |
//! | 9 | Not tested in people | ∅ | anything else: only lab work, reviews, studies that stopped without a result, or nothing |
//!
//! Rules 3–9 are also worked out for an approved treatment (counting the approved trial as a
//! positive controlled trial when it was one), and its certainty is theirs: an approval says a
//! regulator acted, not how many groups found the same.
//!
//! [`Category`] is declared in the order of the brief's list: Not tested, Uncontrolled only,
//! Not yet controlled, No benefit found, Mixed, One positive trial, Confirmed, Approved
//! somewhere, Dropped ([`Category::rank`]). "No benefit found" and "Dropped" are strong evidence
//! *against*, so sorting "by strength of evidence" ([`by_strength`]) does not use that order: it
//! ranks how far a category supports benefit (Dropped, No benefit found, Not tested,
//! Uncontrolled only, Not yet controlled, Mixed, One positive trial, Confirmed, Approved
//! somewhere), then certainty, then people in controlled trials, so a dropped treatment never
//! tops a list sorted strongest first.
//!
//! # Certainty ([`Certainty`]) from a score
//!
//! The trial a verdict rests on (its key trial, below) gets a score. Each line adds or takes
//! away points; a field that is not known earns nothing:
//!
//! | what | points |
//! |---|---|
//! | comparison group: placebo or sham / other treatment or untreated | +2 / +1 |
//! | blinding: double or more / single / open or not known | +2 / +1 / 0 |
//! | size (analysed, else enrolled): 100 or more / 30–99 / under 30 or not known | +2 / +1 / 0 |
//! | main outcome measured by a device or test (`objective`) | +1 |
//! | main outcome self-reported **and** not blinded (open or not known): the weakest mix, as hope and expectation can move the answers | −1 |
//! | fewer than 80% of those enrolled completed (when both numbers are known) | −1 |
//! | the case definition requires post-exertional malaise (`pem_required` true); false or not known earns nothing, because some people in the trial may not have had ME/CFS as defined today, which lowers how well the result applies | +1 |
//! | reported only as a preprint, a conference talk or a press release (not peer reviewed) | −1 |
//! | result made public before 2000 (older case definitions and reporting standards) | −1 |
//! | done in people with long COVID rather than ME/CFS (the result may not apply) | −1 |
//!
//! The most a trial can score is 8. The score sets the certainty:
//!
//! | score | certainty | the headline says |
//! |---|---|---|
//! | 6 or more | Moderate | "probably" |
//! | 3 to 5 | Low | "may" |
//! | 2 or less | Very low | "we don't know" |
//!
//! and then, per category:
//!
//! | category | certainty |
//! |---|---|
//! | Confirmed | the largest positive trial's score **+1** (another group found the same) |
//! | One positive trial | the largest positive trial's score, **at most Low** (one group is not proof) |
//! | No benefit found | the largest negative trial's score, +1 when negative trials come from two or more independent groups |
//! | Mixed, Not yet controlled, Uncontrolled only, Not tested | **Very low** ("we don't know") |
//! | Approved somewhere | that of rules 3–9 above |
//! | Dropped | Moderate when an official guideline (phase `review`, reported in `official`) reversed it, else the reversed trial's score |
//!
//! There is no "High": a score over catalogued fields cannot establish it, so the verdict never
//! says a treatment works or is harmless.
//!
//! # The key study and the sentences
//!
//! | category | key study |
//! |---|---|
//! | Dropped | the newest official guideline that reversed it, else the newest reversed record |
//! | Approved somewhere | the approved trial |
//! | No benefit found | the largest negative controlled trial |
//! | Confirmed, One positive trial | the largest positive controlled trial |
//! | Mixed | the largest controlled trial with a result |
//! | Not yet controlled, Uncontrolled only | the largest uncontrolled study with a result (if any) |
//! | Not tested | none |
//!
//! * The **headline** is one plain sentence starting with the certainty's words ("Probably does
//!   not help: …"), except for Dropped ("No longer recommended: …").
//! * The **evidence sentence** names the key study by size, phase and year (and says when it was
//!   done in long COVID or in ME/CFS after COVID, or reported without peer review), then the
//!   totals of controlled trials. Its id is [`Verdict::key_study`].
//! * The **harms sentence** adds up people with a serious adverse event (`harms.serious_total`,
//!   else the groups added), naming each study that counted them, people who stopped because of
//!   side effects, and any study stopped early for safety. For Dropped it starts with the
//!   reversing record's own result, kind and date. When nothing was counted it says harms were
//!   not reported in a way we could count; it never says a treatment is harmless.
//! * The **running sentence** counts studies in people that are planned or running (and how
//!   many are controlled trials), the largest planned size (`people.target`) and the **latest**
//!   end date given ([`Verdict::expected`]: by then every running study with a date should have
//!   finished); with a cut-off ([`verdict_at`], [`all`]) it says which of them were due to end
//!   before it. It also counts finished studies still waiting to report and studies that stopped
//!   without a result.
//!
//! Numbers are written as digits, and only integers are ever formatted (no floats in the wasm).

use crate::dataset::Dataset;
use crate::model::{
    Blinding, Control, Evidence, OutcomeType, PartialDate, Phase, ReportedIn, Scope, Status, Study,
};
use std::cmp::Ordering;

/// What a treatment's studies let us say, in one word; declared weakest first (see the module
/// documentation for the rules and for why Dropped sorts last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    NotTested,
    UncontrolledOnly,
    AwaitingControlled,
    NoBenefit,
    Mixed,
    OnePositive,
    Confirmed,
    Approved,
    Removed,
}

impl Category {
    /// Every category, weakest first.
    pub const ALL: &'static [Category] = &[
        Category::NotTested,
        Category::UncontrolledOnly,
        Category::AwaitingControlled,
        Category::NoBenefit,
        Category::Mixed,
        Category::OnePositive,
        Category::Confirmed,
        Category::Approved,
        Category::Removed,
    ];

    /// Stable key, for URLs, CSS classes and tests.
    pub fn key(self) -> &'static str {
        match self {
            Category::NotTested => "not-tested",
            Category::UncontrolledOnly => "uncontrolled",
            Category::AwaitingControlled => "awaiting",
            Category::NoBenefit => "no-benefit",
            Category::Mixed => "mixed",
            Category::OnePositive => "one-positive",
            Category::Confirmed => "confirmed",
            Category::Approved => "approved",
            Category::Removed => "dropped",
        }
    }

    /// Short badge words.
    pub fn label(self) -> &'static str {
        match self {
            Category::NotTested => "Not tested in people",
            Category::UncontrolledOnly => "Uncontrolled only",
            Category::AwaitingControlled => "Not yet controlled",
            Category::NoBenefit => "No benefit found",
            Category::Mixed => "Mixed",
            Category::OnePositive => "One positive trial",
            Category::Confirmed => "Confirmed",
            Category::Approved => "Approved somewhere",
            Category::Removed => "Dropped",
        }
    }

    /// A text glyph per category, all different, so colour is never the only signal.
    pub fn icon(self) -> &'static str {
        match self {
            Category::NotTested => "∅",
            Category::UncontrolledOnly => "?",
            Category::AwaitingControlled => "▷",
            Category::NoBenefit => "✗",
            Category::Mixed => "±",
            Category::OnePositive => "✓",
            Category::Confirmed => "✓✓",
            Category::Approved => "★",
            Category::Removed => "⚠",
        }
    }

    /// One plain sentence saying what the category means.
    pub fn definition(self) -> &'static str {
        match self {
            Category::NotTested => {
                "No study that treated people has a result or is running: there is only lab work, reviews or nothing."
            }
            Category::UncontrolledOnly => {
                "People have been treated only in studies without a fair comparison group, and no controlled trial is running."
            }
            Category::AwaitingControlled => {
                "No controlled trial has reported yet, but one is planned, running or waiting to report."
            }
            Category::NoBenefit => {
                "Controlled trials found no benefit: all of them, or the largest one, which came after smaller, more hopeful ones."
            }
            Category::Mixed => {
                "Controlled trials disagree or had mixed results, or their benefits come only from trials open to bias (not blinded, self-reported or lab measures)."
            }
            Category::OnePositive => {
                "A controlled trial found a benefit, but no independent research group has confirmed it yet."
            }
            Category::Confirmed => {
                "Controlled trials by at least two independent research groups found a benefit, and no larger trial found none."
            }
            Category::Approved => "A regulator has approved it for ME/CFS in at least one country.",
            Category::Removed => {
                "Later evidence or a guideline reversed earlier advice: it is no longer recommended."
            }
        }
    }

    /// Position in [`Self::ALL`] (0 = weakest).
    pub fn rank(self) -> u8 {
        self as u8
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// How sure the verdict can be, in GRADE's plain words; declared lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Certainty {
    /// "We don't know."
    VeryLow,
    /// "May."
    Low,
    /// "Probably."
    Moderate,
}

impl Certainty {
    /// Every value, lowest first.
    pub const ALL: &'static [Certainty] =
        &[Certainty::VeryLow, Certainty::Low, Certainty::Moderate];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            Certainty::VeryLow => "very-low",
            Certainty::Low => "low",
            Certainty::Moderate => "moderate",
        }
    }

    /// Short label.
    pub fn label(self) -> &'static str {
        match self {
            Certainty::VeryLow => "Very low certainty",
            Certainty::Low => "Low certainty",
            Certainty::Moderate => "Moderate certainty",
        }
    }

    /// The word the headline uses.
    pub fn word(self) -> &'static str {
        match self {
            Certainty::VeryLow => "we don't know",
            Certainty::Low => "may",
            Certainty::Moderate => "probably",
        }
    }

    /// One plain sentence saying what it means.
    pub fn definition(self) -> &'static str {
        match self {
            Certainty::VeryLow => {
                "We don't know: the studies are too few, too small, too open to bias or too much in conflict to say."
            }
            Certainty::Low => "May: the answer could well change when better trials report.",
            Certainty::Moderate => {
                "Probably: a large, careful trial points this way, but it could still change."
            }
        }
    }

    /// The certainty a score gives (see the module documentation).
    pub fn from_score(score: i32) -> Self {
        match score {
            s if s >= 6 => Certainty::Moderate,
            s if s >= 3 => Certainty::Low,
            _ => Certainty::VeryLow,
        }
    }

    /// The certainty a verdict resting on `key` gets from `score`: [`Self::from_score`], but at
    /// most Low when `key` has fewer than 100 people (a small trial gives an imprecise answer,
    /// however well it was run).
    fn of_trial(score: i32, key: &Study) -> Self {
        let c = Self::from_score(score);
        if size(key).unwrap_or(0) < 100 {
            c.min(Certainty::Low)
        } else {
            c
        }
    }
}

impl std::fmt::Display for Certainty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The verdict for one treatment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The treatment's key (of the studies given; empty when there were none).
    pub treatment: String,
    pub category: Category,
    pub certainty: Certainty,
    /// The key study's certainty score (see the module documentation), if the verdict has one.
    pub score: Option<i32>,
    /// One plain sentence, e.g. "Probably does not help: the largest controlled trial found no
    /// benefit, outweighing smaller, more hopeful ones."
    pub headline: String,
    /// The evidence behind the headline, naming the key study's size, phase and year.
    pub evidence_sentence: String,
    /// Id of the study the verdict rests on.
    pub key_study: Option<String>,
    /// Serious side effects, withdrawals and stops for safety; `None` when no study treated people.
    pub harms_sentence: Option<String>,
    /// Ids of the studies the harms sentence counts or quotes.
    pub harms_studies: Vec<String>,
    /// What is still to come: running, planned and unreported studies.
    pub running_sentence: Option<String>,
    /// People in controlled trials with a result that stands (analysed, else enrolled).
    pub controlled_people: u32,
    /// Some of those trials report no number, so `controlled_people` is a lower bound.
    pub controlled_people_partial: bool,
    /// Controlled trials with a result that stands (positive, negative, mixed, approved).
    pub controlled_trials: u32,
    pub positive_trials: u32,
    pub negative_trials: u32,
    pub mixed_trials: u32,
    /// Independent research groups among the positive controlled trials (the heuristic above).
    pub positive_groups: u32,
    /// The newest result of any study in people (or of a reversing record).
    pub latest_result: Option<PartialDate>,
    /// Studies in people that are planned or running.
    pub running: u32,
    /// Of those, controlled trials.
    pub running_controlled: u32,
    /// Finished studies (status completed) still waiting to report.
    pub awaiting_report: u32,
    /// Studies that stopped early without any result.
    pub stopped_unreported: u32,
    /// The largest planned size among the running studies.
    pub largest_running_target: Option<u32>,
    /// The latest end date among the running studies that give one.
    pub expected: Option<PartialDate>,
    /// People with a serious adverse event (caused by the treatment or not), over the studies
    /// that counted them.
    pub serious_people: Option<u32>,
    /// Studies stopped early for safety.
    pub stopped_for_safety: u32,
}

/// Orders verdicts by how far the evidence supports benefit, weakest first ([`support`]), then
/// certainty, then people in controlled trials (reverse it for "strongest first").
pub fn by_strength(a: &Verdict, b: &Verdict) -> Ordering {
    support(a.category)
        .cmp(&support(b.category))
        .then(a.certainty.cmp(&b.certainty))
        .then(a.controlled_people.cmp(&b.controlled_people))
}

/// How far a category supports benefit, for sorting "strongest evidence first": approved, then
/// confirmed, one positive trial, mixed, awaiting controlled results, uncontrolled only, not
/// tested, and last the treatments controlled trials found not to help and those dropped from
/// guidelines, so a removed treatment never tops a list sorted by strength.
fn support(c: Category) -> u8 {
    match c {
        Category::Removed => 0,
        Category::NoBenefit => 1,
        Category::NotTested => 2,
        Category::UncontrolledOnly => 3,
        Category::AwaitingControlled => 4,
        Category::Mixed => 5,
        Category::OnePositive => 6,
        Category::Confirmed => 7,
        Category::Approved => 8,
    }
}

/// One verdict per treatment of `dataset`, in treatment order, with the running sentence
/// measured against the dataset's cut-off.
pub fn all(dataset: &Dataset) -> Vec<Verdict> {
    let mut per: Vec<Vec<&Study>> = vec![Vec::new(); dataset.treatments().len()];
    for (i, s) in dataset.studies().iter().enumerate() {
        if let Some(list) = per.get_mut(dataset.treatment_of[i]) {
            list.push(s);
        }
    }
    dataset
        .treatments()
        .iter()
        .zip(per)
        .map(|(t, studies)| {
            let mut v = verdict_at(&studies, Some(dataset.file.cutoff));
            v.treatment = t.key.clone();
            v
        })
        .collect()
}

/// The verdict for one treatment's studies (all records whose `treatment` is its key).
pub fn verdict(studies: &[&Study]) -> Verdict {
    verdict_at(studies, None)
}

// ---------------------------------------------------------------------------------------------
// What counts.

/// Randomised with a comparison group the sources name (the ladder's test).
pub fn is_controlled(s: &Study) -> bool {
    s.design.randomised == Some(true)
        && matches!(
            s.design.control,
            Some(Control::Placebo | Control::Sham | Control::Active | Control::Untreated)
        )
}

/// Did the study treat people (not lab work, not a review)?
fn in_people(s: &Study) -> bool {
    !matches!(s.phase, Phase::Preclinical | Phase::Review)
}

/// A controlled result that stands: positive, negative or mixed (an approval as positive).
fn controlled_result(s: &Study) -> bool {
    in_people(s)
        && is_controlled(s)
        && matches!(
            s.evidence,
            Evidence::Positive | Evidence::Negative | Evidence::Mixed | Evidence::Approved
        )
}

fn is_positive(s: &Study) -> bool {
    matches!(s.evidence, Evidence::Positive | Evidence::Approved)
}

/// A fair test of benefit: blinded against a placebo or sham, or measuring an objective outcome,
/// and not resting on a lab marker alone (the rule that lets a positive result confirm another).
pub fn fair_test(s: &Study) -> bool {
    let blinded_vs_dummy = matches!(s.design.control, Some(Control::Placebo | Control::Sham))
        && matches!(
            s.design.blinding,
            Some(Blinding::Single | Blinding::Double | Blinding::Triple)
        );
    let objective = s.outcome_type == Some(OutcomeType::Objective);
    s.outcome_type != Some(OutcomeType::Laboratory) && (blinded_vs_dummy || objective)
}

/// Planned or running.
fn is_running(s: &Study) -> bool {
    matches!(s.status, Status::Planned | Status::Ongoing)
}

/// Finished and waiting to report.
fn is_awaiting_report(s: &Study) -> bool {
    s.status == Status::Completed && s.evidence == Evidence::Unreported
}

/// A controlled trial still to report: planned, running, or finished without results yet.
fn controlled_awaited(s: &Study) -> bool {
    in_people(s)
        && is_controlled(s)
        && (is_running(s)
            || matches!(s.evidence, Evidence::Planned | Evidence::Ongoing)
            || is_awaiting_report(s))
}

/// People analysed, else enrolled.
pub fn size(s: &Study) -> Option<u32> {
    s.people.analysed.or(s.people.enrolled)
}

/// When the result became public: the publication, else the end of a finished study.
fn result_date(s: &Study) -> Option<PartialDate> {
    if !s.evidence.has_result() {
        return None;
    }
    s.published.or_else(|| {
        matches!(
            s.status,
            Status::Completed | Status::Terminated | Status::Published
        )
        .then_some(s.end)
        .flatten()
    })
}

/// The certainty score of one trial (see the module documentation for the table).
pub fn score(s: &Study) -> i32 {
    let d = &s.design;
    let mut points = 0;
    points += match d.control {
        Some(Control::Placebo | Control::Sham) => 2,
        Some(Control::Active | Control::Untreated) => 1,
        _ => 0,
    };
    let blinded = matches!(
        d.blinding,
        Some(Blinding::Single | Blinding::Double | Blinding::Triple)
    );
    points += match d.blinding {
        Some(Blinding::Double | Blinding::Triple) => 2,
        Some(Blinding::Single) => 1,
        _ => 0,
    };
    points += match size(s) {
        Some(n) if n >= 100 => 2,
        Some(n) if n >= 30 => 1,
        _ => 0,
    };
    match s.outcome_type {
        Some(OutcomeType::Objective) => points += 1,
        Some(OutcomeType::SelfReported) if !blinded => points -= 1,
        _ => {}
    }
    if let (Some(c), Some(e)) = (s.people.completed, s.people.enrolled) {
        // completed / enrolled < 0.8, in integers.
        if u64::from(c) * 5 < u64::from(e) * 4 {
            points -= 1;
        }
    }
    if s.pem_required == Some(true) {
        points += 1;
    }
    if matches!(
        s.reported_in,
        Some(ReportedIn::Preprint | ReportedIn::Abstract | ReportedIn::Press)
    ) {
        points -= 1;
    }
    if result_date(s).is_some_and(|d| d.year < 2000) {
        points -= 1;
    }
    if s.scope == Scope::LongCovid {
        points -= 1;
    }
    points
}

/// "Largest" order: people, then score, then the later result.
fn weight_cmp(a: &Study, b: &Study) -> Ordering {
    size(a)
        .unwrap_or(0)
        .cmp(&size(b).unwrap_or(0))
        .then(score(a).cmp(&score(b)))
        .then(result_date(a).cmp(&result_date(b)))
}

fn largest<'a>(studies: impl Iterator<Item = &'a Study>) -> Option<&'a Study> {
    studies.max_by(|a, b| weight_cmp(a, b))
}

/// The surnames in an author list, lower-cased (ASCII only): the first word of each author.
fn surnames(authors: &str) -> Vec<String> {
    // Words in brackets spell out a name ("NICE (National Institute for Health and Care
    // Excellence)"); they are not further authors.
    let mut plain = String::with_capacity(authors.len());
    let mut depth = 0u32;
    for c in authors.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    plain
        .split([',', ';'])
        .flat_map(|part| part.split(" and "))
        .filter_map(|part| {
            let word = part.split_whitespace().next()?;
            let word = word.trim_matches(|c: char| c == '.' || c == '(' || c == ')');
            if word.is_empty() || word.eq_ignore_ascii_case("et") || word.eq_ignore_ascii_case("al")
            {
                return None;
            }
            Some(word.to_ascii_lowercase())
        })
        .collect()
}

/// Are two studies by independent research groups (the heuristic of the module documentation)?
pub fn independent(a: &Study, b: &Study) -> bool {
    let (Some(x), Some(y)) = (a.authors.as_deref(), b.authors.as_deref()) else {
        return false;
    };
    let (x, y) = (surnames(x), surnames(y));
    match (x.first(), y.first()) {
        (Some(fx), Some(fy)) => fx != fy && !x.iter().any(|n| y.contains(n)),
        _ => false,
    }
}

/// How many mutually independent groups `studies` come from: the largest study first, then
/// each study independent of every one already counted.
fn groups(studies: &[&Study]) -> u32 {
    let mut order: Vec<&Study> = studies.to_vec();
    crate::order::sort_by(&mut order, &|a, b| weight_cmp(b, a));
    let mut picked: Vec<&Study> = Vec::new();
    for s in order {
        if picked.iter().all(|p| independent(p, s)) {
            picked.push(s);
        }
    }
    picked.len() as u32
}

// ---------------------------------------------------------------------------------------------
// Words.

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn people(n: u32) -> String {
    plural(n, "person", "people")
}

/// The phase in words ("phase 3", "a pilot", "phase not stated").
fn phase_words(p: Phase) -> &'static str {
    match p {
        Phase::Preclinical => "lab study",
        Phase::Pilot => "pilot",
        Phase::Phase1 => "phase 1",
        Phase::Phase1_2 => "phase 1/2",
        Phase::Phase2 => "phase 2",
        Phase::Phase2_3 => "phase 2/3",
        Phase::Phase3 => "phase 3",
        Phase::Phase4 => "phase 4",
        Phase::Observational => "observational",
        Phase::Review => "review",
        Phase::Unstated => "phase not stated",
    }
}

/// The kind of study as a noun ("phase 3 trial", "pilot study", "observational study").
fn kind_noun(s: &Study) -> String {
    match s.phase {
        Phase::Preclinical => "lab study".into(),
        Phase::Pilot => "pilot study".into(),
        Phase::Observational => "observational study".into(),
        Phase::Review => {
            if s.reported_in == Some(ReportedIn::Official) {
                "official guideline".into()
            } else {
                "review".into()
            }
        }
        Phase::Unstated if is_controlled(s) => "controlled trial (phase not stated)".into(),
        Phase::Unstated => "study (phase not stated)".into(),
        p => format!("{} trial", phase_words(p)),
    }
}

/// A study as a noun phrase for the harms sentence, sized by who took part (enrolled, else
/// analysed): "the phase 3 trial of 151 people (2019)", "the controlled trial of 135 people
/// (phase not stated, 2012)", "the pilot study of 86 people (2025, in people with long COVID)".
fn trial_phrase(s: &Study) -> String {
    let noun = match s.phase {
        Phase::Unstated if is_controlled(s) => "controlled trial".to_string(),
        Phase::Unstated => "study".to_string(),
        _ => kind_noun(s),
    };
    let n = match s.people.enrolled.or(s.people.analysed) {
        Some(n) => format!(" of {}", people(n)),
        None => String::new(),
    };
    let phase = if s.phase == Phase::Unstated {
        "phase not stated, "
    } else {
        ""
    };
    format!("the {noun}{n} ({phase}{}{})", year_words(s), scope_words(s))
}

/// "151 people" / "70 of 86 people analysed" / "size not reported".
fn size_words(s: &Study) -> String {
    match (s.people.analysed, s.people.enrolled) {
        (Some(a), Some(e)) if a < e => format!("{a} of {e} people analysed"),
        (Some(n), _) | (None, Some(n)) => people(n),
        (None, None) => "size not reported".into(),
    }
}

fn year_words(s: &Study) -> String {
    match result_date(s).or(s.published).or(s.end).or(s.start) {
        Some(d) => d.year.to_string(),
        None => "year not reported".into(),
    }
}

fn scope_words(s: &Study) -> &'static str {
    match s.scope {
        Scope::MeCfs => "",
        Scope::PostCovid => ", in people with ME/CFS after COVID",
        Scope::LongCovid => ", in people with long COVID",
    }
}

fn report_words(s: &Study) -> &'static str {
    match s.reported_in {
        Some(ReportedIn::Preprint) => ", reported only as a preprint",
        Some(ReportedIn::Abstract) => ", reported only at a conference",
        Some(ReportedIn::Press) => ", reported only in a press release",
        _ => "",
    }
}

/// "(151 people, phase 3, 2019)", with the scope and an unreviewed report when they apply.
fn describe(s: &Study) -> String {
    format!(
        "({}, {}, {}{}{})",
        size_words(s),
        phase_words(s.phase),
        year_words(s),
        scope_words(s),
        report_words(s)
    )
}

/// What a result found, as a verb phrase.
fn found(s: &Study) -> &'static str {
    match s.evidence {
        Evidence::Positive | Evidence::Approved => "found a benefit",
        Evidence::Negative => "found no benefit",
        Evidence::Mixed => "had mixed results",
        Evidence::Preliminary => "reported encouraging early signs",
        Evidence::Refuted => "has been reversed",
        _ => "has not reported",
    }
}

fn helps(c: Certainty) -> &'static str {
    match c {
        Certainty::Moderate => "Probably helps",
        Certainty::Low => "May help",
        Certainty::VeryLow => "We don't know if it helps",
    }
}

fn does_not_help(c: Certainty) -> &'static str {
    match c {
        Certainty::Moderate => "Probably does not help",
        Certainty::Low => "May not help",
        Certainty::VeryLow => "We don't know if it helps",
    }
}

// ---------------------------------------------------------------------------------------------
// The verdict.

/// Rules 3–9 (everything but Dropped and Approved): the category, its key study and certainty.
struct Core<'a> {
    category: Category,
    key: Option<&'a Study>,
    certainty: Certainty,
    score: Option<i32>,
    headline: String,
    evidence: String,
}

fn core<'a>(studies: &[&'a Study]) -> Core<'a> {
    let controlled: Vec<&Study> = studies
        .iter()
        .copied()
        .filter(|s| controlled_result(s))
        .collect();
    let positives: Vec<&Study> = controlled
        .iter()
        .copied()
        .filter(|s| is_positive(s))
        .collect();
    let negatives: Vec<&Study> = controlled
        .iter()
        .copied()
        .filter(|s| s.evidence == Evidence::Negative)
        .collect();
    let uncontrolled: Vec<&Study> = studies
        .iter()
        .copied()
        .filter(|s| in_people(s) && s.evidence.has_result() && !controlled_result(s))
        .filter(|s| s.evidence != Evidence::Refuted)
        .collect();

    let Some(top) = largest(controlled.iter().copied()) else {
        return uncontrolled_core(studies, &uncontrolled);
    };
    let many = controlled.len() > 1;
    let tally = tally(&controlled);
    let the = |s: &Study, best: &str| {
        if !many {
            "The only controlled trial".to_string()
        } else if std::ptr::eq(s, top) {
            "The largest controlled trial".to_string()
        } else {
            format!("The largest {best} controlled trial")
        }
    };

    // Rule 3: no benefit.
    let all_negative = negatives.len() == controlled.len();
    let newest_hopeful = controlled
        .iter()
        .filter(|s| s.evidence != Evidence::Negative)
        .map(|s| result_date(s))
        .max();
    let after_hopeful = top.evidence == Evidence::Negative
        && match (result_date(top), newest_hopeful) {
            (_, None) => true,
            // Undated hopeful results cannot be placed before it.
            (Some(t), Some(Some(h))) => !t.definitely_before(&h),
            _ => false,
        }
        && controlled
            .iter()
            .filter(|s| s.evidence != Evidence::Negative)
            .all(|s| result_date(s).is_some());
    if all_negative || after_hopeful {
        let key = largest(negatives.iter().copied()).unwrap_or(top);
        let bonus = i32::from(groups(&negatives) >= 2);
        let sc = score(key);
        let certainty = Certainty::of_trial(sc + bonus, key);
        let why = if !many {
            "the only controlled trial found no benefit".to_string()
        } else if all_negative && controlled.len() == 2 {
            "both controlled trials found no benefit".to_string()
        } else if all_negative {
            format!(
                "all {} controlled trials found no benefit",
                controlled.len()
            )
        } else {
            "the largest controlled trial found no benefit, outweighing smaller, more hopeful ones"
                .to_string()
        };
        return Core {
            category: Category::NoBenefit,
            key: Some(key),
            certainty,
            score: Some(sc),
            headline: format!("{}: {why}.", does_not_help(certainty)),
            evidence: format!(
                "{} {} found no benefit.{tally}",
                the(key, "negative"),
                describe(key)
            ),
        };
    }

    // Rules 4 and 5: the largest is positive.
    if is_positive(top) {
        let key = top;
        let sc = score(key);
        let g = groups(&positives);
        let others = (controlled.len() - positives.len()) as u32;
        let dissent = if others == 0 {
            String::new()
        } else {
            format!(
                "; {} did not find a clear benefit",
                plural(others, "other", "others")
            )
        };
        // Confirmation needs fair tests: a result open to bias (unblinded with a self-reported
        // outcome) or resting on a lab marker alone cannot confirm another, however many groups
        // report it.
        let fair: Vec<&Study> = positives.iter().copied().filter(|s| fair_test(s)).collect();
        let fair_groups = groups(&fair);
        let (category, certainty, why) = if g >= 2 && fair_groups < 2 {
            let n_fair = fair.len();
            let open = match n_fair {
                0 => "none of those trials was",
                1 => "only one of those trials was",
                _ => "only one group's trials were",
            };
            let why = format!(
                "{} controlled trials found a benefit, but {open} blinded against a placebo or sham or measured an objective outcome, so the benefit is not confirmed{dissent}",
                positives.len()
            );
            (
                Category::Mixed,
                Certainty::of_trial(sc, key).min(Certainty::Low),
                why,
            )
        } else if fair_groups >= 2 {
            let c = Certainty::of_trial(sc + 1, key);
            (
                Category::Confirmed,
                c,
                format!(
                    "controlled trials by {g} independent research groups found a benefit{dissent}"
                ),
            )
        } else {
            let c = Certainty::of_trial(sc, key).min(Certainty::Low);
            let why = match (positives.len(), others) {
                (1, 0) => "one controlled trial found a benefit, not yet confirmed by another research group".to_string(),
                (1, _) => format!("the largest controlled trial found a benefit{dissent}, and no other research group has confirmed it"),
                (n, _) => format!("{n} controlled trials from one research group found a benefit{dissent}, and no other group has confirmed it"),
            };
            (Category::OnePositive, c, why)
        };
        return Core {
            category,
            key: Some(key),
            certainty,
            score: Some(sc),
            headline: format!("{}: {why}.", helps(certainty)),
            evidence: format!(
                "{} {} {}.{tally}",
                the(key, "positive"),
                describe(key),
                found(key)
            ),
        };
    }

    // Rule 6: mixed.
    let why = if controlled.iter().all(|s| s.evidence == Evidence::Mixed) {
        if many {
            "the controlled trials had mixed results"
        } else {
            "the only controlled trial had mixed results"
        }
    } else {
        "the controlled trials disagree"
    };
    Core {
        category: Category::Mixed,
        key: Some(top),
        certainty: Certainty::VeryLow,
        score: Some(score(top)),
        headline: format!("{}: {why}.", helps(Certainty::VeryLow)),
        evidence: format!("{} {} {}.{tally}", the(top, ""), describe(top), found(top)),
    }
}

/// Rules 7–9: no controlled result.
fn uncontrolled_core<'a>(studies: &[&'a Study], uncontrolled: &[&'a Study]) -> Core<'a> {
    let awaited = studies.iter().filter(|s| controlled_awaited(s)).count() as u32;
    let running_people = studies.iter().any(|s| in_people(s) && is_running(s));
    let key = largest(uncontrolled.iter().copied());
    let vl = Certainty::VeryLow;
    let about_uncontrolled = match key {
        Some(k) if uncontrolled.len() == 1 => format!(
            " The only study with a result {} {} without a proper comparison, which cannot show that the treatment works.",
            describe(k),
            found(k)
        ),
        Some(k) => format!(
            " {} studies have reported without a proper comparison; the largest {} {}. Such studies cannot show that the treatment works.",
            uncontrolled.len(),
            describe(k),
            found(k)
        ),
        None => String::new(),
    };
    if awaited > 0 {
        return Core {
            category: Category::AwaitingControlled,
            key,
            certainty: vl,
            score: None,
            headline: format!(
                "{} yet: no controlled trial has reported, and {} planned, running or waiting to report.",
                helps(vl),
                if awaited == 1 { "1 is".to_string() } else { format!("{awaited} are") }
            ),
            evidence: format!("No controlled trial has reported yet.{about_uncontrolled}"),
        };
    }
    if key.is_some() || running_people {
        let headline = if key.is_some() {
            "it has been tested only without a proper comparison"
        } else {
            "it is being tested only without a proper comparison, and nothing has reported yet"
        };
        return Core {
            category: Category::UncontrolledOnly,
            key,
            certainty: vl,
            score: None,
            headline: format!("{}: {headline}.", helps(vl)),
            evidence: format!(
                "No controlled trial has reported or is running.{}",
                if about_uncontrolled.is_empty() {
                    " No study has reported a result yet.".to_string()
                } else {
                    about_uncontrolled
                }
            ),
        };
    }
    let lab = studies
        .iter()
        .filter(|s| s.phase == Phase::Preclinical)
        .count() as u32;
    let reviews = studies.iter().filter(|s| s.phase == Phase::Review).count() as u32;
    let mut parts = Vec::new();
    if lab > 0 {
        parts.push(plural(lab, "lab study", "lab studies"));
    }
    if reviews > 0 {
        parts.push(plural(reviews, "review", "reviews"));
    }
    let evidence = if parts.is_empty() {
        "No study that treated people has reported a result.".to_string()
    } else {
        format!(
            "There {} {}, but no study that treated people has reported a result.",
            if lab + reviews == 1 { "is" } else { "are" },
            parts.join(" and ")
        )
    };
    Core {
        category: Category::NotTested,
        key: None,
        certainty: vl,
        score: None,
        headline: format!(
            "{}: {}.",
            helps(vl),
            if lab > 0 {
                "it has been studied only in the lab so far"
            } else {
                "no study that treated people has reported a result"
            }
        ),
        evidence,
    }
}

/// " Altogether 2 controlled trials with 181 people: 1 found no benefit, 1 had mixed results."
fn tally(controlled: &[&Study]) -> String {
    if controlled.len() < 2 {
        return String::new();
    }
    let (n, partial) = people_sum(controlled);
    let count = |f: &dyn Fn(&Study) -> bool| controlled.iter().filter(|s| f(s)).count() as u32;
    let mut parts = Vec::new();
    let p = count(&|s| is_positive(s));
    let neg = count(&|s| s.evidence == Evidence::Negative);
    let m = count(&|s| s.evidence == Evidence::Mixed);
    if p > 0 {
        parts.push(format!("{p} found a benefit"));
    }
    if neg > 0 {
        parts.push(format!("{neg} found no benefit"));
    }
    if m > 0 {
        parts.push(format!("{m} had mixed results"));
    }
    format!(
        " Altogether {} controlled trials with {}{}: {}.",
        controlled.len(),
        if partial { "at least " } else { "" },
        people(n),
        parts.join(", ")
    )
}

/// Total size of `studies` and whether any size is unknown.
fn people_sum(studies: &[&Study]) -> (u32, bool) {
    let mut n = 0u32;
    let mut partial = false;
    for s in studies {
        match size(s) {
            Some(k) => n = n.saturating_add(k),
            None => partial = true,
        }
    }
    (n, partial)
}

/// The verdict for one treatment's studies; `cutoff` (the dataset's) lets the running sentence
/// say which running studies were due to end before it.
pub fn verdict_at(studies: &[&Study], cutoff: Option<PartialDate>) -> Verdict {
    let controlled: Vec<&Study> = studies
        .iter()
        .copied()
        .filter(|s| controlled_result(s))
        .collect();
    let (controlled_people, controlled_people_partial) = people_sum(&controlled);
    let count = |f: &dyn Fn(&Study) -> bool| controlled.iter().filter(|s| f(s)).count() as u32;
    let positives: Vec<&Study> = controlled
        .iter()
        .copied()
        .filter(|s| is_positive(s))
        .collect();

    let refuted: Vec<&Study> = studies
        .iter()
        .copied()
        .filter(|s| s.evidence == Evidence::Refuted)
        .collect();
    let approved = studies
        .iter()
        .copied()
        .filter(|s| s.evidence == Evidence::Approved)
        .max_by(|a, b| weight_cmp(a, b));

    let base = core(studies);
    let (category, key, certainty, score_, headline, evidence_sentence) = if !refuted.is_empty() {
        removed(&refuted, &controlled)
    } else if let Some(a) = approved {
        let (h, e) = approved_words(a, &base);
        (
            Category::Approved,
            Some(a),
            base.certainty,
            Some(score(a)),
            h,
            e,
        )
    } else {
        (
            base.category,
            base.key,
            base.certainty,
            base.score,
            base.headline,
            base.evidence,
        )
    };

    let (harms_sentence, harms_studies, serious_people, stopped_for_safety) = harms(
        studies,
        if category == Category::Removed {
            key
        } else {
            None
        },
    );
    let run = running(studies, cutoff);

    Verdict {
        treatment: studies
            .first()
            .map(|s| s.treatment.clone())
            .unwrap_or_default(),
        category,
        certainty,
        score: score_,
        headline,
        evidence_sentence,
        key_study: key.map(|s| s.id.clone()),
        harms_sentence,
        harms_studies,
        running_sentence: run.sentence,
        controlled_people,
        controlled_people_partial,
        controlled_trials: controlled.len() as u32,
        positive_trials: positives.len() as u32,
        negative_trials: count(&|s| s.evidence == Evidence::Negative),
        mixed_trials: count(&|s| s.evidence == Evidence::Mixed),
        positive_groups: groups(&positives),
        latest_result: studies
            .iter()
            .filter(|s| in_people(s) || s.evidence == Evidence::Refuted)
            .filter_map(|s| result_date(s))
            .max(),
        running: run.running,
        running_controlled: run.controlled,
        awaiting_report: run.awaiting,
        stopped_unreported: run.stopped,
        largest_running_target: run.largest_target,
        expected: run.expected,
        serious_people,
        stopped_for_safety,
    }
}

type Words<'a> = (
    Category,
    Option<&'a Study>,
    Certainty,
    Option<i32>,
    String,
    String,
);

/// Rule 1: dropped.
fn removed<'a>(refuted: &[&'a Study], controlled: &[&'a Study]) -> Words<'a> {
    let is_guideline =
        |s: &Study| s.phase == Phase::Review && s.reported_in == Some(ReportedIn::Official);
    let newest = |list: Vec<&'a Study>| {
        list.into_iter()
            .max_by(|a, b| result_date(a).cmp(&result_date(b)))
    };
    let guideline = newest(
        refuted
            .iter()
            .copied()
            .filter(|s| is_guideline(s))
            .collect(),
    );
    let key = guideline
        .or_else(|| newest(refuted.to_vec()))
        .unwrap_or(refuted[0]);
    let when = result_date(key)
        .map(|d| d.human())
        .unwrap_or_else(|| "a year not reported".into());
    let (certainty, sc) = if guideline.is_some() {
        (Certainty::Moderate, None)
    } else {
        let sc = score(key);
        (Certainty::of_trial(sc, key), Some(sc))
    };
    let by = key
        .authors
        .as_deref()
        .map(|a| format!(" by {a}"))
        .unwrap_or_default();
    let headline = if guideline.is_some() {
        format!(
            "No longer recommended: an official guideline reversed it in {}.",
            result_date(key).map_or("a year not reported".to_string(), |d| d.year.to_string())
        )
    } else {
        format!(
            "No longer recommended: later evidence reversed its result{}.",
            result_date(key).map_or(String::new(), |d| format!(" in {}", d.year))
        )
    };
    let mut evidence = if guideline.is_some() {
        format!("An official guideline{by} reversed it in {when}.")
    } else {
        format!(
            "The {} {} has been reversed.",
            kind_noun(key),
            describe(key)
        )
    };
    // The largest reversed trial, when it is not the key record.
    let trials: Vec<&Study> = refuted
        .iter()
        .copied()
        .filter(|s| in_people(s) && !std::ptr::eq(*s, key))
        .collect();
    if let Some(t) = largest(trials.iter().copied()) {
        evidence.push_str(&format!(
            " The largest trial now marked as reversed was {} {}.",
            if is_controlled(t) {
                "a controlled trial"
            } else {
                "a study without a fair comparison group"
            },
            describe(t)
        ));
    }
    let positives: Vec<&Study> = controlled
        .iter()
        .copied()
        .filter(|s| is_positive(s))
        .collect();
    if let Some(p) = largest(positives.iter().copied()) {
        evidence.push_str(&format!(
            " {} reported a benefit, the largest with {} ({}, {}{}).",
            plural(
                positives.len() as u32,
                "other controlled trial",
                "other controlled trials"
            ),
            size_words(p),
            phase_words(p.phase),
            year_words(p),
            scope_words(p)
        ));
    }
    let negatives = controlled
        .iter()
        .filter(|s| s.evidence == Evidence::Negative)
        .count() as u32;
    if negatives > 0 {
        evidence.push_str(&format!(
            " {} found no benefit.",
            plural(negatives, "controlled trial", "controlled trials")
        ));
    }
    (
        Category::Removed,
        Some(key),
        certainty,
        sc,
        headline,
        evidence,
    )
}

/// Rule 2's headline and evidence sentence.
fn approved_words(a: &Study, base: &Core<'_>) -> (String, String) {
    let when = a
        .approved
        .map(|d| d.human())
        .unwrap_or_else(|| "a year not reported".into());
    let c = base.certainty;
    let (verb, basis) = match base.category {
        Category::Confirmed => (helps(c), "and trials by independent research groups agree"),
        Category::OnePositive => (
            helps(c),
            "but the benefit rests on trials from one research group",
        ),
        Category::NoBenefit => (
            helps(Certainty::VeryLow),
            "but the largest controlled trial found no benefit",
        ),
        Category::Mixed => (helps(Certainty::VeryLow), "but controlled trials disagree"),
        _ => (
            helps(Certainty::VeryLow),
            "without a controlled trial behind it",
        ),
    };
    let headline = format!("{verb}: a regulator approved it in {when}, {basis}.");
    let trial = if is_controlled(a) {
        "controlled trial"
    } else {
        "trial"
    };
    let mut evidence = format!(
        "A regulator approved it in {when} on the strength of a {trial} {} that {}.",
        describe(a),
        found(a)
    );
    if base.key.is_some_and(|k| !std::ptr::eq(k, a)) {
        evidence.push(' ');
        evidence.push_str(&base.evidence);
    } else if let Some(t) = base.evidence.find(" Altogether") {
        evidence.push_str(&base.evidence[t..]);
    }
    (headline, evidence)
}

/// The harms sentence, the studies it names, the serious-event total and the safety stops.
fn harms(
    studies: &[&Study],
    reversal: Option<&Study>,
) -> (Option<String>, Vec<String>, Option<u32>, u32) {
    let treated: Vec<&Study> = studies.iter().copied().filter(|s| in_people(s)).collect();
    let mut named = Vec::new();
    let mut out = Vec::new();
    if let Some(r) = reversal {
        if let Some(result) = &r.result {
            let when = result_date(r).map_or("year not reported".to_string(), |d| d.human());
            let mut kind = kind_noun(r);
            if let Some(first) = kind.get(..1) {
                let upper = first.to_ascii_uppercase();
                kind.replace_range(..1, &upper);
            }
            out.push(format!("{kind}, {when}: {result}"));
            named.push(r.id.clone());
        }
    }
    if treated.is_empty() && out.is_empty() {
        return (None, named, None, 0);
    }

    // Serious side effects, study by study.
    let counted: Vec<(&Study, u32)> = treated
        .iter()
        .filter_map(|s| s.harms.serious_people().map(|n| (*s, n)))
        .collect();
    let serious = (!counted.is_empty()).then(|| counted.iter().map(|(_, n)| *n).sum::<u32>());
    if let Some(total) = serious {
        let mut listed: Vec<(&Study, u32)> = counted.clone();
        crate::order::sort_by(&mut listed, &|a, b| {
            b.1.cmp(&a.1).then(weight_cmp(b.0, a.0))
        });
        let part = |s: &Study, n: u32| {
            let arms = match (s.harms.serious_treatment, s.harms.serious_control) {
                (Some(t), Some(c)) if n > 0 => {
                    format!(", {t} on the treatment and {c} on the comparison")
                }
                _ => String::new(),
            };
            format!("{n} in {}{arms}", trial_phrase(s))
        };
        let shown: Vec<String> = listed.iter().take(4).map(|(s, n)| part(s, *n)).collect();
        let more = if listed.len() > 4 {
            format!("; and {} more", listed.len() - 4)
        } else {
            String::new()
        };
        let studies_word = plural(counted.len() as u32, "study", "studies");
        if total == 0 {
            out.push(format!(
                "No one had a serious adverse event (a serious health problem during a study, whatever its cause) in the {studies_word} that counted them: {}. Small studies can miss rare harms.",
                listed
                    .iter()
                    .take(4)
                    .map(|(s, _)| trial_phrase(s))
                    .collect::<Vec<_>>()
                    .join("; ")
                    + &more
            ));
        } else {
            out.push(format!(
                "{} had a serious adverse event (a serious health problem during a study, whether or not the treatment caused it) in the {studies_word} that counted them: {}{more}.",
                people(total),
                shown.join("; ")
            ));
        }
        named.extend(listed.iter().map(|(s, _)| s.id.clone()));
    }

    let withdrawn: Vec<(&Study, u32)> = treated
        .iter()
        .filter_map(|s| s.harms.withdrawn.map(|n| (*s, n)))
        .collect();
    if !withdrawn.is_empty() {
        let w: u32 = withdrawn.iter().map(|(_, n)| *n).sum();
        out.push(format!(
            "{} stopped taking part because of side effects in the {} that counted this.",
            if w == 0 {
                "No one".to_string()
            } else {
                people(w)
            },
            plural(withdrawn.len() as u32, "study", "studies")
        ));
        named.extend(withdrawn.iter().map(|(s, _)| s.id.clone()));
    }

    let stopped: Vec<&Study> = treated
        .iter()
        .copied()
        .filter(|s| s.harms.stopped_for_safety == Some(true))
        .collect();
    if !stopped.is_empty() {
        out.push(format!(
            "{} stopped early for safety: {}.",
            if stopped.len() == 1 {
                "1 study was".to_string()
            } else {
                format!("{} studies were", stopped.len())
            },
            stopped
                .iter()
                .map(|s| trial_phrase(s))
                .collect::<Vec<_>>()
                .join("; ")
        ));
        named.extend(stopped.iter().map(|s| s.id.clone()));
    }

    let numbers = |s: &Study| {
        s.harms.serious_people().is_some()
            || s.harms.withdrawn.is_some()
            || s.harms.stopped_for_safety == Some(true)
    };
    let words_only = treated
        .iter()
        .filter(|s| !numbers(s) && s.harms.summary.is_some())
        .count() as u32;
    let any_numbers = treated.iter().any(|s| numbers(s));
    if !any_numbers {
        out.push(if words_only > 0 {
            format!(
                "Harms were not reported in a way we could count: {} describe{} side effects only in words.",
                plural(words_only, "study", "studies"),
                if words_only == 1 { "s" } else { "" }
            )
        } else {
            "Harms were not reported in a way we could count.".to_string()
        });
    } else if words_only > 0 {
        out.push(format!(
            "{} describe{} side effects only in words.",
            plural(words_only, "other study", "other studies"),
            if words_only == 1 { "s" } else { "" }
        ));
    }
    let stops = stopped.len() as u32;
    (Some(out.join(" ")), named, serious, stops)
}

struct Running {
    sentence: Option<String>,
    running: u32,
    controlled: u32,
    awaiting: u32,
    stopped: u32,
    largest_target: Option<u32>,
    expected: Option<PartialDate>,
}

fn running(studies: &[&Study], cutoff: Option<PartialDate>) -> Running {
    let run: Vec<&Study> = studies
        .iter()
        .copied()
        .filter(|s| in_people(s) && is_running(s))
        .collect();
    let n = run.len() as u32;
    let controlled = run.iter().filter(|s| is_controlled(s)).count() as u32;
    let awaiting = studies
        .iter()
        .filter(|s| in_people(s) && is_awaiting_report(s))
        .count() as u32;
    let stopped = studies
        .iter()
        .filter(|s| {
            in_people(s) && s.status == Status::Terminated && s.evidence == Evidence::Unreported
        })
        .count() as u32;
    let biggest = run
        .iter()
        .copied()
        .filter(|s| s.people.target.is_some())
        .max_by(|a, b| {
            a.people
                .target
                .cmp(&b.people.target)
                .then(is_controlled(a).cmp(&is_controlled(b)))
        });
    let largest_target = biggest.and_then(|s| s.people.target);
    let expected = run.iter().filter_map(|s| s.end).max();

    let mut parts = Vec::new();
    if n > 0 {
        let what = if controlled == n {
            format!(
                "{} {} running or planned",
                plural(n, "controlled trial", "controlled trials"),
                if n == 1 { "is" } else { "are" }
            )
        } else if controlled == 0 {
            format!(
                "{} without a fair comparison group {} running or planned",
                plural(n, "study", "studies"),
                if n == 1 { "is" } else { "are" }
            )
        } else {
            format!(
                "{} studies are running or planned, {} of them controlled",
                n, controlled
            )
        };
        let target = match biggest {
            Some(b) if n == 1 => format!(
                "; it aims to include {} ({}{})",
                people(b.people.target.unwrap_or(0)),
                phase_words(b.phase),
                scope_words(b)
            ),
            Some(b) => format!(
                "; the largest aims to include {} ({}{}{})",
                people(b.people.target.unwrap_or(0)),
                phase_words(b.phase),
                if is_controlled(b) { ", controlled" } else { "" },
                scope_words(b)
            ),
            None if n == 1 => "; its planned size is not given".to_string(),
            None => "; their planned sizes are not given".to_string(),
        };
        let dated = run.iter().filter(|s| s.end.is_some()).count() as u32;
        let ends = match expected {
            None if n == 1 => "; it gives no end date".to_string(),
            None => "; none gives an end date".to_string(),
            Some(d) if n == 1 => format!("; it is due to end by {}", d.human()),
            Some(d) if dated == n => format!("; all are due to end by {}", d.human()),
            Some(d) => format!(
                "; the latest end date given is {} ({} of {} give one)",
                d.human(),
                dated,
                n
            ),
        };
        parts.push(format!("{what}{target}{ends}."));
        if let Some(c) = cutoff {
            let late = run
                .iter()
                .filter(|s| s.end.is_some_and(|e| e.definitely_before(&c)))
                .count() as u32;
            if late > 0 {
                parts.push(format!(
                    "{} due to end before this data's cut-off ({}) but {} not reported yet.",
                    if late == 1 {
                        "1 of them was".to_string()
                    } else {
                        format!("{late} of them were")
                    },
                    c.human(),
                    if late == 1 { "has" } else { "have" }
                ));
            }
        }
    }
    if awaiting > 0 {
        parts.push(format!(
            "{} finished but {} not reported results yet.",
            plural(awaiting, "study", "studies"),
            if awaiting == 1 { "has" } else { "have" }
        ));
    }
    if stopped > 0 {
        parts.push(format!(
            "{} stopped early without reporting results.",
            plural(stopped, "study", "studies")
        ));
    }
    Running {
        sentence: (!parts.is_empty()).then(|| parts.join(" ")),
        running: n,
        controlled,
        awaiting,
        stopped,
        largest_target,
        expected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ladder::{self, Level};
    use crate::testing::study_from;
    use serde_json::{json, Value};

    /// A valid published uncontrolled pilot with `patch` merged in.
    fn study(patch: Value) -> Study {
        let base = json!({
            "id": "x", "treatment": "t", "title": "A study", "authors": "Smith A et al.",
            "start": null, "end": null, "published": "2020", "status": "published", "phase": "pilot",
            "design": { "randomised": false, "control": "none", "blinding": "open", "crossover": false,
                        "summary": "Everyone got the drug." },
            "people": { "enrolled": 20, "completed": null, "analysed": 20 },
            "population": null, "case_definition": null, "pem_required": null, "scope": "mecfs",
            "primary_outcome": null, "outcome_type": "self-reported", "result": "Something.",
            "caveats": [], "evidence": "preliminary", "reported_in": "journal",
            "sources": [{ "kind": "doi", "id": "10.1000/x", "label": "Journal article" }],
            "confidence": "high", "last_reviewed": "2026-11-22"
        });
        study_from(base, patch)
    }

    /// A published double-blind placebo-controlled trial.
    fn rct(id: &str, phase: &str, evidence: &str, published: &str, n: u32, authors: &str) -> Study {
        study(json!({
            "id": id, "phase": phase, "evidence": evidence, "published": published,
            "authors": authors,
            "design": { "randomised": true, "control": "placebo", "blinding": "double" },
            "people": { "enrolled": n, "analysed": n }
        }))
    }

    /// A controlled trial still running.
    fn running_rct(id: &str, target: u32, end: Option<&str>) -> Study {
        study(json!({
            "id": id, "phase": "2", "evidence": "ongoing", "status": "ongoing", "published": null,
            "end": end, "result": null, "reported_in": null,
            "design": { "randomised": true, "control": "placebo", "blinding": "double" },
            "people": { "enrolled": null, "analysed": null, "target": target }
        }))
    }

    fn v(studies: &[Study]) -> Verdict {
        let refs: Vec<&Study> = studies.iter().collect();
        verdict(&refs)
    }

    fn sentences(v: &Verdict) -> Vec<&str> {
        [
            Some(v.headline.as_str()),
            Some(v.evidence_sentence.as_str()),
            v.harms_sentence.as_deref(),
            v.running_sentence.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// No sentence may call a treatment safe (or harmless): only "stopped early for safety".
    fn assert_never_safe(v: &Verdict) {
        for s in sentences(v) {
            let lower = s.to_ascii_lowercase();
            let words: Vec<&str> = lower
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| !w.is_empty())
                .collect();
            for (i, w) in words.iter().enumerate() {
                let for_safety = *w == "safety" && i > 0 && words[i - 1] == "for";
                assert!(
                    !(w.starts_with("safe") || w.starts_with("harmless")) || for_safety,
                    "`{w}` in: {s}"
                );
            }
        }
    }

    // -- One test per category ------------------------------------------------------------

    #[test]
    fn not_tested_lab_and_reviews_only() {
        let lab = study(json!({ "phase": "pre", "outcome_type": "laboratory" }));
        let review = study(json!({ "id": "r", "phase": "review", "evidence": "mixed" }));
        let out = v(&[lab, review]);
        assert_eq!(out.category, Category::NotTested);
        assert_eq!(out.certainty, Certainty::VeryLow);
        assert_eq!(out.key_study, None);
        assert!(out.headline.contains("only in the lab"), "{}", out.headline);
        assert!(out.evidence_sentence.contains("1 lab study and 1 review"));
        assert_eq!(out.harms_sentence, None, "nobody was treated");
        // Nothing at all.
        let empty = verdict(&[]);
        assert_eq!(empty.category, Category::NotTested);
        assert_eq!(empty.running_sentence, None);
    }

    #[test]
    fn uncontrolled_only() {
        let a = study(
            json!({ "id": "a", "people": { "enrolled": 86, "analysed": 70 }, "published": "2025" }),
        );
        let b = study(json!({ "id": "b", "phase": "obs" }));
        let out = v(&[a, b]);
        assert_eq!(out.category, Category::UncontrolledOnly);
        assert_eq!(out.key_study.as_deref(), Some("a"));
        assert!(
            out.evidence_sentence
                .contains("the largest (70 of 86 people analysed, pilot, 2025)"),
            "{}",
            out.evidence_sentence
        );
        assert!(out.headline.starts_with("We don't know"));
        assert_eq!(out.controlled_trials, 0);
    }

    #[test]
    fn awaiting_controlled() {
        let pilot = study(json!({ "id": "p" }));
        let out = v(&[pilot.clone(), running_rct("r", 80, Some("2027-10"))]);
        assert_eq!(out.category, Category::AwaitingControlled);
        assert_eq!(out.key_study.as_deref(), Some("p"));
        // A finished controlled trial still waiting to report counts as awaited too.
        let unreported = study(json!({
            "id": "u", "status": "completed", "evidence": "unreported", "end": "2024",
            "result": null, "reported_in": null,
            "design": { "randomised": true, "control": "placebo", "blinding": "double" }
        }));
        let out = v(&[pilot, unreported]);
        assert_eq!(out.category, Category::AwaitingControlled);
        assert_eq!(out.awaiting_report, 1);
        assert!(out
            .running_sentence
            .as_deref()
            .is_some_and(|s| s.contains("1 study finished but has not reported results yet")));
    }

    #[test]
    fn no_benefit_when_every_controlled_result_is_negative() {
        let out = v(&[
            rct("a", "2", "negative", "2017", 60, "Smith A et al."),
            rct("b", "3", "negative", "2020", 150, "Jones B et al."),
        ]);
        assert_eq!(out.category, Category::NoBenefit);
        assert_eq!(out.key_study.as_deref(), Some("b"));
        assert!(out
            .headline
            .contains("both controlled trials found no benefit"));
        // 150 people, placebo, double-blind: 6, +1 for two independent groups.
        assert_eq!(out.score, Some(6));
        assert_eq!(out.certainty, Certainty::Moderate);
        assert!(out.headline.starts_with("Probably does not help"));
    }

    #[test]
    fn mixed_when_controlled_results_conflict() {
        let out = v(&[
            rct("a", "2", "positive", "2018", 50, "Smith A et al."),
            rct("b", "2", "negative", "2016", 60, "Jones B et al."),
        ]);
        assert_eq!(
            out.category,
            Category::Mixed,
            "a newer positive after the larger negative"
        );
        assert_eq!(out.certainty, Certainty::VeryLow);
        assert!(out.headline.contains("disagree"));
        assert_eq!((out.positive_trials, out.negative_trials), (1, 1));
        // The only controlled result is mixed.
        let out = v(&[rct("m", "2", "mixed", "2017", 60, "Smith A et al.")]);
        assert_eq!(out.category, Category::Mixed);
        assert!(out
            .headline
            .contains("the only controlled trial had mixed results"));
    }

    #[test]
    fn one_positive_trial() {
        let out = v(&[rct("a", "2", "positive", "2017", 60, "Smith A et al.")]);
        assert_eq!(out.category, Category::OnePositive);
        assert!(out.certainty <= Certainty::Low);
        assert!(out
            .headline
            .contains("not yet confirmed by another research group"));
        // A smaller negative trial does not undo it, but the headline says so.
        let out = v(&[
            rct("a", "2", "positive", "2017", 60, "Smith A et al."),
            rct("b", "2", "negative", "2018", 50, "Jones B et al."),
        ]);
        assert_eq!(out.category, Category::OnePositive);
        assert!(
            out.headline
                .contains("the largest controlled trial found a benefit; 1 other did not find a clear benefit"),
            "{}",
            out.headline
        );
        // Two positives from one group (a shared surname) are still one group.
        let out = v(&[
            rct("a", "2", "positive", "2017", 60, "Smith A, Brown C"),
            rct("b", "3", "positive", "2020", 200, "Brown C et al."),
        ]);
        assert_eq!(out.category, Category::OnePositive);
        assert_eq!(out.positive_groups, 1);
        assert_eq!(
            out.certainty,
            Certainty::Low,
            "a 200-person trial scores 6 but one group is at most Low"
        );
        assert!(out
            .headline
            .starts_with("May help: 2 controlled trials from one research group"));
    }

    #[test]
    fn confirmed_by_two_independent_groups() {
        let out = v(&[
            rct("a", "2", "positive", "2017", 60, "Smith A et al."),
            rct("b", "3", "positive", "2020", 200, "Jones B et al."),
        ]);
        assert_eq!(out.category, Category::Confirmed);
        assert_eq!(out.positive_groups, 2);
        assert_eq!(out.key_study.as_deref(), Some("b"));
        assert_eq!(out.certainty, Certainty::Moderate);
        assert!(out
            .headline
            .starts_with("Probably helps: controlled trials by 2 independent"));
        // A larger negative trial takes the confirmation away.
        let out = v(&[
            rct("a", "2", "positive", "2017", 60, "Smith A et al."),
            rct("b", "3", "positive", "2018", 100, "Jones B et al."),
            rct("c", "3", "negative", "2020", 300, "Lee C et al."),
        ]);
        assert_eq!(out.category, Category::NoBenefit);
    }

    /// An unblinded trial against no treatment, with a self-reported outcome.
    fn open_rct(id: &str, published: &str, n: u32, authors: &str) -> Study {
        study(json!({
            "id": id, "phase": "2", "evidence": "positive", "published": published,
            "authors": authors, "outcome_type": "self-reported",
            "design": { "randomised": true, "control": "untreated", "blinding": "open" },
            "people": { "enrolled": n, "analysed": n }
        }))
    }

    #[test]
    fn open_self_reported_positives_do_not_confirm() {
        // Three groups, all unblinded with self-reported outcomes: not a confirmation.
        let out = v(&[
            open_rct("a", "2015", 100, "Smith A et al."),
            open_rct("b", "2018", 150, "Jones B et al."),
            open_rct("c", "2021", 200, "Lee C et al."),
        ]);
        assert_eq!(out.category, Category::Mixed);
        assert_eq!(out.positive_groups, 3);
        assert!(out.certainty <= Certainty::Low);
        assert!(
            out.headline.contains("none of those trials was blinded"),
            "{}",
            out.headline
        );
        // One blinded trial among them is still not two groups of fair tests.
        let out = v(&[
            open_rct("a", "2015", 100, "Smith A et al."),
            rct("b", "3", "positive", "2018", 150, "Jones B et al."),
        ]);
        assert_eq!(out.category, Category::Mixed);
        assert!(
            out.headline
                .contains("only one of those trials was blinded"),
            "{}",
            out.headline
        );
        // A lab marker alone does not confirm either, even blinded.
        let mut lab = rct("c", "2", "positive", "2019", 40, "Lee C et al.");
        lab.outcome_type = Some(OutcomeType::Laboratory);
        let out = v(&[
            rct("b", "3", "positive", "2018", 150, "Jones B et al."),
            lab,
        ]);
        assert_eq!(out.category, Category::Mixed);
        // An objective outcome counts as a fair test without blinding.
        let mut objective = open_rct("d", "2020", 80, "Lee C et al.");
        objective.outcome_type = Some(OutcomeType::Objective);
        let out = v(&[
            rct("b", "3", "positive", "2018", 150, "Jones B et al."),
            objective,
        ]);
        assert_eq!(out.category, Category::Confirmed);
    }

    #[test]
    fn approved_names_the_date_and_the_trial() {
        let trial = study(json!({
            "id": "amp", "phase": "3", "evidence": "approved", "published": "2012",
            "approved": "2016-08", "authors": "Strayer DR et al.", "outcome_type": "objective",
            "design": { "randomised": true, "control": "placebo", "blinding": "double" },
            "people": { "enrolled": 234, "analysed": 234 }
        }));
        let earlier = rct("p2", "2", "positive", "1994", 92, "Strayer DR et al.");
        let out = v(&[trial, earlier]);
        assert_eq!(out.category, Category::Approved);
        assert_eq!(out.key_study.as_deref(), Some("amp"));
        assert!(out.headline.contains("August 2016"), "{}", out.headline);
        assert!(out.headline.contains("one research group"));
        assert!(out.evidence_sentence.contains(
            "August 2016 on the strength of a controlled trial (234 people, phase 3, 2012)"
        ));
        assert_eq!(out.certainty, Certainty::Low, "one group: at most Low");
        assert_eq!(out.controlled_trials, 2);
    }

    #[test]
    fn removed_wins_over_everything_and_quotes_the_reversal() {
        let guideline = study(json!({
            "id": "g", "phase": "review", "evidence": "refuted", "published": "2021-10",
            "authors": "NICE (National Institute for Health and Care Excellence)",
            "reported_in": "official", "people": { "enrolled": null, "analysed": null },
            "result": "The guideline says it should not be offered."
        }));
        let reversed = study(json!({
            "id": "pace", "phase": "unstated", "evidence": "refuted", "published": "2011",
            "design": { "randomised": true, "control": "active", "blinding": "open" },
            "people": { "enrolled": 641, "analysed": null }
        }));
        let approved = study(json!({
            "id": "ap", "phase": "3", "evidence": "approved", "approved": "2015",
            "design": { "randomised": true, "control": "placebo", "blinding": "double" }
        }));
        let pos = rct("a", "2", "positive", "2005", 60, "Jones B et al.");
        let out = v(&[pos, reversed, guideline, approved]);
        assert_eq!(out.category, Category::Removed);
        assert_eq!(out.key_study.as_deref(), Some("g"));
        assert_eq!(
            out.headline,
            "No longer recommended: an official guideline reversed it in 2021."
        );
        assert!(out.evidence_sentence.contains("NICE"));
        assert!(out
            .evidence_sentence
            .contains("641 people, phase not stated, 2011"));
        let harms = out.harms_sentence.unwrap();
        assert!(
            harms.starts_with(
                "Official guideline, October 2021: The guideline says it should not be offered."
            ),
            "{harms}"
        );
        assert!(out.harms_studies.contains(&"g".to_string()));
    }

    // -- Specific rules ---------------------------------------------------------------------

    #[test]
    fn a_large_negative_after_small_positive_ones_is_no_benefit() {
        // Rituximab-like: small mixed phase 2 (2011), then a negative phase 3 of 151 (2019).
        let data = [
            study(
                json!({ "id": "cases", "phase": "obs", "published": "2009", "people": { "enrolled": 3, "analysed": 3 } }),
            ),
            rct("p2", "2", "mixed", "2011-10", 30, "Fluge Ø et al."),
            rct("p2b", "2", "positive", "2013", 28, "Other X et al."),
            rct("p3", "3", "negative", "2019", 151, "Fluge Ø et al."),
        ];
        let out = v(&data);
        assert_eq!(out.category, Category::NoBenefit);
        assert_eq!(out.key_study.as_deref(), Some("p3"));
        assert!(out
            .headline
            .contains("outweighing smaller, more hopeful ones"));
        assert!(out.evidence_sentence.starts_with(
            "The largest controlled trial (151 people, phase 3, 2019) found no benefit."
        ));
        assert_eq!(out.controlled_people, 30 + 28 + 151);
        // The same large negative *before* a newer smaller positive is a conflict, not "no benefit".
        let data = [
            rct("p3", "3", "negative", "2012", 151, "Fluge Ø et al."),
            rct("p2", "2", "positive", "2019", 30, "Other X et al."),
        ];
        assert_eq!(v(&data).category, Category::Mixed);
    }

    #[test]
    fn preliminary_from_a_randomised_trial_is_not_a_controlled_result() {
        let early = study(json!({
            "phase": "2", "evidence": "preliminary",
            "design": { "randomised": true, "control": "placebo", "blinding": "double" }
        }));
        assert!(is_controlled(&early));
        let out = v(&[early]);
        assert_eq!(out.category, Category::UncontrolledOnly);
        assert_eq!(out.controlled_trials, 0);
        assert_eq!(out.controlled_people, 0);
        // As on the ladder: at most open-label.
        assert!(ladder::raises_to(&v_study_preliminary()) <= Some(Level::OpenLabel));
    }

    fn v_study_preliminary() -> Study {
        study(json!({
            "phase": "3", "evidence": "preliminary",
            "design": { "randomised": true, "control": "placebo", "blinding": "double" }
        }))
    }

    #[test]
    fn an_unknown_design_never_counts_upwards() {
        // Mixed results with "randomised: not reported", or randomised without a named control.
        let unknown = study(json!({
            "id": "u", "phase": "2", "evidence": "mixed",
            "design": { "randomised": null, "control": "placebo", "blinding": "double" }
        }));
        let no_control = study(json!({
            "id": "n", "phase": "2", "evidence": "mixed",
            "design": { "randomised": true, "control": null, "blinding": null }
        }));
        let out = v(&[unknown, no_control]);
        assert_eq!(out.category, Category::UncontrolledOnly);
        assert_eq!(out.controlled_trials, 0);
        // A planned trial of unknown design is not an awaited controlled trial.
        let planned = study(json!({
            "id": "pl", "phase": "2", "evidence": "planned", "status": "planned", "result": null,
            "reported_in": null, "published": null,
            "design": { "randomised": null, "control": "none", "blinding": "double" },
            "people": { "enrolled": null, "analysed": null, "target": 75 }
        }));
        let out = v(&[study(json!({})), planned]);
        assert_eq!(out.category, Category::UncontrolledOnly);
        assert_eq!((out.running, out.running_controlled), (1, 0));
    }

    #[test]
    fn the_harms_sentence_adds_up_and_names_stops_for_safety() {
        let a = study(json!({
            "id": "a", "phase": "3", "evidence": "negative", "published": "2019",
            "design": { "randomised": true, "control": "placebo", "blinding": "double" },
            "people": { "enrolled": 151, "analysed": 151 },
            "harms": { "serious_total": 34, "serious_treatment": 20, "serious_control": 14 }
        }));
        let b = study(json!({
            "id": "b", "published": "2015", "people": { "enrolled": 29, "analysed": 29 },
            "harms": { "serious_treatment": 3, "withdrawn": 2 }
        }));
        let c = study(json!({
            "id": "c", "status": "terminated", "published": "2016", "phase": "2",
            "people": { "enrolled": 12, "analysed": 10 },
            "harms": { "stopped_for_safety": true, "summary": "Two people had liver problems." }
        }));
        let d = study(json!({ "id": "d", "harms": { "summary": "Mild headaches were common." } }));
        let out = v(&[a, b, c, d]);
        let h = out.harms_sentence.clone().unwrap();
        assert_eq!(out.serious_people, Some(37));
        assert!(
            h.starts_with("37 people had a serious adverse event (a serious health problem during a study, whether or not the treatment caused it) in the 2 studies that counted them: 34 in the phase 3 trial of 151 people (2019), 20 on the treatment and 14 on the comparison; 3 in the pilot study of 29 people (2015)."),
            "{h}"
        );
        assert!(h.contains("2 people stopped taking part because of side effects in the 1 study"));
        assert!(
            h.contains(
                "1 study was stopped early for safety: the phase 2 trial of 12 people (2016)."
            ),
            "{h}"
        );
        assert!(
            h.contains("1 other study describes side effects only in words."),
            "{h}"
        );
        assert_eq!(out.stopped_for_safety, 1);
        for id in ["a", "b", "c"] {
            assert!(out.harms_studies.contains(&id.to_string()), "{id}");
        }
        assert_never_safe(&out);

        // Zero serious events is not "safe".
        let zero = study(json!({ "harms": { "serious_total": 0, "serious_treatment": 0 } }));
        let out = v(&[zero]);
        let h = out.harms_sentence.clone().unwrap();
        assert!(h.starts_with("No one had a serious adverse event (a serious health problem during a study, whatever its cause) in the 1 study that counted them"));
        assert!(h.contains("Small studies can miss rare harms."));
        assert_never_safe(&out);

        // Nothing reported at all.
        let out = v(&[study(json!({}))]);
        assert_eq!(
            out.harms_sentence.as_deref(),
            Some("Harms were not reported in a way we could count.")
        );
    }

    #[test]
    fn the_running_sentence_gives_the_largest_target_and_the_latest_end() {
        let data = [
            study(json!({ "id": "p" })),
            running_rct("a", 66, None),
            running_rct("b", 80, Some("2027-10-31")),
            study(json!({
                "id": "o", "phase": "obs", "evidence": "ongoing", "status": "ongoing",
                "result": null, "reported_in": null, "published": null, "end": "2025-08",
                "people": { "enrolled": null, "analysed": null, "target": 200 }
            })),
        ];
        let refs: Vec<&Study> = data.iter().collect();
        let out = verdict_at(&refs, Some(PartialDate::parse("2026-11-30").unwrap()));
        assert_eq!(out.category, Category::AwaitingControlled);
        assert_eq!((out.running, out.running_controlled), (3, 2));
        assert_eq!(out.largest_running_target, Some(200));
        assert_eq!(
            out.expected,
            Some(PartialDate::parse("2027-10-31").unwrap())
        );
        let r = out.running_sentence.unwrap();
        assert!(
            r.starts_with("3 studies are running or planned, 2 of them controlled; the largest aims to include 200 people (observational); the latest end date given is 31 October 2027 (2 of 3 give one)."),
            "{r}"
        );
        assert!(r.contains("1 of them was due to end before this data's cut-off (30 November 2026) but has not reported yet."), "{r}");

        let one = [running_rct("a", 30, Some("2027-10-31"))];
        let r = v(&one).running_sentence.unwrap();
        assert_eq!(
            r,
            "1 controlled trial is running or planned; it aims to include 30 people (phase 2); it is due to end by 31 October 2027."
        );
        assert_eq!(v(&[study(json!({}))]).running_sentence, None);
    }

    #[test]
    fn certainty_drops_for_open_label_self_reported_trials() {
        let blinded = rct("a", "3", "positive", "2020", 200, "Smith A et al.");
        let mut open = blinded.clone();
        open.design.blinding = Some(Blinding::Open);
        assert_eq!(score(&blinded), 6);
        assert_eq!(
            score(&open),
            6 - 2 - 1,
            "no blinding points, and −1 for self-reported + open"
        );
        let mut objective = open.clone();
        objective.outcome_type = Some(OutcomeType::Objective);
        assert_eq!(score(&objective), 5);
        assert!(score(&open) < score(&blinded));
        // The verdicts follow: Moderate when blinded (two groups), Low when open.
        let second = rct("b", "2", "positive", "2018", 120, "Jones B et al.");
        let mut second_open = second.clone();
        second_open.design.blinding = Some(Blinding::Open);
        assert_eq!(v(&[blinded, second]).certainty, Certainty::Moderate);
        assert_eq!(v(&[open, second_open]).certainty, Certainty::Low);
    }

    #[test]
    fn score_lines() {
        let base = rct("a", "3", "positive", "2020", 200, "Smith A et al.");
        let with = |f: &dyn Fn(&mut Study)| {
            let mut s = base.clone();
            f(&mut s);
            score(&s) - score(&base)
        };
        assert_eq!(with(&|s| s.pem_required = Some(true)), 1);
        assert_eq!(with(&|s| s.pem_required = Some(false)), 0);
        assert_eq!(
            with(&|s| s.people.completed = Some(150)),
            -1,
            "75% completed"
        );
        assert_eq!(
            with(&|s| s.people.completed = Some(160)),
            0,
            "80% completed"
        );
        assert_eq!(with(&|s| s.reported_in = Some(ReportedIn::Press)), -1);
        assert_eq!(with(&|s| s.reported_in = Some(ReportedIn::Registry)), 0);
        assert_eq!(with(&|s| s.published = Some(PartialDate::year(1999))), -1);
        assert_eq!(with(&|s| s.scope = Scope::LongCovid), -1);
        assert_eq!(with(&|s| s.design.control = Some(Control::Active)), -1);
        assert_eq!(with(&|s| s.people.analysed = Some(99)), -1);
        assert_eq!(with(&|s| s.people.analysed = Some(29)), -2);
        assert_eq!(with(&|s| s.design.blinding = Some(Blinding::Single)), -1);
        assert_eq!(Certainty::from_score(6), Certainty::Moderate);
        assert_eq!(Certainty::from_score(5), Certainty::Low);
        assert_eq!(Certainty::from_score(3), Certainty::Low);
        assert_eq!(Certainty::from_score(2), Certainty::VeryLow);
        // A well-run small trial is still at most Low.
        let small = rct("s", "2", "negative", "2020", 60, "Smith A et al.");
        assert_eq!(v(&[small]).certainty, Certainty::Low);
    }

    #[test]
    fn sentences_name_size_phase_and_year_and_the_scope() {
        let mut lc = rct("lc", "unstated", "negative", "2026", 40, "Stortz M et al.");
        lc.scope = Scope::LongCovid;
        lc.design.control = Some(Control::Sham);
        lc.people.analysed = None;
        let out = v(&[lc]);
        assert_eq!(
            out.evidence_sentence,
            "The only controlled trial (40 people, phase not stated, 2026, in people with long COVID) found no benefit."
        );
        let mut press = rct("pr", "2", "negative", "2024", 114, "X Y");
        press.reported_in = Some(ReportedIn::Press);
        assert!(v(&[press])
            .evidence_sentence
            .contains("(114 people, phase 2, 2024, reported only in a press release)"));
        let unknown = rct("u", "2", "positive", "2020", 0, "X Y");
        let mut unknown = unknown;
        unknown.people = Default::default();
        assert!(
            v(&[unknown.clone(), rct("k", "2", "mixed", "2019", 0, "Z Q")])
                .evidence_sentence
                .contains("size not reported")
        );
        let mut partial = v(&[unknown, rct("k", "2", "negative", "2021", 50, "Z Q")]);
        assert!(partial.controlled_people_partial);
        assert!(
            partial
                .evidence_sentence
                .contains("with at least 50 people"),
            "{}",
            partial.evidence_sentence
        );
        partial.evidence_sentence.clear();
    }

    #[test]
    fn independent_groups_heuristic() {
        let by = |a: &str| {
            let mut s = study(json!({}));
            s.authors = Some(a.to_string());
            s
        };
        assert!(independent(&by("Fluge Ø et al."), &by("Strayer DR et al.")));
        assert!(!independent(&by("Fluge Ø et al."), &by("fluge O, Mella O")));
        assert!(!independent(
            &by("Fulcher KY, White PD"),
            &by("White PD et al.")
        ));
        assert!(!independent(&by("Smith A and Brown C"), &by("Brown C")));
        let mut anon = study(json!({}));
        anon.authors = None;
        assert!(!independent(&anon, &by("Smith A")));
        assert_eq!(surnames("Fluge Ø et al."), vec!["fluge"]);
        assert_eq!(surnames("Martini Sasso E et al."), vec!["martini"]);
        assert_eq!(
            surnames("NICE (National Institute for Health and Care Excellence)"),
            vec!["nice"]
        );
    }

    #[test]
    fn categories_and_certainties_are_described() {
        let mut icons: Vec<&str> = Category::ALL.iter().map(|c| c.icon()).collect();
        icons.dedup();
        assert_eq!(icons.len(), Category::ALL.len());
        for (i, c) in Category::ALL.iter().enumerate() {
            assert_eq!(c.rank() as usize, i);
            assert!(!c.key().is_empty() && !c.label().is_empty());
            assert!(c.definition().ends_with('.'));
            assert!(Category::ALL.iter().filter(|d| d.key() == c.key()).count() == 1);
            assert!(
                Category::ALL
                    .iter()
                    .filter(|d| d.icon() == c.icon())
                    .count()
                    == 1
            );
        }
        assert!(Category::ALL.windows(2).all(|w| w[0] < w[1]));
        assert!(Certainty::ALL.windows(2).all(|w| w[0] < w[1]));
        for c in Certainty::ALL {
            assert!(c.definition().ends_with('.') && !c.word().is_empty());
        }
    }

    #[test]
    fn by_strength_orders_category_then_certainty_then_people() {
        let weak = v(&[study(json!({}))]);
        let small = v(&[rct("a", "2", "positive", "2017", 40, "Smith A et al.")]);
        let large = v(&[rct("a", "2", "positive", "2017", 90, "Smith A et al.")]);
        let mut list = vec![large.clone(), weak.clone(), small.clone()];
        crate::order::sort_by(&mut list, &by_strength);
        assert_eq!(list, vec![weak, small, large]);
    }

    // -- The real dataset ------------------------------------------------------------------

    fn real() -> &'static Dataset {
        static CELL: std::sync::OnceLock<Dataset> = std::sync::OnceLock::new();
        CELL.get_or_init(|| {
            Dataset::from_json(include_str!("../../../data/studies.json"))
                .expect("data/studies.json is valid")
        })
    }

    fn real_verdict(key: &str) -> Verdict {
        let d = real();
        let i = d.treatment_index(key).expect("treatment exists");
        all(d).swap_remove(i)
    }

    fn show(v: &Verdict) -> String {
        sentences(v).join("\n")
    }

    #[test]
    fn real_rituximab_probably_does_not_help() {
        let v = real_verdict("rituximab");
        assert_eq!(v.category, Category::NoBenefit, "{}", show(&v));
        assert_eq!(v.key_study.as_deref(), Some("fluge-2019-rituxme-phase3"));
        assert_eq!(v.certainty, Certainty::Moderate);
        assert!(v.headline.starts_with("Probably does not help"));
        assert!(v.evidence_sentence.contains(
            "The largest controlled trial (151 people, phase 3, 2019) found no benefit."
        ));
        // The 2011 phase 2 (30, mixed) and the 2019 phase 3 (151).
        assert_eq!((v.controlled_trials, v.controlled_people), (2, 181));
        assert_eq!(v.serious_people, Some(34));
        let running = v.running_sentence.as_deref().unwrap();
        assert!(
            running
                .contains("1 controlled trial is running or planned; it aims to include 30 people"),
            "{running}"
        );
    }

    #[test]
    fn real_rintatolimod_is_approved_on_the_2012_phase_3() {
        let v = real_verdict("rintatolimod");
        assert_eq!(v.category, Category::Approved, "{}", show(&v));
        assert_eq!(
            v.key_study.as_deref(),
            Some("strayer-2012-rintatolimod-amp516")
        );
        assert!(v.headline.contains("2016"));
        assert!(
            v.evidence_sentence.contains("(234 people, phase 3, 2012)"),
            "{}",
            v.evidence_sentence
        );
        // Both controlled trials are Strayer's: one group, so at most "may".
        assert_eq!(v.positive_groups, 1);
        assert!(v.certainty <= Certainty::Low);
        let note = real().treatments()[real().treatment_index("rintatolimod").unwrap()]
            .note
            .as_ref()
            .expect("rintatolimod has a note");
        assert!(note.text.contains("Argentina") && note.text.contains("2016"));
    }

    #[test]
    fn real_rapamycin_awaits_its_controlled_trial() {
        // One open-label pilot (preliminary) and a placebo-controlled phase 3 in long COVID that
        // is running: no controlled result yet, one awaited.
        let v = real_verdict("rapamycin");
        assert_eq!(v.category, Category::AwaitingControlled, "{}", show(&v));
        assert_eq!(v.key_study.as_deref(), Some("ruan-2025-rapamycin-pilot"));
        assert_eq!(v.controlled_trials, 0);
        assert!(v
            .evidence_sentence
            .contains("(70 of 86 people analysed, pilot, 2025)"));
        let r = v.running_sentence.as_deref().unwrap();
        assert!(
            r.contains("80 people (phase 3, in people with long COVID)"),
            "{r}"
        );
    }

    #[test]
    fn real_low_dose_naltrexone_awaits_a_controlled_trial() {
        // Lab work, a retrospective record review (218 people), small lab-outcome observations
        // and an open pilot; a placebo-controlled phase 2 (160 people, ME/CFS after COVID) is
        // listed as ongoing though its end date has passed; two planned trials whose design is
        // not recorded as randomised do not count as controlled.
        let v = real_verdict("low-dose-naltrexone");
        assert_eq!(v.category, Category::AwaitingControlled, "{}", show(&v));
        assert_eq!(v.key_study.as_deref(), Some("polo-2019-ldn-retrospective"));
        assert_eq!(v.controlled_trials, 0);
        assert_eq!((v.running, v.running_controlled), (3, 1));
        assert_eq!(v.largest_running_target, Some(160));
        let r = v.running_sentence.as_deref().unwrap();
        assert!(
            r.contains("was due to end before this data's cut-off"),
            "{r}"
        );
        assert!(
            r.contains("1 study stopped early without reporting results."),
            "{r}"
        );
    }

    #[test]
    fn real_graded_exercise_therapy_is_dropped() {
        let v = real_verdict("graded-exercise-therapy");
        assert_eq!(v.category, Category::Removed, "{}", show(&v));
        assert_eq!(v.key_study.as_deref(), Some("nice-2021-ng206-guideline"));
        assert!(v.headline.contains("2021"));
        let h = v.harms_sentence.as_deref().unwrap();
        assert!(h.starts_with("Official guideline, 29 October 2021: The guideline says people with ME/CFS should not be offered graded exercise therapy"), "{h}");
        assert!(v.evidence_sentence.contains("641 people"));
        // PACE's safety table: 13 on graded exercise and 7 on specialist care alone had a
        // serious adverse event.
        assert!(
            h.contains("13 on the treatment and 7 on the comparison"),
            "{h}"
        );
        let note = real().treatments()[real().treatment_index("graded-exercise-therapy").unwrap()]
            .note
            .as_ref()
            .expect("graded exercise therapy has a note");
        assert!(note.text.contains("NICE"));
    }

    #[test]
    fn real_immunoadsorption() {
        // Nine records: five uncontrolled reports, one negative sham-controlled trial in long
        // COVID (40 people, 2026), two sham-controlled trials finished without results and one
        // running observational study.
        let d = real();
        let ti = d.treatment_index("immunoadsorption").unwrap();
        assert_eq!(d.treatment_of.iter().filter(|&&t| t == ti).count(), 9);
        let v = real_verdict("immunoadsorption");
        assert_eq!(v.category, Category::NoBenefit, "{}", show(&v));
        assert_eq!(v.key_study.as_deref(), Some("stortz-2026-iampoco-sham-rct"));
        assert_eq!(v.positive_trials, 0);
        assert!(
            v.certainty <= Certainty::Low,
            "one 40-person trial in long COVID"
        );
        assert_eq!(
            v.evidence_sentence,
            "The only controlled trial (40 people, phase not stated, 2026, in people with long COVID) found no benefit."
        );
        // The two German sham-controlled trials (EXTINCT in Hannover, IA-PACS-CFS at Charité)
        // are finished without results; one observational study is still running.
        assert_eq!((v.running, v.running_controlled), (1, 0));
        let r = v.running_sentence.as_deref().unwrap();
        assert!(
            r.contains("2 studies finished but have not reported results yet."),
            "{r}"
        );
    }

    #[test]
    fn real_verdicts_agree_with_the_ladder_and_never_say_safe() {
        let d = real();
        let verdicts = all(d);
        assert_eq!(verdicts.len(), d.treatments().len());
        for (ti, v) in verdicts.iter().enumerate() {
            let t = &d.treatments()[ti];
            assert_eq!(v.treatment, t.key);
            let own: Vec<&Study> = d
                .studies()
                .iter()
                .enumerate()
                .filter(|(i, _)| d.treatment_of[*i] == ti)
                .map(|(_, s)| s)
                .collect();
            let idx: Vec<usize> = (0..own.len()).collect();
            let sum = ladder::summarise(&own, &idx, 2026);
            let ctx = format!("{}: {}", t.key, show(v));
            match v.category {
                Category::OnePositive | Category::Confirmed => {
                    assert!(sum.highest >= Some(Level::ControlledPhase2), "{ctx}");
                    assert!(sum.positive_rcts > 0, "{ctx}");
                }
                Category::NotTested => assert!(sum.highest <= Some(Level::Preclinical), "{ctx}"),
                Category::UncontrolledOnly | Category::AwaitingControlled => {
                    assert!(sum.highest <= Some(Level::OpenLabel), "{ctx}");
                    assert_eq!(sum.positive_rcts + sum.negative_rcts, 0, "{ctx}");
                }
                Category::NoBenefit => assert!(sum.negative_rcts > 0, "{ctx}"),
                Category::Approved => assert_eq!(sum.highest, Some(Level::Approved), "{ctx}"),
                Category::Mixed | Category::Removed => {}
            }
            // The headline speaks with the verdict's certainty.
            if v.category != Category::Removed {
                let opening = match v.certainty {
                    Certainty::Moderate => "Probably",
                    Certainty::Low => "May",
                    Certainty::VeryLow => "We don't know",
                };
                assert!(v.headline.starts_with(opening), "{ctx}");
            }
            // Sentences end as sentences, name their key study's year, and never say "safe".
            for s in sentences(v) {
                assert!(s.ends_with('.'), "{ctx}");
                assert!(!s.contains("n="), "{ctx}");
            }
            if let Some(id) = &v.key_study {
                let key = own
                    .iter()
                    .find(|s| &s.id == id)
                    .expect("key study is the treatment's");
                if let Some(y) = result_date(key) {
                    assert!(v.evidence_sentence.contains(&y.year.to_string()), "{ctx}");
                }
            }
            assert_never_safe(v);
        }
        // The result dates agree with the ladder's result years.
        for s in d.studies() {
            assert_eq!(
                result_date(s).map(|d| d.year),
                ladder::result_year(s),
                "{}",
                s.id
            );
            // Controlled in the verdict's sense is the ladder's controlled rung.
            if matches!(
                s.evidence,
                Evidence::Positive | Evidence::Negative | Evidence::Mixed
            ) && s.phase != Phase::Review
            {
                assert_eq!(
                    is_controlled(s),
                    ladder::level_of(s) >= Some(Level::ControlledPhase2),
                    "{}",
                    s.id
                );
            }
        }
    }

    #[test]
    fn real_notes_reuse_their_records_sources() {
        let d = real();
        for t in d.treatments() {
            let Some(note) = &t.note else { continue };
            for src in &note.sources {
                assert!(
                    d.studies()
                        .iter()
                        .filter(|s| s.treatment == t.key)
                        .any(|s| s.sources.contains(src)),
                    "{}: note source {} is not one of its studies' sources",
                    t.key,
                    src.id
                );
            }
        }
    }
}
