//! ClinicalTrials.gov records (API v2 JSON) turned into a patch for review: updates to the studies
//! that already cite the NCT id, or a skeleton for a new record.
//!
//! The registry is read for facts only: status, dates, enrolment, whether results are posted,
//! phase and design. Nothing here sets an evidence status or writes plain-language text: those
//! fields stay `null` (or `"TODO: a person writes this"` where the format needs text), and every
//! proposal is for a person to check before it goes into the dataset.
//!
//! Input is the JSON `https://clinicaltrials.gov/api/v2/studies/NCT…` returns (one study), or the
//! search response `{ "studies": [ … ] }`. Modules missing from a record simply propose nothing.

use crate::model::{PartialDate, Registry};
use serde::Serialize;
use serde_json::{json, Map, Value};

/// What a person must write in a new record's required text fields.
pub const TODO: &str = "TODO: a person writes this";

/// The study records in one API response: a single study, or the `studies` list of a search.
pub fn records(doc: &Value) -> Result<Vec<&Value>, String> {
    if doc.get("protocolSection").is_some() {
        return Ok(vec![doc]);
    }
    match doc.get("studies") {
        Some(Value::Array(list)) => Ok(list.iter().collect()),
        _ => Err(
            "not a ClinicalTrials.gov API v2 study: no `protocolSection` (nor a search response's `studies` list)"
                .into(),
        ),
    }
}

fn at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.get(*k))
}

fn text<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    at(v, path).and_then(Value::as_str)
}

/// A registry date and its type (`ACTUAL` or `ESTIMATED`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateFact {
    pub date: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Which registry date it is: `start date`, `completion date` or `primary completion date`.
    pub from: &'static str,
}

/// The registry's enrolment: a count, actual or estimated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Enrollment {
    pub count: u64,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// The facts read from one registry record, each `None` (or empty) when the record does not give
/// it. Serialised as the `registry` block of every proposal, for the reviewer.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facts {
    pub nct: String,
    pub url: String,
    pub brief_title: Option<String>,
    pub official_title: Option<String>,
    pub lead_sponsor: Option<String>,
    pub conditions: Vec<String>,
    pub overall_status: Option<String>,
    /// `statusModule.lastKnownStatus`, given with an overall status of UNKNOWN.
    pub last_known_status: Option<String>,
    /// `statusModule.whyStopped`, given for a suspended, terminated or withdrawn study.
    pub why_stopped: Option<String>,
    pub start: Option<DateFact>,
    /// Completion date, else primary completion date.
    pub end: Option<DateFact>,
    pub study_type: Option<String>,
    pub phases: Vec<String>,
    pub enrollment: Option<Enrollment>,
    pub allocation: Option<String>,
    pub intervention_model: Option<String>,
    pub masking: Option<String>,
    pub arm_types: Vec<String>,
    pub interventions: Vec<String>,
    pub primary_outcomes: Vec<String>,
    pub has_results: bool,
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

fn date_struct(p: &Value, key: &str, from: &'static str) -> Option<DateFact> {
    Some(DateFact {
        date: text(p, &["statusModule", key, "date"])?.to_string(),
        kind: text(p, &["statusModule", key, "type"]).map(String::from),
        from,
    })
}

/// Reads the facts of one study record.
pub fn facts(study: &Value) -> Result<Facts, String> {
    let p = study
        .get("protocolSection")
        .ok_or("not a ClinicalTrials.gov API v2 study: no `protocolSection`")?;
    let nct = text(p, &["identificationModule", "nctId"])
        .ok_or("no `protocolSection.identificationModule.nctId`")?;
    if !Registry::ClinicalTrialsGov.matches(nct) {
        return Err(format!("`{nct}` is not an NCT id (NCT + 8 digits)"));
    }
    let s = |path: &[&str]| text(p, path).map(String::from);
    let end = date_struct(p, "completionDateStruct", "completion date")
        .or_else(|| date_struct(p, "primaryCompletionDateStruct", "primary completion date"));
    let list = |module: &str, list: &str, field: &str| -> Vec<String> {
        at(p, &[module, list])
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.get(field).and_then(Value::as_str))
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    };
    let interventions = at(p, &["armsInterventionsModule", "interventions"])
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|i| {
                    let name = i.get("name").and_then(Value::as_str)?;
                    Some(match i.get("type").and_then(Value::as_str) {
                        Some(t) => format!("{name} ({t})"),
                        None => name.to_string(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Facts {
        nct: nct.to_string(),
        url: Registry::ClinicalTrialsGov.url(nct),
        brief_title: s(&["identificationModule", "briefTitle"]),
        official_title: s(&["identificationModule", "officialTitle"]),
        overall_status: s(&["statusModule", "overallStatus"]),
        last_known_status: s(&["statusModule", "lastKnownStatus"]),
        why_stopped: s(&["statusModule", "whyStopped"]),
        start: date_struct(p, "startDateStruct", "start date"),
        end,
        study_type: s(&["designModule", "studyType"]),
        phases: strings(at(p, &["designModule", "phases"])),
        enrollment: at(p, &["designModule", "enrollmentInfo", "count"])
            .and_then(Value::as_u64)
            .map(|count| Enrollment {
                count,
                kind: s(&["designModule", "enrollmentInfo", "type"]),
            }),
        allocation: s(&["designModule", "designInfo", "allocation"]),
        intervention_model: s(&["designModule", "designInfo", "interventionModel"]),
        masking: s(&["designModule", "designInfo", "maskingInfo", "masking"]),
        conditions: strings(at(p, &["conditionsModule", "conditions"])),
        lead_sponsor: s(&["sponsorCollaboratorsModule", "leadSponsor", "name"]),
        interventions,
        arm_types: list("armsInterventionsModule", "armGroups", "type"),
        primary_outcomes: list("outcomesModule", "primaryOutcomes", "measure"),
        has_results: study.get("hasResults").and_then(Value::as_bool) == Some(true)
            || study.get("resultsSection").is_some_and(|r| !r.is_null()),
    })
}

/// Lower-case words of `s`, separated by single spaces, padded with a space at each end.
fn words(s: &str) -> String {
    let mut out = String::from(" ");
    for w in s
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        out.push_str(w);
        out.push(' ');
    }
    out
}

/// Is this record about ME/CFS (or long-COVID fatigue)? `Err` gives the reason it is not.
pub fn in_scope(f: &Facts) -> Result<(), String> {
    if f.conditions.is_empty() {
        return Err(format!(
            "{}: the record lists no conditions (`conditionsModule.conditions`), so it cannot be shown to be about ME/CFS; not imported",
            f.nct
        ));
    }
    let all = words(&f.conditions.join(" ; "));
    const MECFS: &[&str] = &[
        " myalgic encephalomyelitis ",
        " myalgic encephalopathy ",
        " chronic fatigue syndrome ",
        " fatigue syndrome chronic ",
        " me cfs ",
        " cfs me ",
        " cfs ",
        " post exertional ",
        " postexertional ",
        " systemic exertion intolerance ",
    ];
    const LONG_COVID: &[&str] = &[
        " long covid ",
        " post covid ",
        " postcovid ",
        " post acute covid ",
        " post acute sequelae ",
        " pasc ",
        " covid 19 sequelae ",
        " post covid 19 ",
    ];
    if MECFS.iter().any(|k| all.contains(k)) {
        return Ok(());
    }
    let long_covid = LONG_COVID.iter().any(|k| all.contains(k))
        || (all.contains(" covid ") && all.contains(" long "));
    if long_covid && (all.contains(" fatigue ") || all.contains(" exertion")) {
        return Ok(());
    }
    Err(format!(
        "{}: its conditions ({}) do not mention ME/CFS, chronic fatigue syndrome, myalgic encephalomyelitis, post-exertional malaise or long-COVID fatigue; not imported",
        f.nct,
        f.conditions.join("; ")
    ))
}

/// Every value of `overallStatus` the API v2 documents (its `Status` enum, ctg-oas-v2.yaml).
pub const OVERALL_STATUSES: &[&str] = &[
    "ACTIVE_NOT_RECRUITING",
    "COMPLETED",
    "ENROLLING_BY_INVITATION",
    "NOT_YET_RECRUITING",
    "RECRUITING",
    "SUSPENDED",
    "TERMINATED",
    "WITHDRAWN",
    "AVAILABLE",
    "NO_LONGER_AVAILABLE",
    "TEMPORARILY_NOT_AVAILABLE",
    "APPROVED_FOR_MARKETING",
    "WITHHELD",
    "UNKNOWN",
];

/// The statuses of an expanded-access record (the API's `ExpandedAccessStatus` enum): treatment
/// outside a trial, so no study status of the dataset fits them.
const EXPANDED_ACCESS_STATUSES: &[&str] = &[
    "AVAILABLE",
    "NO_LONGER_AVAILABLE",
    "TEMPORARILY_NOT_AVAILABLE",
    "APPROVED_FOR_MARKETING",
];

/// The dataset's `status` for a registry overall status; `None` when it has no clear equivalent
/// (SUSPENDED, UNKNOWN, WITHHELD and the expanded-access statuses), which is then not proposed:
/// [`status_note`] says so for the reviewer.
pub fn status_key(overall: &str) -> Option<&'static str> {
    Some(match overall {
        "NOT_YET_RECRUITING" => "planned",
        "RECRUITING" | "ACTIVE_NOT_RECRUITING" | "ENROLLING_BY_INVITATION" => "ongoing",
        "COMPLETED" => "completed",
        "TERMINATED" | "WITHDRAWN" => "terminated",
        _ => return None,
    })
}

/// For a registry overall status that proposes no `status`: why, for the reviewer. `None` when
/// the status maps (or the record gives none).
pub fn status_note(f: &Facts) -> Option<String> {
    let s = f.overall_status.as_deref()?;
    if status_key(s).is_some() {
        return None;
    }
    let mut what = format!("registry overall status {s}");
    if let Some(last) = &f.last_known_status {
        what.push_str(&format!(" (last known status {last})"));
    }
    if let Some(why) = &f.why_stopped {
        what.push_str(&format!(" (why stopped: {why})"));
    }
    let reason = if EXPANDED_ACCESS_STATUSES.contains(&s) {
        "it is an expanded-access status, not a trial's"
    } else if OVERALL_STATUSES.contains(&s) {
        "no dataset `status` matches it"
    } else {
        "it is not a value the ClinicalTrials.gov API v2 documents"
    };
    Some(format!(
        "{what}: {reason}, so no `status` is proposed; a person reads the registry page ({}) and decides",
        f.url
    ))
}

/// The dataset's `phase` for the registry's phases and study type.
pub fn phase_key(phases: &[String], study_type: Option<&str>) -> Option<&'static str> {
    if study_type == Some("OBSERVATIONAL") {
        return Some("obs");
    }
    let has = |p: &str| phases.iter().any(|x| x == p);
    Some(
        match (
            has("EARLY_PHASE1") || has("PHASE1"),
            has("PHASE2"),
            has("PHASE3"),
            has("PHASE4"),
        ) {
            (true, true, _, _) => "1-2",
            (_, true, true, _) => "2-3",
            (true, false, false, false) => "1",
            (false, true, false, false) => "2",
            (false, false, true, false) => "3",
            (false, false, false, true) => "4",
            _ if has("NA") && study_type == Some("INTERVENTIONAL") => "unstated",
            _ => return None,
        },
    )
}

/// The dataset's `design.blinding` for the registry's masking.
pub fn blinding_key(masking: &str) -> Option<&'static str> {
    Some(match masking {
        "NONE" => "open",
        "SINGLE" => "single",
        "DOUBLE" => "double",
        "TRIPLE" | "QUADRUPLE" => "triple",
        _ => return None,
    })
}

/// The dataset's `design.control` from the arm types; `None` when the arms do not say.
fn control_key(f: &Facts) -> Option<&'static str> {
    let has = |t: &str| f.arm_types.iter().any(|x| x == t);
    if has("PLACEBO_COMPARATOR") {
        Some("placebo")
    } else if has("SHAM_COMPARATOR") {
        Some("sham")
    } else if has("ACTIVE_COMPARATOR") {
        Some("active")
    } else if has("NO_INTERVENTION") {
        Some("untreated")
    } else if f.intervention_model.as_deref() == Some("SINGLE_GROUP") {
        Some("none")
    } else {
        None
    }
}

/// A registry date as the dataset writes it (`None` if it is not YYYY, YYYY-MM or YYYY-MM-DD).
fn date(d: &str) -> Option<String> {
    PartialDate::parse(d).ok().map(|d| d.to_string())
}

/// One proposed change to an existing record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The record's field as a dotted path (`people.enrolled`), or `results_posted`, which is not
    /// a field: a person reads the posted results and writes `result`, `reported_in`, `evidence`.
    pub field: String,
    pub old: Value,
    pub new: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn change(field: &str, old: Value, new: Value, note: Option<String>) -> FieldChange {
    FieldChange {
        field: field.into(),
        old,
        new,
        note,
    }
}

/// Updates for one existing study (a dataset record as JSON): only the fields that differ.
pub fn updates(f: &Facts, study: &Map<String, Value>) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let get = |path: &[&str]| -> Value {
        let mut v = study.get(path[0]);
        for k in &path[1..] {
            v = v.and_then(|v| v.get(*k));
        }
        v.cloned().unwrap_or(Value::Null)
    };
    // Status: a published record stays published (the registry does not know about papers).
    let current = get(&["status"]);
    if let Some(new) = f.overall_status.as_deref().and_then(status_key) {
        if current.as_str() != Some("published") && current.as_str() != Some(new) {
            out.push(change(
                "status",
                current,
                json!(new),
                Some(format!(
                    "registry overall status {}",
                    f.overall_status.as_deref().unwrap_or("")
                )),
            ));
        }
    }
    for (field, fact) in [("start", &f.start), ("end", &f.end)] {
        let Some(fact) = fact else { continue };
        let Some(d) = date(&fact.date) else { continue };
        let old = get(&[field]);
        if old.as_str() != Some(&d) {
            let note = match fact.kind.as_deref() {
                Some("ESTIMATED") => format!("the registry's {} is an estimate", fact.from),
                Some("ACTUAL") => format!("the registry's {} is actual", fact.from),
                _ => format!("the registry's {}", fact.from),
            };
            out.push(change(field, old, json!(d), Some(note)));
        }
    }
    // An enrolment count whose type is missing (or not ACTUAL/ESTIMATED) is not proposed: it
    // could be either the planned or the actual size.
    let enrollment = f.enrollment.as_ref().and_then(|e| match e.kind.as_deref() {
        Some("ESTIMATED") => Some((
            e,
            "target",
            "the registry's enrolment is an estimate: the planned size",
        )),
        Some("ACTUAL") => Some((e, "enrolled", "the registry's actual enrolment")),
        _ => None,
    });
    if let Some((e, field, note)) = enrollment {
        let old = get(&["people", field]);
        if old.as_u64() != Some(e.count) {
            out.push(change(
                &format!("people.{field}"),
                old,
                json!(e.count),
                Some(note.into()),
            ));
        }
    }
    if f.has_results && get(&["result"]).is_null() {
        out.push(change(
            "results_posted",
            json!(false),
            json!(true),
            Some(format!(
                "ClinicalTrials.gov has posted results but this record has none: a person reads them ({}) and writes `result`, `reported_in` and `evidence`",
                f.url
            )),
        ));
    }
    out
}

/// Treatment keys of the dataset whose key or name appears in an intervention's name (a hint
/// for the person choosing `treatment`, never filled in).
fn treatment_hints(f: &Facts, dataset: Option<&Value>) -> Vec<String> {
    let Some(ts) = dataset
        .and_then(|d| d.get("treatments"))
        .and_then(Value::as_array)
    else {
        return Vec::new();
    };
    let names = words(&f.interventions.join(" ; "));
    ts.iter()
        .filter_map(|t| {
            let key = t.get("key")?.as_str()?;
            let name = t.get("name").and_then(Value::as_str).unwrap_or("");
            let key_words = words(&key.replace('-', " "));
            let first = words(name.split(['(', ',']).next().unwrap_or(""));
            (names.contains(key_words.as_str()) || (first.len() > 3 && names.contains(&first)))
                .then(|| key.to_string())
        })
        .collect()
}

/// A new study record in the dataset's field order: registry facts filled in, every judgement
/// and plain-language text `None` (written `null`) or [`TODO`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skeleton {
    pub id: String,
    pub treatment: Option<String>,
    pub title: String,
    pub authors: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub published: Option<String>,
    pub status: Option<&'static str>,
    pub phase: Option<&'static str>,
    pub phase_note: Option<String>,
    pub design: SkeletonDesign,
    pub people: SkeletonPeople,
    pub population: Option<String>,
    pub case_definition: Option<String>,
    pub pem_required: Option<bool>,
    pub scope: Option<&'static str>,
    pub primary_outcome: Option<String>,
    pub outcome_type: Option<String>,
    pub result: Option<String>,
    pub caveats: Vec<String>,
    pub evidence: Option<String>,
    pub reported_in: Option<String>,
    pub harms: SkeletonHarms,
    pub sources: Vec<SkeletonSource>,
    pub confidence: Option<String>,
    pub last_reviewed: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkeletonDesign {
    pub randomised: Option<bool>,
    pub control: Option<&'static str>,
    pub blinding: Option<&'static str>,
    pub crossover: Option<bool>,
    pub summary: &'static str,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SkeletonPeople {
    pub enrolled: Option<u64>,
    pub completed: Option<u64>,
    pub analysed: Option<u64>,
    pub target: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SkeletonHarms {
    pub serious_total: Option<u64>,
    pub serious_treatment: Option<u64>,
    pub serious_control: Option<u64>,
    pub withdrawn: Option<u64>,
    pub stopped_for_safety: Option<bool>,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkeletonSource {
    pub kind: &'static str,
    pub registry: &'static str,
    pub id: String,
    pub label: &'static str,
}

/// A skeleton record for a study the dataset does not have, and the fields a person must fill.
pub fn new_record(f: &Facts) -> (Skeleton, Vec<&'static str>) {
    let start = f.start.as_ref().and_then(|d| date(&d.date));
    let end = f.end.as_ref().and_then(|d| date(&d.date));
    let status = f.overall_status.as_deref().and_then(status_key);
    let phase = phase_key(&f.phases, f.study_type.as_deref());
    let randomised = match (f.allocation.as_deref(), f.intervention_model.as_deref()) {
        (Some("RANDOMIZED"), _) => Some(true),
        (Some("NON_RANDOMIZED"), _) | (_, Some("SINGLE_GROUP")) => Some(false),
        _ => None,
    };
    let control = control_key(f);
    let people = match &f.enrollment {
        Some(e) if e.kind.as_deref() == Some("ESTIMATED") => SkeletonPeople {
            target: Some(e.count),
            ..Default::default()
        },
        Some(e) if e.kind.as_deref() == Some("ACTUAL") => SkeletonPeople {
            enrolled: Some(e.count),
            ..Default::default()
        },
        // No type (or an undocumented one): actual or planned is not known, so neither is set.
        _ => SkeletonPeople::default(),
    };
    let all = words(&f.conditions.join(" ; "));
    let scope = (!all.contains(" covid ") && !all.contains(" pasc ")).then_some("mecfs");
    let record = Skeleton {
        id: format!("nct{}", &f.nct[3..]),
        treatment: None,
        title: f.brief_title.clone().unwrap_or_else(|| TODO.into()),
        authors: None,
        start: start.clone(),
        end: end.clone(),
        published: None,
        status,
        phase,
        phase_note: None,
        design: SkeletonDesign {
            randomised,
            control,
            blinding: f.masking.as_deref().and_then(blinding_key),
            crossover: f.intervention_model.as_deref().map(|m| m == "CROSSOVER"),
            summary: TODO,
        },
        people,
        population: None,
        case_definition: None,
        pem_required: None,
        scope,
        primary_outcome: None,
        outcome_type: None,
        result: None,
        caveats: Vec::new(),
        evidence: None,
        reported_in: None,
        harms: SkeletonHarms::default(),
        sources: vec![SkeletonSource {
            kind: "registry",
            registry: Registry::ClinicalTrialsGov.key(),
            id: f.nct.clone(),
            label: "Trial registration",
        }],
        confidence: None,
        last_reviewed: None,
    };
    let mut todo = vec![
        "id (a stable slug; `nct…` is only a placeholder)",
        "treatment",
        "title (the registry's brief title: shorten it)",
        "design.summary",
        "population",
        "case_definition",
        "pem_required",
        "primary_outcome",
        "outcome_type",
        "evidence",
        "confidence",
        "last_reviewed",
    ];
    for (field, missing) in [
        ("scope", scope.is_none()),
        ("status", status.is_none()),
        ("phase", phase.is_none()),
        ("start", start.is_none()),
        ("design.randomised", randomised.is_none()),
        ("design.control", control.is_none()),
    ] {
        if missing {
            todo.push(field);
        }
    }
    if f.enrollment
        .as_ref()
        .is_some_and(|e| !matches!(e.kind.as_deref(), Some("ACTUAL" | "ESTIMATED")))
    {
        todo.push("people (the registry's enrolment count says neither ACTUAL nor ESTIMATED)");
    }
    if end.is_some() && f.end.as_ref().and_then(|e| e.kind.as_deref()) == Some("ESTIMATED") {
        todo.push("caveats (say that `end` is the registry's estimated completion)");
    }
    if f.has_results {
        todo.push("result, reported_in and harms (the registry has posted results)");
    }
    (record, todo)
}

/// The studies of a dataset (as JSON) that cite `nct` in their sources.
pub fn citing<'a>(dataset: &'a Value, nct: &str) -> Vec<&'a Map<String, Value>> {
    let cites = |s: &&Map<String, Value>| {
        s.get("sources")
            .and_then(Value::as_array)
            .is_some_and(|src| {
                src.iter().any(|x| {
                    x.get("id").and_then(Value::as_str) == Some(nct)
                        && x.get("registry")
                            .and_then(Value::as_str)
                            .is_none_or(|r| r == Registry::ClinicalTrialsGov.key())
                })
            })
    };
    dataset
        .get("studies")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_object)
                .filter(cites)
                .collect()
        })
        .unwrap_or_default()
}

/// One entry of the patch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    pub nct: String,
    /// The existing study this updates; `None` for a new record.
    pub study_id: Option<String>,
    /// `update` or `new`.
    pub action: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For `update`: the fields that differ (empty when the record is up to date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<FieldChange>>,
    /// For `new`: the skeleton record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_record: Option<Skeleton>,
    /// For `new`: what a person must fill in or check.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub todo: Vec<&'static str>,
    /// For `new`: dataset treatments an intervention's name matches.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub treatment_candidates: Vec<String>,
    /// The registry's facts, for the reviewer.
    pub registry: Facts,
}

/// Proposals for one in-scope record: one `update` per citing study, or one `new`.
pub fn propose(f: &Facts, dataset: Option<&Value>) -> Vec<Proposal> {
    let cites = dataset.map(|d| citing(d, &f.nct)).unwrap_or_default();
    if cites.is_empty() {
        let (record, todo) = new_record(f);
        return vec![Proposal {
            nct: f.nct.clone(),
            study_id: None,
            action: "new",
            note: status_note(f),
            changes: None,
            new_record: Some(record),
            todo,
            treatment_candidates: treatment_hints(f, dataset),
            registry: f.clone(),
        }];
    }
    let n = cites.len();
    let several = (n > 1).then(|| {
        format!(
            "{n} records cite {}: check which of them each change belongs to",
            f.nct
        )
    });
    let note = match (several, status_note(f)) {
        (Some(a), Some(b)) => Some(format!("{a}. {b}")),
        (a, b) => a.or(b),
    };
    cites
        .into_iter()
        .map(|s| Proposal {
            nct: f.nct.clone(),
            study_id: s.get("id").and_then(Value::as_str).map(String::from),
            action: "update",
            note: note.clone(),
            changes: Some(updates(f, s)),
            new_record: None,
            todo: Vec::new(),
            treatment_candidates: Vec::new(),
            registry: f.clone(),
        })
        .collect()
}

/// A record refused as out of scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Refusal {
    pub nct: String,
    pub file: String,
    pub reason: String,
}

/// The whole patch `import-ctgov` prints (shape documented in docs/DATA.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Patch {
    pub about: &'static str,
    /// The dataset compared with, if any.
    pub dataset: Option<String>,
    pub proposals: Vec<Proposal>,
    pub refused: Vec<Refusal>,
}

/// What the patch says about itself.
pub const ABOUT: &str = "A patch for review, made by `mecfs-data import-ctgov` from ClinicalTrials.gov records. Nothing here is in the dataset yet: a person checks every change against the registry and writes the evidence status and all plain-language text.";

#[cfg(test)]
mod tests {
    use super::*;

    fn record(conditions: Value) -> Value {
        json!({
            "protocolSection": {
                "identificationModule": { "nctId": "NCT09900001", "briefTitle": "A trial" },
                "conditionsModule": { "conditions": conditions },
            },
            "hasResults": false,
        })
    }

    #[test]
    fn scope_accepts_mecfs_and_long_covid_fatigue_only() {
        for ok in [
            json!(["Myalgic Encephalomyelitis/Chronic Fatigue Syndrome"]),
            json!(["ME/CFS"]),
            json!(["Fatigue Syndrome, Chronic"]),
            json!(["Post-Exertional Malaise"]),
            json!(["Long COVID", "Fatigue"]),
            json!(["Post-COVID-19 Syndrome with fatigue"]),
            json!(["PASC", "Post-exertional symptom exacerbation"]),
        ] {
            let f = facts(&record(ok.clone())).unwrap();
            assert!(in_scope(&f).is_ok(), "{ok}");
        }
        for bad in [
            json!(["Fibromyalgia"]),
            json!(["Cancer-related Fatigue"]),
            json!(["Long COVID"]),
            json!(["Acute Disseminated Encephalomyelitis"]),
            json!([]),
        ] {
            let f = facts(&record(bad.clone())).unwrap();
            let e = in_scope(&f).unwrap_err();
            assert!(e.starts_with("NCT09900001: "), "{e}");
            assert!(e.ends_with("not imported"), "{e}");
        }
    }

    #[test]
    fn vocabulary_mapping() {
        assert_eq!(status_key("RECRUITING"), Some("ongoing"));
        assert_eq!(status_key("NOT_YET_RECRUITING"), Some("planned"));
        assert_eq!(status_key("WITHDRAWN"), Some("terminated"));
        assert_eq!(status_key("SUSPENDED"), None);
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            phase_key(&p(&["PHASE1", "PHASE2"]), Some("INTERVENTIONAL")),
            Some("1-2")
        );
        assert_eq!(
            phase_key(&p(&["EARLY_PHASE1"]), Some("INTERVENTIONAL")),
            Some("1")
        );
        assert_eq!(
            phase_key(&p(&["NA"]), Some("INTERVENTIONAL")),
            Some("unstated")
        );
        assert_eq!(phase_key(&[], Some("OBSERVATIONAL")), Some("obs"));
        assert_eq!(phase_key(&[], None), None);
        assert_eq!(blinding_key("QUADRUPLE"), Some("triple"));
        assert_eq!(blinding_key("NONE"), Some("open"));
    }

    #[test]
    fn a_bare_record_proposes_nothing_it_does_not_know() {
        let f = facts(&record(json!(["ME/CFS"]))).unwrap();
        let (r, todo) = new_record(&f);
        let r = serde_json::to_value(&r).unwrap();
        assert_eq!(r["status"], Value::Null);
        assert_eq!(r["evidence"], Value::Null);
        assert_eq!(r["design"]["summary"], json!(TODO));
        assert_eq!(r["scope"], json!("mecfs"));
        assert!(todo.contains(&"status"));
        let existing = json!({ "id": "x", "status": "ongoing", "people": { "enrolled": null } });
        assert!(updates(&f, existing.as_object().unwrap()).is_empty());
    }

    #[test]
    fn updates_only_what_differs() {
        let mut f = facts(&record(json!(["ME/CFS"]))).unwrap();
        f.overall_status = Some("COMPLETED".into());
        f.has_results = true;
        f.start = Some(DateFact {
            date: "2020-01-15".into(),
            kind: Some("ACTUAL".into()),
            from: "start date",
        });
        f.enrollment = Some(Enrollment {
            count: 40,
            kind: Some("ESTIMATED".into()),
        });
        let study = json!({ "id": "x", "status": "ongoing", "start": "2020-01-15",
                            "people": { "enrolled": null, "target": 30 }, "result": null });
        let lines: Vec<String> = updates(&f, study.as_object().unwrap())
            .iter()
            .map(|c| format!("{}: {} → {}", c.field, c.old, c.new))
            .collect();
        assert_eq!(
            lines,
            vec![
                r#"status: "ongoing" → "completed""#,
                "people.target: 30 → 40",
                "results_posted: false → true",
            ]
        );
        // A published record keeps its status; a record with a result is not flagged.
        let study = json!({ "id": "x", "status": "published", "start": "2020-01-15",
                            "people": { "target": 40 }, "result": "Found." });
        assert!(updates(&f, study.as_object().unwrap()).is_empty());
        // Two records citing the same trial: both get the proposal, with a note.
        let dataset = json!({ "studies": [
            { "id": "a", "sources": [{ "kind": "registry", "registry": "clinicaltrials.gov", "id": "NCT09900001" }] },
            { "id": "b", "sources": [{ "kind": "registry", "registry": "clinicaltrials.gov", "id": "NCT09900001" }] },
            { "id": "c", "sources": [{ "kind": "registry", "registry": "isrctn", "id": "NCT09900001" }] },
        ]});
        let p = propose(&f, Some(&dataset));
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].study_id.as_deref(), Some("b"));
        assert!(p[0].note.as_deref().unwrap().starts_with("2 records cite"));
    }

    #[test]
    fn every_documented_overall_status_maps_or_is_reported() {
        let unmapped: Vec<&str> = OVERALL_STATUSES
            .iter()
            .copied()
            .filter(|s| status_key(s).is_none())
            .collect();
        assert_eq!(
            unmapped,
            [
                "SUSPENDED",
                "AVAILABLE",
                "NO_LONGER_AVAILABLE",
                "TEMPORARILY_NOT_AVAILABLE",
                "APPROVED_FOR_MARKETING",
                "WITHHELD",
                "UNKNOWN",
            ]
        );
        let mut f = facts(&record(json!(["ME/CFS"]))).unwrap();
        for s in OVERALL_STATUSES {
            f.overall_status = Some(s.to_string());
            let note = status_note(&f);
            assert_eq!(note.is_some(), status_key(s).is_none(), "{s}");
            if let Some(note) = note {
                assert!(
                    note.starts_with(&format!("registry overall status {s}")),
                    "{note}"
                );
                assert!(note.contains("no `status` is proposed"), "{note}");
            }
        }
        f.overall_status = Some("UNKNOWN".into());
        f.last_known_status = Some("RECRUITING".into());
        let note = status_note(&f).unwrap();
        assert!(
            note.starts_with("registry overall status UNKNOWN (last known status RECRUITING): no dataset `status` matches it"),
            "{note}"
        );
        f.overall_status = Some("AVAILABLE".into());
        f.last_known_status = None;
        assert!(status_note(&f).unwrap().contains("expanded-access status"));
        f.overall_status = Some("Recruiting".into());
        assert!(status_note(&f)
            .unwrap()
            .contains("not a value the ClinicalTrials.gov API v2 documents"));
        f.overall_status = None;
        assert_eq!(status_note(&f), None);
    }

    #[test]
    fn a_suspended_trial_proposes_no_status_and_says_why() {
        let mut doc = record(json!(["ME/CFS"]));
        doc["protocolSection"]["statusModule"] = json!({
            "overallStatus": "SUSPENDED",
            "whyStopped": "Fixture: drug supply paused",
        });
        let f = facts(&doc).unwrap();
        assert_eq!(
            f.why_stopped.as_deref(),
            Some("Fixture: drug supply paused")
        );
        let dataset = json!({ "studies": [
            { "id": "a", "status": "ongoing",
              "sources": [{ "kind": "registry", "registry": "clinicaltrials.gov", "id": "NCT09900001" }] },
        ]});
        let p = propose(&f, Some(&dataset));
        assert_eq!(p[0].changes.as_deref(), Some(&[][..]));
        let note = p[0].note.as_deref().unwrap();
        assert!(
            note.starts_with("registry overall status SUSPENDED (why stopped: Fixture: drug supply paused): no dataset `status` matches it"),
            "{note}"
        );
        let p = propose(&f, None);
        assert_eq!(p[0].action, "new");
        assert!(p[0].note.is_some());
        assert!(p[0].todo.contains(&"status"));
    }

    #[test]
    fn an_enrolment_without_a_type_is_not_guessed() {
        let mut doc = record(json!(["ME/CFS"]));
        doc["protocolSection"]["designModule"] = json!({ "enrollmentInfo": { "count": 25 } });
        let f = facts(&doc).unwrap();
        assert_eq!(f.enrollment.as_ref().map(|e| e.count), Some(25));
        let study = json!({ "id": "x", "people": { "enrolled": 20, "target": 30 } });
        assert!(updates(&f, study.as_object().unwrap()).is_empty());
        let (r, todo) = new_record(&f);
        assert_eq!(r.people, SkeletonPeople::default());
        assert!(todo.iter().any(|t| t.starts_with("people (")), "{todo:?}");
    }

    #[test]
    fn every_documented_phase_and_masking_value_is_handled() {
        // The API's `Phase` and `DesignMasking` enums (ctg-oas-v2.yaml).
        for (phase, key) in [
            ("EARLY_PHASE1", "1"),
            ("PHASE1", "1"),
            ("PHASE2", "2"),
            ("PHASE3", "3"),
            ("PHASE4", "4"),
            ("NA", "unstated"),
        ] {
            assert_eq!(
                phase_key(&[phase.to_string()], Some("INTERVENTIONAL")),
                Some(key),
                "{phase}"
            );
        }
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            phase_key(&p(&["PHASE2", "PHASE3"]), Some("INTERVENTIONAL")),
            Some("2-3")
        );
        // Expanded access is not a trial: no phase is proposed.
        assert_eq!(phase_key(&[], Some("EXPANDED_ACCESS")), None);
        for (masking, key) in [
            ("NONE", "open"),
            ("SINGLE", "single"),
            ("DOUBLE", "double"),
            ("TRIPLE", "triple"),
            ("QUADRUPLE", "triple"),
        ] {
            assert_eq!(blinding_key(masking), Some(key), "{masking}");
        }
    }

    #[test]
    fn not_a_record() {
        assert!(records(&json!({ "foo": 1 })).is_err());
        assert_eq!(records(&json!({ "studies": [1, 2] })).unwrap().len(), 2);
        let e = facts(&json!({ "protocolSection": {} })).unwrap_err();
        assert!(e.contains("nctId"), "{e}");
        let e = facts(&json!({ "protocolSection": { "identificationModule": { "nctId": "X1" } } }))
            .unwrap_err();
        assert!(e.contains("not an NCT id"), "{e}");
    }
}
