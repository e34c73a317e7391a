//! Open-format exports of a list of studies: CSV for spreadsheets, JSON in the dataset's own
//! schema, and citations as plain text, BibTeX and RIS for reference managers.
//!
//! This module owns the escaping of every format. Study text comes from a curated file, but it is
//! treated as hostile anyway: a title must never be able to start a spreadsheet formula, close a
//! BibTeX field or start a new RIS tag. Plain Rust (no yew, no browser); the UI only turns the
//! returned strings into downloads.

mod json;

use crate::model::{PartialDate, Source, SourceKind, Study};
use std::fmt::Write as _;

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/// The CSV header, in column order.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "treatment",
    "title",
    "authors",
    "start",
    "end",
    "published",
    "status",
    "phase",
    "randomised",
    "control",
    "blinding",
    "enrolled",
    "completed",
    "analysed",
    "scope",
    "outcome_type",
    "evidence",
    "result",
    "caveats",
    "sources",
];

/// One CSV cell: neutralises spreadsheet formulas, then quotes per RFC 4180 when needed.
fn csv_cell(text: &str) -> String {
    // Spreadsheets run a cell starting with one of these as a formula (CSV injection); a leading
    // apostrophe makes them show it as text instead.
    let guarded;
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{text}");
        guarded.as_str()
    } else {
        text
    };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A source as a link when it has one, else `kind:id` (e.g. `seed:notes.md`).
fn source_ref(src: &Source) -> String {
    src.href()
        .unwrap_or_else(|| format!("{}:{}", src.kind.key(), src.id))
}

/// The studies as RFC 4180 CSV (CRLF line ends, header row first).
///
/// Vocabulary columns use the dataset keys (`pilot`, `placebo`, `self-reported`) so the file
/// joins back onto the JSON; `treatment` uses `treatment_name` so a reader sees a name, not a
/// slug. Unknown values are empty cells, caveats and sources are joined with ` | `.
pub fn to_csv(studies: &[&Study], treatment_name: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    out.push_str(&CSV_COLUMNS.join(","));
    out.push_str("\r\n");
    for s in studies {
        let cells: [String; 21] = [
            s.id.clone(),
            treatment_name(&s.treatment),
            s.title.clone(),
            opt(s.authors.as_deref()),
            opt(s.start),
            opt(s.end),
            opt(s.published),
            s.status.key().to_string(),
            s.phase.key().to_string(),
            opt(s.design.randomised),
            opt(s.design.control.map(|c| c.key())),
            opt(s.design.blinding.map(|b| b.key())),
            opt(s.people.enrolled),
            opt(s.people.completed),
            opt(s.people.analysed),
            s.scope.key().to_string(),
            opt(s.outcome_type.map(|o| o.key())),
            s.evidence.key().to_string(),
            opt(s.result.as_deref()),
            s.caveats.join(" | "),
            s.sources
                .iter()
                .map(source_ref)
                .collect::<Vec<_>>()
                .join(" | "),
        ];
        let row: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

// ---------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------

/// What a JSON export says about the dataset it comes from.
pub struct ExportMeta<'a> {
    pub title: &'a str,
    pub version: &'a str,
    /// The dataset's cut-off date (`YYYY-MM-DD` or coarser) and inclusion rules: an export of
    /// part of the data still says what the whole covers.
    pub cutoff: &'a str,
    pub inclusion: &'a str,
    pub licence_name: &'a str,
    pub licence_url: &'a str,
}

/// The studies as pretty-printed JSON: `title`, `version`, `cutoff`, `inclusion`,
/// `licence {name, url}`, `exported_studies` and `studies`, each study in exactly the dataset's
/// schema. The text is what `serde_json::to_string_pretty` would write (a test keeps it so),
/// without serde_json in the wasm.
pub fn to_json(studies: &[&Study], meta: &ExportMeta) -> String {
    let mut j = json::Json::new();
    j.object(|j| {
        j.field("title", meta.title);
        j.field("version", meta.version);
        j.field("cutoff", meta.cutoff);
        j.field("inclusion", meta.inclusion);
        j.field("licence", &Licence(meta.licence_name, meta.licence_url));
        j.field("exported_studies", &studies.len());
        j.field("studies", studies);
    });
    j.finish()
}

/// The export's `licence` object.
struct Licence<'a>(&'a str, &'a str);

impl json::ToJson for Licence<'_> {
    fn write(&self, j: &mut json::Json) {
        j.object(|j| {
            j.field("name", self.0);
            j.field("url", self.1);
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Citations
// ---------------------------------------------------------------------------------------------

/// Collapses every run of whitespace and control characters (including newlines) to one space.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The link a citation points to: the DOI if there is one, else the first linkable source.
fn citation_link(s: &Study) -> Option<String> {
    s.sources
        .iter()
        .find(|src| src.kind == SourceKind::Doi)
        .or_else(|| s.sources.iter().find(|src| src.href().is_some()))
        .and_then(Source::href)
}

fn doi(s: &Study) -> Option<&str> {
    s.sources
        .iter()
        .find(|src| src.kind == SourceKind::Doi)
        .map(|src| src.id.as_str())
}

/// A published paper is an article; a registry record or web page is not.
fn is_article(s: &Study) -> bool {
    doi(s).is_some()
}

/// Authors split into names, plus whether the list ended in "et al.". The dataset writes
/// Vancouver style ("Fluge Ø, Mella O" or "Ruan BT et al."), so commas separate people.
fn author_names(authors: &str) -> (Vec<String>, bool) {
    let a = one_line(authors);
    let trimmed = a.trim_end_matches(['.', ' ', ',']);
    // ASCII-only comparison on a checked boundary: lowercasing could change byte offsets.
    let cut = trimmed
        .len()
        .checked_sub("et al".len())
        .filter(|&i| trimmed.is_char_boundary(i));
    let et_al_at = cut.filter(|&i| {
        trimmed[i..].eq_ignore_ascii_case("et al")
            && trimmed[..i]
                .chars()
                .next_back()
                .is_none_or(|c| c == ' ' || c == ',')
    });
    let (names, et_al) = match et_al_at {
        Some(i) => (&trimmed[..i], true),
        None => (a.as_str(), false),
    };
    let list = names
        .split([',', ';'])
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    (list, et_al)
}

/// Appends `text` to `out`, then a full stop unless `text` already ends a sentence.
fn sentence(out: &mut String, text: &str) {
    out.push_str(text);
    if !text.ends_with(['.', '?', '!']) {
        out.push('.');
    }
}

/// One plain-text citation: `Authors (year). Title. link`, e.g.
/// "Ruan BT et al. (2025). Low-dose rapamycin pilot study. https://doi.org/10.1186/…".
/// Without authors the title leads; without a publication date the year is "n.d.".
pub fn citation_text(s: &Study) -> String {
    let year = s
        .published
        .map_or_else(|| "n.d.".to_string(), |d| d.year.to_string());
    let title = one_line(&s.title);
    let mut out = String::new();
    match s.authors.as_deref().map(one_line).filter(|a| !a.is_empty()) {
        Some(a) => {
            let _ = write!(out, "{a} ({year}). ");
            sentence(&mut out, &title);
        }
        None => {
            let _ = write!(out, "{} ({year}).", title.trim_end_matches('.'));
        }
    }
    if let Some(link) = citation_link(s) {
        out.push(' ');
        out.push_str(&link);
    }
    out
}

/// A numbered plain-text reference list, one citation per line.
pub fn citations_text(studies: &[&Study]) -> String {
    studies
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{}. {}\n", i + 1, citation_text(s)))
        .collect()
}

/// The honesty note carried into reference managers, so a pilot never looks like a trial there:
/// e.g. "Evidence: Preliminary (uncontrolled); Pilot / open-label; 86 enrolled, 40 analysed".
fn note(s: &Study) -> String {
    let mut parts = vec![
        format!("Evidence: {}", s.evidence.label()),
        s.phase.label().to_string(),
    ];
    let p = &s.people;
    let counts: Vec<String> = [
        (p.enrolled, "enrolled"),
        (p.completed, "completed"),
        (p.analysed, "analysed"),
    ]
    .into_iter()
    .filter_map(|(n, what)| n.map(|n| format!("{n} {what}")))
    .collect();
    if !counts.is_empty() {
        parts.push(counts.join(", "));
    }
    parts.join("; ")
}

// ---------------------------------------------------------------------------------------------
// BibTeX
// ---------------------------------------------------------------------------------------------

/// Escapes text for a brace-delimited BibTeX field. BibTeX counts braces even after a backslash,
/// so `\{` would still close the field; braces become brace-free commands instead, and every
/// remaining `{` `}` in the output comes in matched `{}` pairs.
fn bib_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes a DOI or URL for a verbatim BibTeX field: LaTeX escapes would corrupt the link, so
/// characters that could end the field are percent-encoded instead (they are not valid raw in a
/// URL anyway).
fn bib_verbatim(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '{' | '}' | '\\' | '"' => {
                let _ = write!(out, "%{:02X}", c as u32);
            }
            c if c.is_whitespace() || c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "%{b:02X}");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// A citation key BibTeX accepts: the study id with anything outside `[A-Za-z0-9_:.-]` replaced.
fn bib_key(id: &str) -> String {
    let key: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if key.is_empty() {
        "study".to_string()
    } else {
        key
    }
}

/// The studies as BibTeX: `@article` for papers with a DOI, `@misc` for registry records and web
/// pages, with `title`, `author`, `year`, `doi`, `url` and a `note` naming the evidence level.
pub fn bibtex(studies: &[&Study]) -> String {
    let mut out = String::new();
    for s in studies {
        let kind = if is_article(s) { "article" } else { "misc" };
        let _ = writeln!(out, "@{kind}{{{},", bib_key(&s.id));
        // Double braces keep the title's capitalisation (ME/CFS, COVID) in every style.
        let mut fields = vec![("title", format!("{{{}}}", bib_text(&s.title)))];
        if let Some((names, et_al)) = s
            .authors
            .as_deref()
            .map(author_names)
            .filter(|(n, _)| !n.is_empty())
        {
            // Braced names are printed as written; BibTeX would otherwise read "Ruan BT" as
            // first name "Ruan", surname "BT".
            let mut list: Vec<String> = names
                .iter()
                .map(|n| format!("{{{}}}", bib_text(n)))
                .collect();
            if et_al {
                list.push("others".to_string());
            }
            fields.push(("author", list.join(" and ")));
        }
        if let Some(d) = s.published {
            fields.push(("year", d.year.to_string()));
        }
        if let Some(d) = doi(s) {
            fields.push(("doi", bib_verbatim(d)));
        }
        if let Some(link) = citation_link(s) {
            fields.push(("url", bib_verbatim(&link)));
        }
        fields.push(("note", bib_text(&note(s))));
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("  {k} = {{{v}}}"))
            .collect();
        out.push_str(&body.join(",\n"));
        out.push_str("\n}\n\n");
    }
    out
}

// ---------------------------------------------------------------------------------------------
// RIS
// ---------------------------------------------------------------------------------------------

/// `YYYY/MM/DD/` as RIS writes dates, with unknown parts left empty.
fn ris_date(d: PartialDate) -> String {
    let two = |v: Option<u8>| v.map(|v| format!("{v:02}")).unwrap_or_default();
    format!("{:04}/{}/{}/", d.year, two(d.month), two(d.day))
}

/// The studies as RIS (`TY  - JOUR` … `ER  - `), one tag per line. Every value is flattened to
/// one line, so no field can start a tag of its own.
pub fn ris(studies: &[&Study]) -> String {
    let mut out = String::new();
    for s in studies {
        let mut line = |tag: &str, value: &str| {
            let value = one_line(value);
            if !value.is_empty() {
                let _ = write!(out, "{tag}  - {value}\r\n");
            }
        };
        line("TY", if is_article(s) { "JOUR" } else { "GEN" });
        line("ID", &s.id);
        line("TI", &s.title);
        if let Some((names, _)) = s.authors.as_deref().map(author_names) {
            for n in &names {
                line("AU", n);
            }
        }
        if let Some(d) = s.published {
            line("PY", &d.year.to_string());
            line("DA", &ris_date(d));
        }
        if let Some(d) = doi(s) {
            line("DO", d);
        }
        for href in s.sources.iter().filter_map(Source::href) {
            line("UR", &href);
        }
        line("N1", &note(s));
        if let Some(r) = s.result.as_deref() {
            line("AB", r);
        }
        out.push_str("ER  - \r\n\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{merge, ruan_pilot, study_from};
    use serde_json::{json, Value};

    const HOSTILE: &str = "=HYPERLINK(\"http://evil.example\",\"click\"), \"quoted\"\nline two}";

    /// The Ruan rapamycin pilot (with two caveats) and `patch` merged in.
    fn study(patch: Value) -> Study {
        let mut base = ruan_pilot();
        merge(
            &mut base,
            json!({ "caveats": ["No comparison group.", "Many dropped out."] }),
        );
        study_from(base, patch)
    }

    fn fluge() -> Study {
        study(json!({
            "id": "fluge-2019-rituxme-phase3", "treatment": "rituximab", "title": "RituxME phase 3 trial",
            "authors": "Fluge Ø et al.", "start": "2014-09", "end": "2017-11", "published": "2019",
            "phase": "3", "evidence": "negative",
            "design": { "randomised": true, "control": "placebo", "blinding": "double" },
            "people": { "enrolled": 151, "completed": null, "analysed": 151 },
            "outcome_type": "self-reported", "caveats": [],
            "sources": [
                { "kind": "doi", "id": "10.7326/M18-1451", "label": "Journal article" },
                { "kind": "registry", "registry": "clinicaltrials.gov", "id": "NCT02229942", "label": "Trial registration" },
                { "kind": "seed", "id": "notes.md", "label": "Seed" }
            ]
        }))
    }

    fn name(key: &str) -> String {
        match key {
            "rapamycin" => "Low-dose rapamycin (sirolimus)".to_string(),
            other => other.to_string(),
        }
    }

    /// A minimal RFC 4180 reader, so tests check what a spreadsheet would actually see.
    fn parse_csv(text: &str) -> Vec<Vec<String>> {
        let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
        let mut chars = text.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => cell.push(c),
                (false, '"') if cell.is_empty() => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut cell)),
                (false, '\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                    row.push(std::mem::take(&mut cell));
                    rows.push(std::mem::take(&mut row));
                }
                (false, c) => cell.push(c),
            }
        }
        assert!(
            !quoted && cell.is_empty() && row.is_empty(),
            "CSV must end with a complete row"
        );
        rows
    }

    #[test]
    fn csv_has_header_and_one_row_per_study() {
        let (a, b) = (study(json!({})), fluge());
        let csv = to_csv(&[&a, &b], &name);
        let rows = parse_csv(&csv);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0], CSV_COLUMNS);
        assert!(rows.iter().all(|r| r.len() == CSV_COLUMNS.len()));
        let r = &rows[1];
        let col = |c: &str| &r[CSV_COLUMNS.iter().position(|x| *x == c).unwrap()];
        assert_eq!(col("treatment"), "Low-dose rapamycin (sirolimus)");
        assert_eq!(col("published"), "2025-10-21");
        assert_eq!(col("end"), "");
        assert_eq!(col("randomised"), "false");
        assert_eq!(col("enrolled"), "86");
        assert_eq!(col("analysed"), "40");
        assert_eq!(col("outcome_type"), "mixed");
        assert_eq!(col("caveats"), "No comparison group. | Many dropped out.");
        assert_eq!(col("sources"), "https://doi.org/10.1186/s12967-025-07213-8");
        let r = &rows[2];
        assert_eq!(
            r[20],
            "https://doi.org/10.7326/M18-1451 | https://clinicaltrials.gov/study/NCT02229942 | seed:notes.md"
        );
        assert_eq!(r[1], "rituximab");
        assert_eq!(r[8], "3");
    }

    #[test]
    fn csv_neutralises_formulas_and_quotes_hostile_text() {
        let s = study(json!({
            "title": HOSTILE, "authors": "+cmd|' /C calc'!A0", "result": "-2+3",
            "caveats": ["@SUM(A1:A2)", "\tTabbed", "fine, with comma"]
        }));
        let csv = to_csv(&[&s], &|_| "=evil()".to_string());
        let rows = parse_csv(&csv);
        assert_eq!(rows.len(), 2);
        let r = &rows[1];
        assert_eq!(
            r.len(),
            CSV_COLUMNS.len(),
            "hostile text must not add or split cells"
        );
        assert_eq!(r[1], "'=evil()");
        assert_eq!(r[2], format!("'{HOSTILE}"));
        assert_eq!(r[3], "'+cmd|' /C calc'!A0");
        assert_eq!(r[18], "'-2+3");
        assert_eq!(r[19], "'@SUM(A1:A2) | \tTabbed | fine, with comma");
        for cell in r {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
        assert_eq!(csv_cell("\rX"), "\"'\rX\"");
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn json_round_trips_in_dataset_schema() {
        let (a, b) = (study(json!({ "title": HOSTILE })), fluge());
        let text = to_json(
            &[&a, &b],
            &ExportMeta {
                title: "ME/CFS studies",
                version: "2026.11.1",
                cutoff: "2026-11-30",
                inclusion: "Every study we could check.",
                licence_name: "CC BY 4.0",
                licence_url: "https://creativecommons.org/licenses/by/4.0/",
            },
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["title"], "ME/CFS studies");
        assert_eq!(v["version"], "2026.11.1");
        assert_eq!(v["cutoff"], "2026-11-30");
        assert_eq!(v["inclusion"], "Every study we could check.");
        assert_eq!(v["licence"]["name"], "CC BY 4.0");
        assert_eq!(
            v["licence"]["url"],
            "https://creativecommons.org/licenses/by/4.0/"
        );
        assert_eq!(v["exported_studies"], 2);
        let back: Vec<Study> = serde_json::from_value(v["studies"].clone()).unwrap();
        assert_eq!(back, vec![a, b]);
        assert!(text.contains("\n  \"studies\": ["), "pretty-printed");
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 7);
    }

    /// The document `to_json` used to build with serde derives, to compare the writer against.
    #[derive(serde::Serialize)]
    struct SerdeExport<'a> {
        title: &'a str,
        version: &'a str,
        cutoff: &'a str,
        inclusion: &'a str,
        licence: SerdeLicence<'a>,
        exported_studies: usize,
        studies: &'a [&'a Study],
    }

    #[derive(serde::Serialize)]
    struct SerdeLicence<'a> {
        name: &'a str,
        url: &'a str,
    }

    fn serde_pretty(
        studies: &[&Study],
        title: &str,
        version: &str,
        name: &str,
        url: &str,
    ) -> String {
        serde_json::to_string_pretty(&SerdeExport {
            title,
            version,
            cutoff: version,
            inclusion: title,
            licence: SerdeLicence { name, url },
            exported_studies: studies.len(),
            studies,
        })
        .unwrap()
    }

    /// Every string serde_json escapes, and some it must leave alone.
    fn hostile_strings() -> Vec<String> {
        let mut out: Vec<String> = (0u8..0x20).map(|b| format!("a{}b", b as char)).collect();
        out.extend(
            [
                "",
                "\"",
                "\\",
                "\\\"\\n",
                "</script><script>alert(1)</script>",
                "emoji 🧬🦠 and Ø é — ✓",
                "\u{7f}\u{80}\u{2028}\u{2029}\u{feff}",
                "tab\there\r\nnew line\u{0}nul\u{1b}[31m",
                HOSTILE,
            ]
            .map(String::from),
        );
        out
    }

    #[test]
    fn json_writer_matches_serde_json_byte_for_byte() {
        let check = |studies: &[&Study], title: &str, version: &str, name: &str, url: &str| {
            let meta = ExportMeta {
                title,
                version,
                cutoff: version,
                inclusion: title,
                licence_name: name,
                licence_url: url,
            };
            assert_eq!(
                to_json(studies, &meta),
                serde_pretty(studies, title, version, name, url)
            );
        };
        for file in [
            include_str!("../../../data/studies.json"),
            include_str!("../../../tests/fixtures/hostile/studies.json"),
            include_str!("../../../tests/fixtures/valid.json"),
        ] {
            let file: crate::model::DatasetFile = serde_json::from_str(file).unwrap();
            let all: Vec<&Study> = file.studies.iter().collect();
            let (t, v, l) = (&file.title, &file.version, &file.licence);
            check(&all, t, v, &l.name, &l.url);
            for s in &all {
                check(&[s], t, v, &l.name, &l.url);
            }
        }
        check(&[], "", "", "", "");
        for text in hostile_strings() {
            let t = text.as_str();
            let mut s = study(json!({
                "title": t, "authors": t, "result": t, "population": t, "phase_note": t,
                "caveats": [t, t], "approved": "2016-08", "evidence": "approved",
                "design": { "randomised": null, "control": null, "blinding": null, "summary": t },
                "people": { "enrolled": null, "completed": 0, "analysed": 4294967295u32, "target": 1 },
                "sources": [{ "kind": "registry", "registry": t, "id": t, "label": t }]
            }));
            s.id = text.clone();
            check(&[&s, &s], t, t, t, t);
        }
    }

    #[test]
    fn plain_citations() {
        assert_eq!(
            citation_text(&study(json!({}))),
            "Ruan BT et al. (2025). Low-dose rapamycin pilot study. https://doi.org/10.1186/s12967-025-07213-8"
        );
        let reg = study(json!({
            "authors": null, "published": null, "title": "A trial\nof something.",
            "sources": [{ "kind": "registry", "registry": "clinicaltrials.gov", "id": "NCT06960928", "label": "Registration" }]
        }));
        assert_eq!(
            citation_text(&reg),
            "A trial of something (n.d.). https://clinicaltrials.gov/study/NCT06960928"
        );
        let (a, b) = (study(json!({})), fluge());
        let list = citations_text(&[&a, &b]);
        let lines: Vec<&str> = list.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("1. Ruan BT et al. (2025)."));
        assert_eq!(
            lines[1],
            "2. Fluge Ø et al. (2019). RituxME phase 3 trial. https://doi.org/10.7326/M18-1451"
        );
    }

    /// Checks that braces are balanced and never close early, i.e. each entry is one `@type{…}`.
    fn assert_bib_well_formed(bib: &str, entries: usize) {
        let mut depth = 0i32;
        let mut closed = 0;
        for c in bib.chars() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    assert!(depth >= 0, "unbalanced braces in:\n{bib}");
                    if depth == 0 {
                        closed += 1;
                    }
                }
                _ => {}
            }
        }
        assert_eq!((depth, closed), (0, entries), "{bib}");
    }

    #[test]
    fn bibtex_entries() {
        let (a, b) = (study(json!({})), fluge());
        let bib = bibtex(&[&a, &b]);
        assert_bib_well_formed(&bib, 2);
        assert!(bib.starts_with("@article{ruan-2025-rapamycin-pilot,\n"));
        assert!(bib.contains("  title = {{Low-dose rapamycin pilot study}},\n"));
        assert!(bib.contains("  author = {{Ruan BT} and others},\n"));
        assert!(bib.contains("  year = {2025},\n"));
        assert!(bib.contains("  doi = {10.1186/s12967-025-07213-8},\n"));
        assert!(bib.contains("  url = {https://doi.org/10.1186/s12967-025-07213-8},\n"));
        assert!(bib.contains("  note = {Evidence: Preliminary (uncontrolled); Pilot / open-label; 86 enrolled, 46 completed, 40 analysed}\n}"));
        assert!(bib
            .contains("Evidence: Negative controlled trial; Phase 3; 151 enrolled, 151 analysed"));

        let reg = study(json!({
            "authors": "Fluge Ø, Mella O",
            "sources": [{ "kind": "registry", "registry": "clinicaltrials.gov", "id": "NCT06960928", "label": "Registration" }]
        }));
        let bib = bibtex(&[&reg]);
        assert!(bib.starts_with("@misc{"));
        assert!(bib.contains("author = {{Fluge Ø} and {Mella O}},"));
        assert!(!bib.contains("doi ="));
    }

    #[test]
    fn hostile_bibtex_title_cannot_break_out() {
        let s = study(json!({
            "id": "bad-1",
            "title": "Evil}, author = {Mallory}, note={\\input{/etc/passwd}} 100% & $x_1^2$ #~",
            "authors": "O'Brien {J} et al."
        }));
        let bib = bibtex(&[&s]);
        assert_bib_well_formed(&bib, 1);
        // The title's "author = " stays inside the title: only one real author and note field.
        let fields: Vec<&str> = bib
            .lines()
            .filter_map(|l| l.strip_prefix("  ")?.split(" = ").next())
            .collect();
        assert_eq!(
            fields,
            ["title", "author", "year", "doi", "url", "note"],
            "{bib}"
        );
        assert!(bib.contains("\\textbraceright{}"));
        assert!(bib.contains("\\textbackslash{}input"));
        assert!(bib.contains("100\\% \\& \\$x\\_1\\textasciicircum{}2\\$ \\#\\textasciitilde{}"));
        assert!(!bib.contains("\\input{"));
        // Every field starts on its own line and the title spans one line.
        let title_line = bib
            .lines()
            .find(|l| l.trim_start().starts_with("title = "))
            .unwrap();
        assert!(title_line.ends_with("}},"), "{title_line}");
        assert_eq!(bib_verbatim("10.1/a}b c"), "10.1/a%7Db%20c");
        assert_eq!(bib_key("a b,{c}"), "a-b--c-");
    }

    #[test]
    fn ris_records() {
        let (a, b) = (
            study(json!({ "title": "Line one\nER  - \nTY  - BOOK" })),
            fluge(),
        );
        let text = ris(&[&a, &b]);
        let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("TY  - ")).count(),
            2,
            "{text}"
        );
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("ER  - ")).count(),
            2,
            "{text}"
        );
        assert_eq!(lines[0], "TY  - JOUR");
        assert!(lines.contains(&"TI  - Line one ER - TY - BOOK"));
        assert!(lines.contains(&"AU  - Ruan BT"));
        assert!(lines.contains(&"PY  - 2025"));
        assert!(lines.contains(&"DA  - 2025/10/21/"));
        assert!(lines.contains(&"DO  - 10.1186/s12967-025-07213-8"));
        assert!(lines.contains(&"N1  - Evidence: Preliminary (uncontrolled); Pilot / open-label; 86 enrolled, 46 completed, 40 analysed"));
        assert!(lines.contains(&"DA  - 2019///"));
        assert!(lines.contains(&"UR  - https://clinicaltrials.gov/study/NCT02229942"));
        // Every line is a tag line: nothing a hostile value wrote can stand on its own.
        assert!(
            lines.iter().all(|l| l.len() >= 6 && &l[2..6] == "  - "),
            "{text}"
        );
        assert!(text.contains("\r\n"));
    }

    #[test]
    fn author_lists() {
        assert_eq!(
            author_names("Ruan BT et al."),
            (vec!["Ruan BT".to_string()], true)
        );
        assert_eq!(
            author_names("Fluge Ø, Mella O"),
            (vec!["Fluge Ø".to_string(), "Mella O".to_string()], false)
        );
        assert_eq!(
            author_names("Tölle M et al"),
            (vec!["Tölle M".to_string()], true)
        );
        assert_eq!(
            author_names("Smith J, Jones K, et al."),
            (vec!["Smith J".to_string(), "Jones K".to_string()], true)
        );
    }
}
