//! The data model of the evidence base: what a study *is*, in types that make wrong states hard
//! to write. Plain Rust (serde only, no yew, no browser), in the data crate that `build.rs` also
//! uses to validate the dataset before the widget is built.
//!
//! Every enum carries its stable key (used in the JSON file and in URLs), a short label and, where
//! the legend needs one, a one-line plain-language definition. Unknown values are `None`/`null`
//! and the UI says "not reported" rather than guessing.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Defines a closed set of values as an enum with a key and a label per value: `ALL` (in the
/// order written, which is also the order of the discriminants), `key`, `label`, `from_key` and
/// `index`. The caller writes the enum's attributes (derives, docs) and visibility. It is the
/// table under every [`vocabulary!`] below, and the widget's own key ↔ value ↔ label tables
/// (view kinds, design flags, themes, sort columns and the URL parameters, in `mecfs-core`) use it
/// as `mecfs_data::keyed!`, so no such table is written out by hand.
#[macro_export]
macro_rules! keyed {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $key:literal, $label:literal; )+
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in the order written: display order (for the URL parameters, their
            /// canonical order).
            pub const ALL: &'static [$name] = &[$( $name::$variant, )+];

            /// The stable key (in URLs; for the dataset's vocabularies also in the data file).
            pub fn key(self) -> &'static str {
                match self { $( $name::$variant => $key, )+ }
            }

            /// Short human label.
            pub fn label(self) -> &'static str {
                match self { $( $name::$variant => $label, )+ }
            }

            /// Looks a value up by its key.
            pub fn from_key(key: &str) -> Option<Self> {
                match key { $( $key => Some($name::$variant), )+ _ => None }
            }

            /// Position in [`Self::ALL`]; used for bitset indexes and per-value slots.
            pub fn index(self) -> usize {
                self as usize
            }
        }
    };
}

/// Defines a closed vocabulary of the dataset: serde key, URL key, label and a one-line
/// definition per value ([`keyed!`] plus the serde names, `definition` and `Display`).
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $key:literal, $label:literal, $def:literal; )+
        }
    ) => {
        $crate::keyed! {
            $(#[$meta])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
            pub enum $name {
                $( $(#[$vmeta])* #[serde(rename = $key)] $variant = $key, $label; )+
            }
        }

        impl $name {
            /// One plain-language sentence explaining the value (shown in legends and tooltips).
            pub fn definition(self) -> &'static str {
                match self { $( $name::$variant => $def, )+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

vocabulary! {
    /// The biological system a treatment targets; lanes are grouped under these headings.
    Mechanism {
        Immune = "immune", "Immune / autoimmunity", "Treatments that remove, block or calm parts of the immune system, including autoantibodies.";
        Antiviral = "antiviral", "Antiviral", "Treatments aimed at viruses thought to stay active in some patients.";
        Metabolic = "metabolic", "Metabolic / mitochondrial", "Treatments aimed at how cells make and use energy.";
        Neuro = "neuro", "Neurological", "Treatments aimed at the brain, nerves or inflammation of the nervous system.";
        Autonomic = "autonomic", "Autonomic / circulation", "Treatments aimed at heart rate, blood pressure and blood flow on standing.";
        Gut = "gut", "Gut / microbiome", "Treatments aimed at the gut and the bacteria living in it.";
        Endocrine = "endocrine", "Hormonal", "Treatments that replace or adjust hormones.";
        Rehab = "rehab", "Rehabilitation / behavioural", "Exercise, activity or talking therapies.";
        Other = "other", "Other and multiple", "Treatments that fit no single group, and reviews that cover many treatments.";
    }
}

vocabulary! {
    /// Trial phase as stated by the registry or paper, or the kind of non-trial study.
    /// `Unstated` is a real value: a randomised trial that never names a phase is not "phase 1".
    #[allow(clippy::enum_variant_names)]
    Phase {
        Preclinical = "pre", "Preclinical / lab", "Laboratory work on cells or samples; no one was treated to see if they got better.";
        Pilot = "pilot", "Pilot / open-label", "A small first test, usually without a comparison group, so improvements may not be due to the treatment.";
        Phase1 = "1", "Phase 1", "A first test in people, mainly about safety and dose.";
        Phase1_2 = "1-2", "Phase 1/2", "A combined early trial looking at safety and first signs of benefit.";
        Phase2 = "2", "Phase 2", "A mid-sized trial looking for signs that the treatment works and is safe enough.";
        Phase2_3 = "2-3", "Phase 2/3", "A combined trial that can grow from a phase 2 into a larger confirmatory trial.";
        Phase3 = "3", "Phase 3", "A large trial designed to confirm whether a treatment works.";
        Phase4 = "4", "Phase 4", "A study of a treatment already approved for use.";
        Observational = "obs", "Observational / retrospective", "Researchers looked at what happened to patients, often from records, without assigning treatments.";
        Review = "review", "Review / guideline", "A summary of other studies, a survey or a guideline, not a new trial.";
        Unstated = "unstated", "Phase not stated", "The study never named a phase; we do not guess one.";
    }
}

vocabulary! {
    /// Where a study is in its life cycle.
    Status {
        Planned = "planned", "Planned", "Announced or registered, but not yet recruiting.";
        Ongoing = "ongoing", "Recruiting / ongoing", "Running now; no results yet.";
        Completed = "completed", "Completed", "Finished, but full results are not published.";
        Terminated = "terminated", "Stopped early", "Ended before it was meant to.";
        Published = "published", "Published", "Results have been published.";
    }
}

vocabulary! {
    /// How much the study can tell us, in one honest word. Defined per record by the dataset's rules
    /// (see docs/DATA.md); the UI always shows it with both colour and a pattern/icon.
    Evidence {
        Planned = "planned", "Planned", "Announced but not started: no evidence yet.";
        Ongoing = "ongoing", "Ongoing", "Running now: no results yet.";
        Unreported = "unreported", "No results reported", "The study finished or stopped, but its results have not been made public.";
        Preliminary = "preliminary", "Preliminary (uncontrolled)", "Encouraging early signs without a proper comparison group, so they cannot show the treatment works.";
        Mixed = "mixed", "Mixed", "The main result was not clear-cut: some measures improved, others did not, or results conflict.";
        Positive = "positive", "Positive controlled trial", "A randomised controlled trial met its main goal. One trial alone is not proof.";
        Negative = "negative", "Negative controlled trial", "A randomised controlled trial found no benefit on its main goal.";
        Approved = "approved", "Approved somewhere", "A regulator has approved the treatment for ME/CFS in at least one country.";
        Refuted = "refuted", "Refuted / withdrawn", "Later evidence or guidelines reversed this; it is no longer recommended.";
    }
}

impl Evidence {
    /// Does this value rest on a result? Planned, ongoing and unreported studies have none: the
    /// validator requires `result` to be null for them and set for every other value, and the
    /// evidence ladder lifts nothing on them.
    pub fn has_result(self) -> bool {
        !matches!(
            self,
            Evidence::Planned | Evidence::Ongoing | Evidence::Unreported
        )
    }
}

vocabulary! {
    /// Where a study's result was made public: a preprint-only or press-release result is shown as
    /// such, never as if it had passed peer review.
    ReportedIn {
        Journal = "journal", "Peer-reviewed paper", "Published in a journal after review by other researchers.";
        Preprint = "preprint", "Preprint", "Posted online before peer review; it may still change.";
        Registry = "registry", "Registry results", "Results posted on the trial registry, without a journal paper.";
        Abstract = "abstract", "Conference abstract or talk", "A short summary given at a meeting; the full data are not public.";
        Press = "press", "Press release", "Announced by the sponsor or researchers, without the data.";
        Official = "official", "Official guideline", "Published by a health authority, such as a national guideline.";
    }
}

impl ReportedIn {
    /// Is this a public report of the results (paper, preprint or registry posting)? A talk or a
    /// press release is not: the data behind it cannot be checked.
    pub fn is_full_report(self) -> bool {
        matches!(
            self,
            ReportedIn::Journal
                | ReportedIn::Preprint
                | ReportedIn::Registry
                | ReportedIn::Official
        )
    }
}

vocabulary! {
    /// The comparison group of a trial, if any.
    Control {
        Placebo = "placebo", "Placebo", "Some people got a dummy treatment that looks the same.";
        Sham = "sham", "Sham procedure", "Some people got a fake version of the procedure.";
        Active = "active", "Other treatment", "The treatment was compared with another real treatment, not a dummy.";
        Untreated = "untreated", "Untreated group", "A group of patients who got no treatment, without a dummy.";
        None = "none", "No comparison group", "Everyone got the treatment, so there is nothing fair to compare against.";
    }
}

vocabulary! {
    /// Who did not know who got what.
    Blinding {
        Open = "open", "Open-label", "Everyone knew who got the treatment.";
        Single = "single", "Single-blind", "Patients did not know whether they got the real treatment.";
        Double = "double", "Double-blind", "Neither patients nor researchers knew who got the real treatment.";
        Triple = "triple", "Triple-blind or more", "Patients, researchers and those judging the results did not know who got what.";
    }
}

vocabulary! {
    /// Which illness the participants had.
    Scope {
        MeCfs = "mecfs", "ME/CFS", "People diagnosed with ME/CFS.";
        PostCovid = "postcovid", "ME/CFS after COVID", "People who developed ME/CFS after a COVID-19 infection.";
        LongCovid = "longcovid", "Long COVID", "People with long COVID, not necessarily meeting ME/CFS criteria.";
    }
}

vocabulary! {
    /// What kind of measure the main outcome was.
    OutcomeType {
        SelfReported = "self-reported", "Self-reported", "Questionnaires filled in by patients; open to hope and expectation if people know what they got.";
        Objective = "objective", "Objective", "Measured by a device or test, such as step counts or an exercise test.";
        Laboratory = "laboratory", "Laboratory", "Measured in blood or cells; may not show whether people feel or function better.";
        Mixed = "mixed", "Mixed", "A mix of questionnaires and measured outcomes.";
    }
}

vocabulary! {
    /// How directly the curators could confirm a record's values.
    Confidence {
        High = "high", "High", "Read from the paper's abstract or the trial registry.";
        Medium = "medium", "Medium", "Read from a secondary summary; some details may be imprecise.";
        Low = "low", "Low", "Based on a brief mention or incomplete source; treat details with caution.";
    }
}

vocabulary! {
    /// Kinds of source reference.
    SourceKind {
        Doi = "doi", "DOI", "A permanent link to a published paper.";
        Registry = "registry", "Trial registry", "The official registration of a trial.";
        Url = "url", "Web page", "A web page describing the study.";
        Seed = "seed", "Project seed document", "One of the documents this project started from.";
    }
}

/// A trial registry whose identifiers we can check and link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registry {
    ClinicalTrialsGov,
    EudraCt,
    EuCt,
    Isrctn,
    Drks,
    Jrct,
    Anzctr,
}

impl Registry {
    /// Every registry we know.
    pub const ALL: &'static [Registry] = &[
        Registry::ClinicalTrialsGov,
        Registry::EudraCt,
        Registry::EuCt,
        Registry::Isrctn,
        Registry::Drks,
        Registry::Jrct,
        Registry::Anzctr,
    ];

    /// Key used in the dataset's `registry` field.
    pub fn key(self) -> &'static str {
        match self {
            Registry::ClinicalTrialsGov => "clinicaltrials.gov",
            Registry::EudraCt => "eudract",
            Registry::EuCt => "euct",
            Registry::Isrctn => "isrctn",
            Registry::Drks => "drks",
            Registry::Jrct => "jrct",
            Registry::Anzctr => "anzctr",
        }
    }

    /// Looks a registry up by key.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.key() == key)
    }

    /// Human name.
    pub fn label(self) -> &'static str {
        match self {
            Registry::ClinicalTrialsGov => "ClinicalTrials.gov",
            Registry::EudraCt => "EU Clinical Trials Register (EudraCT)",
            Registry::EuCt => "EU Clinical Trials Information System",
            Registry::Isrctn => "ISRCTN registry",
            Registry::Drks => "German Clinical Trials Register",
            Registry::Jrct => "Japan Registry of Clinical Trials",
            Registry::Anzctr => "Australian New Zealand Clinical Trials Registry",
        }
    }

    /// The shape of a valid identifier, as a human-readable pattern (for error messages).
    pub fn pattern(self) -> &'static str {
        match self {
            Registry::ClinicalTrialsGov => "NCT + 8 digits",
            Registry::EudraCt => "YYYY-NNNNNN-NN",
            Registry::EuCt => "YYYY-NNNNNN-NN-NN",
            Registry::Isrctn => "ISRCTN + 8 digits",
            Registry::Drks => "DRKS + 8 digits",
            Registry::Jrct => "jRCT + 10 characters",
            Registry::Anzctr => "ACTRN + 14 digits",
        }
    }

    /// Does `id` have this registry's identifier shape?
    pub fn matches(self, id: &str) -> bool {
        fn digits(s: &str, n: usize) -> bool {
            s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
        }
        fn dashed(s: &str, groups: &[usize]) -> bool {
            let parts: Vec<&str> = s.split('-').collect();
            parts.len() == groups.len() && parts.iter().zip(groups).all(|(p, n)| digits(p, *n))
        }
        match self {
            Registry::ClinicalTrialsGov => id.strip_prefix("NCT").is_some_and(|d| digits(d, 8)),
            Registry::EudraCt => dashed(id, &[4, 6, 2]),
            Registry::EuCt => dashed(id, &[4, 6, 2, 2]),
            Registry::Isrctn => id.strip_prefix("ISRCTN").is_some_and(|d| digits(d, 8)),
            Registry::Drks => id.strip_prefix("DRKS").is_some_and(|d| digits(d, 8)),
            Registry::Jrct => id
                .strip_prefix("jRCT")
                .is_some_and(|d| d.len() == 10 && d.bytes().all(|b| b.is_ascii_alphanumeric())),
            Registry::Anzctr => id.strip_prefix("ACTRN").is_some_and(|d| digits(d, 14)),
        }
    }

    /// Public https page for an identifier.
    pub fn url(self, id: &str) -> String {
        match self {
            Registry::ClinicalTrialsGov => format!("https://clinicaltrials.gov/study/{id}"),
            Registry::EudraCt => {
                format!("https://www.clinicaltrialsregister.eu/ctr-search/search?query={id}")
            }
            Registry::EuCt => {
                format!("https://euclinicaltrials.eu/search-for-clinical-trials/?lang=en&EUCT={id}")
            }
            Registry::Isrctn => format!("https://www.isrctn.com/{id}"),
            Registry::Drks => format!("https://drks.de/search/en/trial/{id}"),
            Registry::Jrct => format!("https://jrct.niph.go.jp/en-latest-detail/{id}"),
            Registry::Anzctr => format!("https://www.anzctr.org.au/ACTRN{}.aspx", &id[5..]),
        }
    }
}

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A date known to a year, a month or a day, written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    /// 1–12 when known.
    pub month: Option<u8>,
    /// 1–31 when known (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// A date known only to the year.
    pub fn year(year: i32) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// How precise this date is.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking ranges (years 1900–2100).
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a date written YYYY, YYYY-MM or YYYY-MM-DD");
        let mut parts = s.split('-');
        let y = parts.next().ok_or_else(bad)?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        if !(1900..=2100).contains(&year) {
            return Err(format!("year {year} is outside 1900–2100"));
        }
        let num = |p: Option<&str>| -> Result<Option<u8>, String> {
            match p {
                None => Ok(None),
                Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
                    Ok(Some(p.parse().map_err(|_| bad())?))
                }
                Some(_) => Err(bad()),
            }
        };
        let month = num(parts.next())?;
        let day = num(parts.next())?;
        if parts.next().is_some() {
            return Err(bad());
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(format!("month {m} in `{s}` is not 01–12"));
            }
        }
        if let (Some(m), Some(d)) = (month, day) {
            if d < 1 || d > days_in_month(year, m) {
                return Err(format!("day {d} in `{s}` does not exist"));
            }
        }
        Ok(PartialDate { year, month, day })
    }

    /// Fractional year of the earliest moment this date can mean (for the time scale).
    pub fn start_fraction(&self) -> f64 {
        let m = self.month.unwrap_or(1) as f64 - 1.0;
        let d = self.day.unwrap_or(1) as f64 - 1.0;
        self.year as f64 + m / 12.0 + d / 365.25
    }

    /// Fractional year of the latest moment this date can mean: a year-only end date covers the
    /// whole year, so a study "ending 2019" is drawn to the end of 2019.
    pub fn end_fraction(&self) -> f64 {
        match (self.month, self.day) {
            (None, _) => self.year as f64 + 1.0,
            (Some(m), None) => self.year as f64 + m as f64 / 12.0,
            (Some(_), Some(_)) => self.start_fraction() + 1.0 / 365.25,
        }
    }

    /// Plain-language form: "2023", "November 2023" or "5 November 2023".
    pub fn human(&self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", MONTHS[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }

    /// Compares two dates at the coarser of their precisions: "2019" is not before "2019-06".
    pub fn definitely_before(&self, other: &PartialDate) -> bool {
        let p = self.precision().min(other.precision());
        let key = |d: &PartialDate| match p {
            Precision::Year => (d.year, 0, 0),
            Precision::Month => (d.year, d.month.unwrap_or(0), 0),
            Precision::Day => (d.year, d.month.unwrap_or(0), d.day.unwrap_or(0)),
        };
        key(self) < key(other)
    }
}

/// Days in `month` (1–12) of `year`.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PartialDate::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The licence the data is published under.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    pub name: String,
    pub url: String,
}

/// A treatment: one lane on the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Treatment {
    /// Stable slug, e.g. `rapamycin`.
    pub key: String,
    /// Display name, e.g. "Low-dose rapamycin (sirolimus)".
    pub name: String,
    /// Drug class or biological target, in plain words.
    pub target: String,
    pub mechanism: Mechanism,
    /// Curated context for the treatment's verdict (e.g. where it is approved), with its sources.
    /// It adds to the verdict computed from the studies (the widget's `verdict` module), never replaces it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<TreatmentNote>,
}

/// A short, sourced note on a treatment: a fact the studies' own records already state (an
/// approval, a guideline), said once for the whole treatment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreatmentNote {
    /// One or two plain sentences.
    pub text: String,
    /// At least one source a reader can follow, checked like a study's sources.
    pub sources: Vec<Source>,
}

/// How a study was designed. `None` in any field means the source does not say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Design {
    pub randomised: Option<bool>,
    pub control: Option<Control>,
    pub blinding: Option<Blinding>,
    pub crossover: Option<bool>,
    /// One plain sentence describing the design.
    pub summary: String,
}

/// How many people took part. Actual numbers only; a target size is `target`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct People {
    pub enrolled: Option<u32>,
    pub completed: Option<u32>,
    pub analysed: Option<u32>,
    /// The planned size of a study that has not reported yet.
    #[serde(default)]
    pub target: Option<u32>,
}

/// What a study reports about harm. Counts are people, not events; `None` is "not reported".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Harms {
    /// People with at least one serious adverse event, all arms together.
    #[serde(default)]
    pub serious_total: Option<u32>,
    /// People with a serious adverse event in the treatment arm(s) (a single-arm study: everyone).
    #[serde(default)]
    pub serious_treatment: Option<u32>,
    /// People with a serious adverse event in the comparison arm.
    #[serde(default)]
    pub serious_control: Option<u32>,
    /// People who stopped because of side effects, all arms.
    #[serde(default)]
    pub withdrawn: Option<u32>,
    /// Was the study stopped early for safety?
    #[serde(default)]
    pub stopped_for_safety: Option<bool>,
    /// One plain sentence on harms as the source reports them.
    #[serde(default)]
    pub summary: Option<String>,
}

impl Harms {
    /// Is anything at all known about harms?
    pub fn is_reported(&self) -> bool {
        self.serious_total.is_some()
            || self.serious_treatment.is_some()
            || self.serious_control.is_some()
            || self.withdrawn.is_some()
            || self.stopped_for_safety.is_some()
            || self.summary.is_some()
    }

    /// People with a serious adverse event in all arms: the total, else the sum of the arms.
    pub fn serious_people(&self) -> Option<u32> {
        self.serious_total
            .or(match (self.serious_treatment, self.serious_control) {
                (Some(t), Some(c)) => Some(t + c),
                (Some(t), None) => Some(t),
                _ => None,
            })
    }
}

/// One reference backing a study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub kind: SourceKind,
    /// A DOI (`10.…`), a registry id, an https URL, or a seed document's file name.
    pub id: String,
    /// For `registry` sources: which registry.
    #[serde(default)]
    pub registry: Option<String>,
    /// What the reader will find there, e.g. "Journal article (2025)".
    pub label: String,
}

impl Source {
    /// The https link for this source, if it has one (seed documents do not).
    pub fn href(&self) -> Option<String> {
        match self.kind {
            SourceKind::Doi => Some(format!("https://doi.org/{}", self.id)),
            SourceKind::Registry => self
                .registry
                .as_deref()
                .and_then(Registry::from_key)
                .map(|r| r.url(&self.id)),
            SourceKind::Url => Some(self.id.clone()).filter(|u| u.starts_with("https://")),
            SourceKind::Seed => None,
        }
    }
}

/// One study: a trial, a pilot, a lab study, a review or a guideline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Study {
    /// Stable slug, e.g. `ruan-2025-rapamycin-pilot`.
    pub id: String,
    /// Key of a [`Treatment`] in the same file.
    pub treatment: String,
    pub title: String,
    /// e.g. "Ruan BT et al."; `None` if not captured.
    pub authors: Option<String>,
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
    pub published: Option<PartialDate>,
    pub status: Status,
    pub phase: Phase,
    /// Why the phase is what it is, when that needs saying (e.g. "registry says 2/3").
    #[serde(default)]
    pub phase_note: Option<String>,
    pub design: Design,
    pub people: People,
    /// Who took part, in plain words.
    pub population: Option<String>,
    /// The case definition used, e.g. "Canadian Consensus Criteria".
    pub case_definition: Option<String>,
    /// Does that case definition require post-exertional malaise?
    pub pem_required: Option<bool>,
    pub scope: Scope,
    pub primary_outcome: Option<String>,
    pub outcome_type: Option<OutcomeType>,
    /// What was found, in plain language; `None` when there are no results yet.
    pub result: Option<String>,
    /// What to keep in mind when reading the result.
    #[serde(default)]
    pub caveats: Vec<String>,
    pub evidence: Evidence,
    /// Where the result was made public; `None` when there is no result.
    #[serde(default)]
    pub reported_in: Option<ReportedIn>,
    /// Serious adverse events, withdrawals for side effects, early stops for safety.
    #[serde(default)]
    pub harms: Harms,
    /// When a regulator first approved the treatment for ME/CFS on the strength of this study
    /// (required with evidence `approved`, which it dates on the evidence ladder).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved: Option<PartialDate>,
    pub sources: Vec<Source>,
    pub confidence: Confidence,
    pub last_reviewed: PartialDate,
    /// When the record entered the dataset (a day); `None` in files that do not track it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added: Option<PartialDate>,
    /// What changed in the record since it was added, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryEntry>,
}

/// One change to a study's record: when, what, and why, each in a few plain words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    pub date: PartialDate,
    /// What changed, e.g. "Analysed 40 → 70".
    pub change: String,
    /// Why, e.g. "Journal paper replaced the preprint's numbers".
    pub reason: String,
}

/// One released version of the data: which studies it added, changed and removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangelogEntry {
    /// The dataset `version` this entry describes, e.g. "2026.12.1".
    pub version: String,
    /// When the version was released.
    pub date: PartialDate,
    /// One plain sentence on what the version did.
    pub summary: String,
    /// Ids of the studies the version added, changed and removed.
    #[serde(default)]
    pub added: Vec<String>,
    #[serde(default)]
    pub changed: Vec<String>,
    #[serde(default)]
    pub removed: Vec<String>,
}

/// Compares two data versions written as dot-separated whole numbers ("2026.12.1"), part by
/// part as numbers ("2026.12.10" is after "2026.12.9"); `None` when either is not of that shape.
pub fn compare_versions(a: &str, b: &str) -> Option<std::cmp::Ordering> {
    // No allocation and no number parsing (this runs in the wasm): a part is compared by its
    // length once leading zeros are gone, then digit by digit.
    fn ok(v: &str) -> bool {
        v.len() <= 40
            && v.split('.')
                .all(|p| !p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit()))
    }
    if !ok(a) || !ok(b) {
        return None;
    }
    let mut x = a.split('.');
    let mut y = b.split('.');
    loop {
        match (x.next(), y.next()) {
            (None, None) => return Some(std::cmp::Ordering::Equal),
            (None, Some(_)) => return Some(std::cmp::Ordering::Less),
            (Some(_), None) => return Some(std::cmp::Ordering::Greater),
            (Some(p), Some(q)) => {
                let (p, q) = (p.trim_start_matches('0'), q.trim_start_matches('0'));
                let o = p.len().cmp(&q.len()).then_with(|| p.cmp(q));
                if o.is_ne() {
                    return Some(o);
                }
            }
        }
    }
}

/// Is `v` a data version of the shape [`compare_versions`] reads?
pub fn is_version(v: &str) -> bool {
    compare_versions(v, v).is_some()
}

/// The whole dataset file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetFile {
    /// Format version of the file (this is format 1).
    pub format: u32,
    pub title: String,
    /// Version of the data, e.g. "2026.11.1".
    pub version: String,
    pub last_reviewed: PartialDate,
    /// The date up to which sources were searched: nothing published later is included.
    pub cutoff: PartialDate,
    /// Which studies the dataset includes and which it leaves out, in plain words.
    pub inclusion: String,
    pub licence: Licence,
    pub treatments: Vec<Treatment>,
    pub studies: Vec<Study>,
    /// The versions of the data, oldest first; the last is `version`. Empty when not tracked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changelog: Vec<ChangelogEntry>,
}

impl DatasetFile {
    /// The changelog entry of the version this file is, if it has one.
    pub fn current_changes(&self) -> Option<&ChangelogEntry> {
        self.changelog.last().filter(|c| c.version == self.version)
    }
}

/// Day-level key of a date for "on or after" comparisons: a missing month or day counts as the
/// first (a `since` of "2026-12" means from 1 December 2026).
fn day_key(d: &PartialDate) -> (i32, u8, u8) {
    (d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))
}

impl Study {
    /// The number the quality checklist and the sizes use: analysed, else completed, else enrolled.
    pub fn best_n(&self) -> Option<u32> {
        self.people
            .analysed
            .or(self.people.completed)
            .or(self.people.enrolled)
    }

    /// Year range the study covers on the timeline (start of start … end of end), if any date is known.
    /// Ongoing studies without an end run to `today`.
    pub fn span(&self, today: f64) -> Option<(f64, f64)> {
        let start = self.start.or(self.published).or(self.end)?;
        let a = start.start_fraction();
        let b = match (self.end, self.published, self.status) {
            (Some(e), Some(p), _) => e.end_fraction().max(p.end_fraction()),
            (Some(e), None, _) => e.end_fraction(),
            (None, Some(p), _) => p.end_fraction(),
            (None, None, Status::Ongoing) => today,
            (None, None, _) => start.end_fraction(),
        };
        Some((a, b.max(a)))
    }

    /// Was the record added or changed on or after `since`?
    pub fn changed_since(&self, since: &PartialDate) -> bool {
        let k = day_key(since);
        self.added.is_some_and(|a| day_key(&a) >= k)
            || self.history.iter().any(|h| day_key(&h.date) >= k)
    }

    /// Is there a randomised comparison with a placebo or sham?
    pub fn is_placebo_controlled(&self) -> bool {
        matches!(self.design.control, Some(Control::Placebo | Control::Sham))
    }

    /// True when there is no comparison group at all (or it is not reported and the study is not randomised).
    pub fn is_uncontrolled(&self) -> bool {
        matches!(self.design.control, Some(Control::None))
    }

    /// Is the study blinded (single or more)?
    pub fn is_blinded(&self) -> bool {
        matches!(
            self.design.blinding,
            Some(Blinding::Single | Blinding::Double | Blinding::Triple)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_with_precision() {
        assert_eq!(
            PartialDate::parse("2023").unwrap().precision(),
            Precision::Year
        );
        assert_eq!(
            PartialDate::parse("2023-11").unwrap().precision(),
            Precision::Month
        );
        assert_eq!(
            PartialDate::parse("2024-02-29").unwrap().precision(),
            Precision::Day
        );
        for bad in [
            "23",
            "2023-13",
            "2023-02-30",
            "2023-1",
            "2023-01-01-01",
            "abcd",
            "1800",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad} should be rejected");
        }
        assert_eq!(
            PartialDate::parse("2023-11").unwrap().to_string(),
            "2023-11"
        );
        assert_eq!(
            PartialDate::parse("2023-11-05").unwrap().human(),
            "5 November 2023"
        );
    }

    #[test]
    fn coarse_dates_compare_at_common_precision() {
        let y = PartialDate::parse("2019").unwrap();
        let m = PartialDate::parse("2019-06").unwrap();
        assert!(!y.definitely_before(&m));
        assert!(!m.definitely_before(&y));
        assert!(PartialDate::parse("2018-12").unwrap().definitely_before(&y));
    }

    #[test]
    fn vocabulary_keys_round_trip() {
        for p in Phase::ALL {
            assert_eq!(Phase::from_key(p.key()), Some(*p));
        }
        for e in Evidence::ALL {
            assert_eq!(Evidence::from_key(e.key()), Some(*e));
            assert!(!e.definition().is_empty());
        }
        assert_eq!(Mechanism::from_key("nope"), None);
    }

    #[test]
    fn versions_compare_as_numbers() {
        use std::cmp::Ordering::*;
        assert_eq!(compare_versions("2026.12.10", "2026.12.9"), Some(Greater));
        assert_eq!(compare_versions("0.0.1", "2026.11.1"), Some(Less));
        assert_eq!(compare_versions("2026.12.1", "2026.12.1"), Some(Equal));
        assert_eq!(compare_versions("2026.12", "2026.12.1"), Some(Less));
        assert_eq!(compare_versions("2026.012.1", "2026.12.1"), Some(Equal));
        assert_eq!(compare_versions("10.0", "9.99"), Some(Greater));
        for bad in [
            "",
            "1..2",
            "v1",
            "1.2-beta",
            "synth.10.1",
            "1.",
            "9999999999",
        ] {
            assert!(!is_version(bad), "{bad}");
        }
    }

    #[test]
    fn changed_since_counts_the_day_itself() {
        let d = |s: &str| PartialDate::parse(s).unwrap();
        let mut s = crate::testing::bare_study();
        assert!(!s.changed_since(&d("1900")));
        s.added = Some(d("2026-11-22"));
        assert!(s.changed_since(&d("2026-11-22")));
        assert!(s.changed_since(&d("2026-11")));
        assert!(!s.changed_since(&d("2026-11-23")));
        s.history.push(HistoryEntry {
            date: d("2026-12-01"),
            change: "x".into(),
            reason: "y".into(),
        });
        assert!(s.changed_since(&d("2026-12-01")));
        assert!(!s.changed_since(&d("2026-12-02")));
    }

    #[test]
    fn registry_patterns() {
        assert!(Registry::ClinicalTrialsGov.matches("NCT06960928"));
        assert!(!Registry::ClinicalTrialsGov.matches("NCT0696092"));
        assert!(Registry::EudraCt.matches("2022-000281-18"));
        assert!(!Registry::EudraCt.matches("2022-00028-18"));
        assert!(Registry::Isrctn.matches("ISRCTN54285094"));
    }
}
