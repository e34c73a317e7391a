//! Validation of a dataset file: every rule a record must satisfy before it can ship.
//!
//! Plain Rust depending only on [`crate::model`], serde and serde_json (native only: the wasm has
//! no JSON parser), so `build.rs` runs these same rules and refuses to build the widget with a
//! broken dataset. Each problem names the record id, the field and the reason; [`report`] adds the
//! file name.

use crate::model::{
    DatasetFile, Evidence, PartialDate, Registry, Source, SourceKind, Study, Treatment,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// One thing wrong with one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The record's id (`study \`x\``, `treatment \`y\``, `file`).
    pub record: String,
    /// The field, as a dotted path (`people.analysed`, `sources[0].id`).
    pub field: String,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, field `{}`: {}",
            self.record, self.field, self.reason
        )
    }
}

/// Formats problems as the build and the validator print them: one line each, file name first.
pub fn report(file: &str, problems: &[Problem]) -> String {
    let mut out = format!("{file}: {} problem(s) in the dataset\n", problems.len());
    for p in problems {
        out.push_str(&format!("{file}: {p}\n"));
    }
    out
}

/// Parses and validates a dataset file. Returns the dataset only if every rule holds.
pub fn validate(text: &str) -> Result<DatasetFile, Vec<Problem>> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        vec![Problem {
            record: "file".into(),
            field: format!("line {}, column {}", e.line(), e.column()),
            reason: format!("not valid JSON: {e}"),
        }]
    })?;
    let mut problems = Vec::new();
    let Value::Object(map) = &root else {
        return Err(vec![problem(
            "file",
            "",
            "the top level must be a JSON object",
        )]);
    };

    let treatments = typed_list::<Treatment>(
        map.get("treatments"),
        "treatment",
        "treatments",
        &mut problems,
    );
    let studies = typed_list::<Study>(map.get("studies"), "study", "studies", &mut problems);

    // Metadata: deserialise the file with empty lists so field errors point at metadata only.
    let mut meta = map.clone();
    meta.insert("treatments".into(), Value::Array(vec![]));
    meta.insert("studies".into(), Value::Array(vec![]));
    let meta: Option<DatasetFile> = match serde_path_to_error::deserialize(Value::Object(meta)) {
        Ok(m) => Some(m),
        Err(e) => {
            problems.push(problem(
                "file",
                &e.path().to_string(),
                &e.inner().to_string(),
            ));
            None
        }
    };
    if let Some(m) = &meta {
        if m.format != 1 {
            problems.push(problem(
                "file",
                "format",
                &format!("format {} is not supported (expected 1)", m.format),
            ));
        }
        if m.inclusion.trim().is_empty() {
            problems.push(problem(
                "file",
                "inclusion",
                "the dataset must state which studies it includes",
            ));
        }
        if m.last_reviewed.definitely_before(&m.cutoff) {
            problems.push(problem(
                "file",
                "cutoff",
                &format!(
                    "cut-off {} is after the review date {}",
                    m.cutoff, m.last_reviewed
                ),
            ));
        }
        if !m.licence.url.starts_with("https://") {
            problems.push(problem(
                "file",
                "licence.url",
                "links must start with https://",
            ));
        }
    }

    check_treatments(&treatments, &mut problems);
    let keys: HashSet<&str> = treatments.iter().map(|t| t.key.as_str()).collect();
    check_studies(&studies, &keys, &mut problems);
    check_history(
        &studies,
        meta.as_ref().map(|m| m.last_reviewed),
        &mut problems,
    );
    if let Some(m) = &meta {
        check_changelog(m, &studies, &mut problems);
    }

    match (problems.is_empty(), meta) {
        (true, Some(mut m)) => {
            m.treatments = treatments;
            m.studies = studies;
            Ok(m)
        }
        _ => Err(problems),
    }
}

fn problem(record: &str, field: &str, reason: &str) -> Problem {
    Problem {
        record: record.into(),
        field: field.into(),
        reason: reason.into(),
    }
}

/// Deserialises each element on its own so one bad record names itself and does not hide others.
fn typed_list<T: DeserializeOwned>(
    value: Option<&Value>,
    what: &str,
    field: &str,
    problems: &mut Vec<Problem>,
) -> Vec<T> {
    let Some(Value::Array(items)) = value else {
        problems.push(problem("file", field, "missing, or not a list"));
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let name = record_name(what, item, i);
        match serde_path_to_error::deserialize::<_, T>(item.clone()) {
            Ok(t) => out.push(t),
            Err(e) => {
                let path = e.path().to_string();
                let path = if path == "." { String::new() } else { path };
                problems.push(Problem {
                    record: name,
                    field: path,
                    reason: e.inner().to_string(),
                });
            }
        }
    }
    out
}

fn record_name(what: &str, item: &Value, index: usize) -> String {
    let key = if what == "treatment" { "key" } else { "id" };
    match item.get(key).and_then(Value::as_str) {
        Some(id) => format!("{what} `{id}`"),
        None => format!("{what} #{index} (no {key})"),
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn check_treatments(treatments: &[Treatment], problems: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    for t in treatments {
        let rec = format!("treatment `{}`", t.key);
        if !is_slug(&t.key) {
            problems.push(problem(
                &rec,
                "key",
                "must be lowercase letters, digits and dashes",
            ));
        }
        if !seen.insert(t.key.as_str()) {
            problems.push(problem(&rec, "key", "duplicate treatment key"));
        }
        if t.name.trim().is_empty() {
            problems.push(problem(&rec, "name", "must not be empty"));
        }
        if let Some(note) = &t.note {
            let mut p = |field: &str, reason: &str| problems.push(problem(&rec, field, reason));
            check_note(note, &mut p);
        }
    }
}

/// The most characters a treatment note's text may have: a note is one or two sentences of
/// context, never a second account of the studies.
pub const NOTE_MAX_CHARS: usize = 500;

/// A treatment note (rules 51–55): plain text of at most [`NOTE_MAX_CHARS`] characters, and
/// sources that a reader can follow, each checked like a study's.
fn check_note(note: &crate::model::TreatmentNote, p: &mut dyn FnMut(&str, &str)) {
    let text = note.text.trim();
    if text.is_empty() {
        p(
            "note.text",
            "must not be empty (leave the note out when there is nothing to add)",
        );
    }
    let chars = note.text.chars().count();
    if chars > NOTE_MAX_CHARS {
        p(
            "note.text",
            &format!("is {chars} characters long; a note has at most {NOTE_MAX_CHARS}"),
        );
    }
    if note
        .text
        .chars()
        .any(|c| c.is_control() || c == '<' || c == '>')
    {
        p(
            "note.text",
            "must be plain text on one line (no line breaks, control characters or `<` `>`)",
        );
    }
    if note.sources.is_empty() {
        p("note.sources", "a treatment note needs at least one source");
    } else if note.sources.iter().all(|src| src.kind == SourceKind::Seed) {
        p(
            "note.sources",
            "a treatment note needs at least one linkable source (doi, registry or url)",
        );
    }
    check_sources(&note.sources, "note.", p);
}

fn check_studies(studies: &[Study], treatments: &HashSet<&str>, problems: &mut Vec<Problem>) {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for s in studies {
        let rec = format!("study `{}`", s.id);
        let mut p = |field: &str, reason: &str| problems.push(problem(&rec, field, reason));

        if !is_slug(&s.id) {
            p(
                "id",
                "must be lowercase letters, digits and dashes (at most 80)",
            );
        }
        *ids.entry(s.id.as_str()).or_default() += 1;
        if ids[s.id.as_str()] == 2 {
            p("id", "duplicate study id");
        }
        if !treatments.contains(s.treatment.as_str()) {
            p(
                "treatment",
                &format!("unknown treatment key `{}`", s.treatment),
            );
        }
        for (field, text) in [
            ("title", Some(&s.title)),
            ("result", s.result.as_ref()),
            ("design.summary", Some(&s.design.summary)),
        ] {
            if text.is_some_and(|t| t.trim().is_empty()) {
                p(field, "must not be empty (use null when unknown)");
            }
        }
        for (i, c) in s.caveats.iter().enumerate() {
            if c.trim().is_empty() {
                p(&format!("caveats[{i}]"), "must not be empty");
            }
        }

        // Dates must be in life-cycle order, compared at the coarser precision.
        if let (Some(a), Some(b)) = (s.start, s.end) {
            if b.definitely_before(&a) {
                p("end", &format!("end {b} is before start {a}"));
            }
        }
        if let (Some(a), Some(b)) = (s.start, s.published) {
            if b.definitely_before(&a) {
                p("published", &format!("publication {b} is before start {a}"));
            }
        }
        // Only a study that has not reported may lack every date (the timeline shows it at "now").
        if s.start.is_none()
            && s.end.is_none()
            && s.published.is_none()
            && !matches!(
                s.status,
                crate::model::Status::Planned | crate::model::Status::Ongoing
            )
        {
            p(
                "start",
                "a finished study needs at least one of start, end or published",
            );
        }

        // People can only leave a study: analysed ≤ completed ≤ enrolled.
        let n = &s.people;
        if let (Some(c), Some(e)) = (n.completed, n.enrolled) {
            if c > e {
                p(
                    "people.completed",
                    &format!("{c} completed is more than {e} enrolled"),
                );
            }
        }
        if let (Some(a), Some(c)) = (n.analysed, n.completed) {
            if a > c {
                p(
                    "people.analysed",
                    &format!("{a} analysed is more than {c} completed"),
                );
            }
        }
        if let (Some(a), Some(e)) = (n.analysed, n.enrolled) {
            if a > e {
                p(
                    "people.analysed",
                    &format!("{a} analysed is more than {e} enrolled"),
                );
            }
        }

        // Honesty: only a randomised, controlled trial may be labelled a positive or negative RCT.
        if matches!(s.evidence, Evidence::Positive | Evidence::Negative) {
            if s.design.randomised != Some(true) {
                p(
                    "evidence",
                    "a positive or negative RCT must have design.randomised = true",
                );
            }
            if matches!(s.design.control, None | Some(crate::model::Control::None)) {
                p(
                    "evidence",
                    "a positive or negative RCT must have a comparison group (design.control)",
                );
            }
        }

        // An approval is dated, and only an "approved" study carries a date of approval.
        match (s.evidence, s.approved) {
            (Evidence::Approved, None) => p(
                "approved",
                "evidence `approved` needs the date of the approval",
            ),
            (e, Some(_)) if e != Evidence::Approved => p(
                "approved",
                "only a study with evidence `approved` has an approval date",
            ),
            _ => {}
        }
        if let (Some(a), Some(b)) = (s.start, s.approved) {
            if b.definitely_before(&a) {
                p("approved", &format!("approval {b} is before start {a}"));
            }
        }

        // A result says where it was made public; no result, no report.
        let has_result = s.evidence.has_result();
        match (s.result.is_some(), s.reported_in.is_some()) {
            (true, false) => p(
                "reported_in",
                "a study with a result must say where it was reported (journal, preprint, registry, abstract or press)",
            ),
            (false, true) => p("reported_in", "a study without a result has no `reported_in`"),
            _ => {}
        }
        if !has_result && s.result.is_some() {
            p(
                "result",
                &format!(
                    "a study with evidence `{}` has no result yet (use null)",
                    s.evidence.key()
                ),
            );
        }
        if has_result && s.result.is_none() {
            p(
                "result",
                &format!(
                    "evidence `{}` needs the result it rests on",
                    s.evidence.key()
                ),
            );
        }
        if s.evidence == Evidence::Unreported
            && !matches!(
                s.status,
                crate::model::Status::Completed | crate::model::Status::Terminated
            )
        {
            p(
                "evidence",
                "evidence `unreported` is for a study that finished or stopped (status completed or terminated)",
            );
        }

        // Harms: counts are people, so no arm has more than enrolled, and the arms add up.
        let h = &s.harms;
        for (field, count) in [
            ("harms.serious_total", h.serious_total),
            ("harms.serious_treatment", h.serious_treatment),
            ("harms.serious_control", h.serious_control),
            ("harms.withdrawn", h.withdrawn),
        ] {
            if let (Some(c), Some(e)) = (count, n.enrolled) {
                if c > e {
                    p(field, &format!("{c} people is more than the {e} enrolled"));
                }
            }
        }
        if let (Some(t), Some(a), Some(c)) =
            (h.serious_total, h.serious_treatment, h.serious_control)
        {
            if a.checked_add(c) != Some(t) {
                p(
                    "harms.serious_total",
                    &format!("{t} is not the treatment arm's {a} plus the comparison arm's {c}"),
                );
            }
        }
        if h.stopped_for_safety == Some(true) && s.status != crate::model::Status::Terminated {
            p(
                "harms.stopped_for_safety",
                "a study stopped for safety has status `terminated`",
            );
        }
        if h.summary.as_ref().is_some_and(|t| t.trim().is_empty()) {
            p("harms.summary", "must not be empty (use null when unknown)");
        }

        // Sources: at least one, and at least one the reader can follow.
        if s.sources.is_empty() {
            p("sources", "a study needs at least one source");
        } else if s.sources.iter().all(|src| src.kind == SourceKind::Seed) {
            p(
                "sources",
                "a study needs at least one linkable source (doi, registry or url)",
            );
        }
        check_sources(&s.sources, "", &mut p);
    }
}

/// The most characters a history entry's `change` or `reason` may have.
pub const HISTORY_MAX_CHARS: usize = 200;

/// A study's `added` date and its history (rules 56–59): not after the file's review date, no
/// change before the record was added, oldest first, and short plain text.
fn check_history(studies: &[Study], reviewed: Option<PartialDate>, problems: &mut Vec<Problem>) {
    for s in studies {
        let rec = format!("study `{}`", s.id);
        let mut p = |field: &str, reason: &str| problems.push(problem(&rec, field, reason));
        if let (Some(a), Some(r)) = (s.added, reviewed) {
            if r.definitely_before(&a) {
                p(
                    "added",
                    &format!("added {a} is after the file's review date {r}"),
                );
            }
        }
        let mut previous: Option<PartialDate> = None;
        for (i, h) in s.history.iter().enumerate() {
            let field = format!("history[{i}].date");
            let d = h.date;
            if let Some(r) = reviewed.filter(|r| r.definitely_before(&d)) {
                p(
                    &field,
                    &format!("change {d} is after the file's review date {r}"),
                );
            }
            if let Some(a) = s.added.filter(|a| d.definitely_before(a)) {
                p(
                    &field,
                    &format!("change {d} is before the record was added ({a})"),
                );
            }
            if let Some(before) = previous.filter(|b| d.definitely_before(b)) {
                p(
                    &field,
                    &format!("change {d} is before the change above it ({before}); list changes oldest first"),
                );
            }
            previous = Some(d);
            for (name, text) in [("change", &h.change), ("reason", &h.reason)] {
                let f = format!("history[{i}].{name}");
                if text.trim().is_empty() {
                    p(&f, "must not be empty");
                } else if text.chars().count() > HISTORY_MAX_CHARS
                    || text.chars().any(|c| c.is_control())
                {
                    p(
                        &f,
                        &format!("must be plain text on one line of at most {HISTORY_MAX_CHARS} characters"),
                    );
                }
            }
        }
    }
}

/// The file's changelog (rules 60–64): versions in order, dates in order, the last entry is the
/// file's version, every id it names is a study of the file (or one a version removed), and each
/// entry says what it did.
fn check_changelog(file: &DatasetFile, studies: &[Study], problems: &mut Vec<Problem>) {
    let log = &file.changelog;
    let mut p = |field: &str, reason: &str| problems.push(problem("file", field, reason));
    let ids: HashSet<&str> = studies.iter().map(|s| s.id.as_str()).collect();
    for (i, c) in log.iter().enumerate() {
        if !crate::model::is_version(&c.version) {
            p(
                &format!("changelog[{i}].version"),
                &format!(
                    "`{}` is not a version of dot-separated whole numbers, like 2026.12.1",
                    c.version
                ),
            );
        } else if let Some(prev) = i.checked_sub(1).map(|j| &log[j].version) {
            if crate::model::compare_versions(&c.version, prev)
                .is_some_and(|o| o != std::cmp::Ordering::Greater)
            {
                p(
                    &format!("changelog[{i}].version"),
                    &format!(
                        "version {} is not after the version above it ({prev})",
                        c.version
                    ),
                );
            }
        }
        if let Some(prev) = i.checked_sub(1).map(|j| log[j].date) {
            if c.date.definitely_before(&prev) {
                p(
                    &format!("changelog[{i}].date"),
                    &format!(
                        "{} is before the date of the version above it ({prev})",
                        c.date
                    ),
                );
            }
        }
        if c.summary.trim().is_empty() {
            p(&format!("changelog[{i}].summary"), "must not be empty");
        }
        // An id added or changed must be in the file, unless this or a later version removed it.
        let removed_from = |id: &str| log[i..].iter().any(|l| l.removed.iter().any(|r| r == id));
        for (list, name) in [(&c.added, "added"), (&c.changed, "changed")] {
            for (j, id) in list.iter().enumerate() {
                if !ids.contains(id.as_str()) && !removed_from(id) {
                    p(
                        &format!("changelog[{i}].{name}[{j}]"),
                        &format!("unknown study id `{id}` (not in the file, and no later version removed it)"),
                    );
                }
            }
        }
        for (j, id) in c.removed.iter().enumerate() {
            let added_again = log[i + 1..].iter().any(|l| l.added.iter().any(|a| a == id));
            if ids.contains(id.as_str()) && !added_again {
                p(
                    &format!("changelog[{i}].removed[{j}]"),
                    &format!("study `{id}` was removed but is still in the file"),
                );
            }
        }
    }
    if let Some(last) = log.last() {
        if last.version != file.version {
            p(
                "changelog",
                &format!(
                    "the last entry is version {}, but the file is version {}",
                    last.version, file.version
                ),
            );
        }
    }
}

/// The checks every source gets, a study's or a treatment note's (rules 29–36): `prefix` is put
/// before the field path (`note.` for a note).
fn check_sources(sources: &[Source], prefix: &str, p: &mut dyn FnMut(&str, &str)) {
    for (i, src) in sources.iter().enumerate() {
        let f = format!("{prefix}sources[{i}].id");
        if src.label.trim().is_empty() {
            p(&format!("{prefix}sources[{i}].label"), "must not be empty");
        }
        match src.kind {
            SourceKind::Url => {
                if !src.id.starts_with("https://") {
                    p(&f, &format!("link `{}` is not https", src.id));
                } else if src.id.len() <= "https://".len()
                    || src.id.chars().any(|c| {
                        c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>'
                    })
                {
                    p(&f, &format!("link `{}` is not a well-formed URL", src.id));
                }
            }
            SourceKind::Doi => {
                let ok = src.id.starts_with("10.")
                    && src.id.contains('/')
                    && !src.id.chars().any(|c| {
                        c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>'
                    });
                if !ok {
                    p(
                        &f,
                        &format!(
                            "`{}` is not a DOI (10.<prefix>/<suffix>, without https://doi.org/)",
                            src.id
                        ),
                    );
                }
            }
            SourceKind::Registry => {
                match src.registry.as_deref().map(|k| (k, Registry::from_key(k))) {
                    None => p(
                        &format!("{prefix}sources[{i}].registry"),
                        "a registry source must name its registry",
                    ),
                    Some((k, None)) => p(
                        &format!("{prefix}sources[{i}].registry"),
                        &format!(
                            "unknown registry `{k}` (known: {})",
                            Registry::ALL
                                .iter()
                                .map(|r| r.key())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ),
                    Some((_, Some(r))) => {
                        if !r.matches(&src.id) {
                            p(
                                &f,
                                &format!(
                                    "`{}` does not match the {} pattern ({})",
                                    src.id,
                                    r.label(),
                                    r.pattern()
                                ),
                            );
                        }
                    }
                }
            }
            SourceKind::Seed => {
                if !src
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-')
                {
                    p(&f, "a seed document is named by its file name");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fixture in `tests/fixtures/broken/` breaks exactly one rule; its first line names the
    /// record, field and reason the validator must report (as `// expect: <substring>` lines in a
    /// sibling `.expect` file).
    #[test]
    fn broken_fixtures_are_rejected_with_the_right_message() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/broken");
        let mut count = 0;
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("fixture folder")
            .flatten()
            .collect();
        entries.sort_by_key(|e| e.path());
        for entry in entries {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            count += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            let expect_path = path.with_extension("expect");
            let expected = std::fs::read_to_string(&expect_path)
                .unwrap_or_else(|_| panic!("{} needs a sibling .expect file", path.display()));
            let problems =
                validate(&text).expect_err(&format!("{} must be rejected", path.display()));
            let rendered = report(&path.display().to_string(), &problems);
            for line in expected.lines().filter(|l| !l.trim().is_empty()) {
                assert!(
                    rendered.contains(line.trim()),
                    "{}: expected `{}` in:\n{rendered}",
                    path.display(),
                    line.trim()
                );
            }
        }
        assert!(
            count >= 12,
            "expected at least 12 broken fixtures, found {count}"
        );
    }

    #[test]
    fn the_valid_fixture_passes() {
        let text = include_str!("../../../tests/fixtures/valid.json");
        let d = validate(text).unwrap_or_else(|p| panic!("{}", report("valid.json", &p)));
        assert_eq!(d.studies.len(), 2);
    }
}
