//! The coverage report: what the dataset holds, and where it may still be lopsided. Plain Rust,
//! no yew. `cargo run --example coverage` prints it; docs/DATA.md carries the same text between
//! `<!-- coverage:start -->` and `<!-- coverage:end -->`, and a test fails when the two differ, so
//! the published report is always the report of the data that ships.
//!
//! Two lists are honesty checks rather than counts: treatments with no controlled result at all,
//! and treatments whose every record is positive or preliminary. A treatment in the second list
//! looks better than its literature may be, so each was searched again for a missing negative
//! trial (docs/DATA.md records the outcome).

use crate::model::{Confidence, DatasetFile, Evidence, ReportedIn, Study};
use crate::reporting::results_overdue;
// The counts (evidence, confidence, mechanism × decade × evidence, treatments with no controlled
// result) are those of the CLI's `mecfs-data stats`; this module writes them as Markdown and adds
// what only this report has, so the two reports cannot disagree.
use mecfs_data::stats::stats;
use std::fmt::Write as _;

/// The whole report as Markdown.
pub fn report(file: &DatasetFile) -> String {
    let mut out = String::new();
    let studies = &file.studies;
    let counts = stats(file);
    let _ = writeln!(
        out,
        "Data version {}, cut-off {}: **{} studies** of **{} treatments**.\n",
        file.version,
        file.cutoff,
        studies.len(),
        file.treatments.len()
    );

    // Evidence status overall.
    out.push_str("| evidence | studies |\n|---|---|\n");
    for (e, n) in &counts.by_evidence {
        let _ = writeln!(out, "| {} | {n} |", e.label());
    }
    out.push('\n');

    // Confidence and where results were reported.
    let conf = |c: Confidence| {
        counts
            .by_confidence
            .iter()
            .find(|(k, _)| *k == c)
            .map_or(0, |(_, n)| *n)
    };
    let _ = writeln!(
        out,
        "Confidence: {} high, {} medium, {} low.\n",
        conf(Confidence::High),
        conf(Confidence::Medium),
        conf(Confidence::Low)
    );
    out.push_str("Where the results were reported: ");
    let mut parts: Vec<String> = ReportedIn::ALL
        .iter()
        .map(|r| {
            let n = studies.iter().filter(|s| s.reported_in == Some(*r)).count();
            format!("{} {n}", crate::caseless::lower(r.label()))
        })
        .collect();
    parts.push(format!(
        "no result yet or never reported {}",
        studies.iter().filter(|s| s.reported_in.is_none()).count()
    ));
    let _ = writeln!(out, "{}.\n", parts.join(", "));
    let numbers = studies
        .iter()
        .filter(|s| {
            let h = &s.harms;
            h.serious_people().is_some() || h.withdrawn.is_some() || h.stopped_for_safety.is_some()
        })
        .count();
    let serious = studies
        .iter()
        .filter(|s| s.harms.serious_people().is_some())
        .count();
    let sentence_only = studies.iter().filter(|s| s.harms.is_reported()).count() - numbers;
    let silent = studies
        .iter()
        .filter(|s| s.result.is_some() && !s.harms.is_reported())
        .count();
    let _ = writeln!(
        out,
        "Harms: {numbers} studies give a number (people with serious adverse events in {serious}, withdrawals for side effects or a stop for safety in the rest); {sentence_only} have a sentence only (often that the source does not report side effects); {silent} studies with results have nothing recorded on harms yet.\n"
    );

    // Mechanism × decade × evidence.
    let short = |e: Evidence| match e {
        Evidence::Planned => "planned",
        Evidence::Ongoing => "ongoing",
        Evidence::Unreported => "unreported",
        Evidence::Preliminary => "prelim.",
        Evidence::Mixed => "mixed",
        Evidence::Positive => "pos.",
        Evidence::Negative => "neg.",
        Evidence::Approved => "appr.",
        Evidence::Refuted => "refuted",
    };
    out.push_str("Studies by mechanism, decade (of the start, else publication) and evidence:\n\n");
    out.push_str("| mechanism | decade |");
    for e in Evidence::ALL {
        let _ = write!(out, " {} |", short(*e));
    }
    out.push_str(" all |\n|---|---|");
    for _ in Evidence::ALL {
        out.push_str("---|");
    }
    out.push_str("---|\n");
    // `cells` holds only non-empty (mechanism, decade, evidence) counts, in vocabulary order with
    // undated last: one row per (mechanism, decade) run.
    let mut i = 0;
    while i < counts.cells.len() {
        let (m, d, _, _) = counts.cells[i];
        let row: Vec<(Evidence, usize)> = counts.cells[i..]
            .iter()
            .take_while(|c| c.0 == m && c.1 == d)
            .map(|c| (c.2, c.3))
            .collect();
        i += row.len();
        let label = d
            .map(|d| format!("{d}s"))
            .unwrap_or_else(|| "undated".into());
        let _ = write!(out, "| {} | {label} |", m.label());
        for e in Evidence::ALL {
            match row.iter().find(|(k, _)| k == e) {
                Some((_, n)) => {
                    let _ = write!(out, " {n} |");
                }
                None => out.push_str(" |"),
            }
        }
        let _ = writeln!(out, " {} |", row.iter().map(|(_, n)| n).sum::<usize>());
    }
    out.push('\n');

    // Honesty checks per treatment.
    let none_controlled: Vec<&str> = counts
        .no_controlled_result
        .iter()
        .map(|(_, name, _)| name.as_str())
        .collect();
    let mut all_favourable = Vec::new();
    for t in &file.treatments {
        let own: Vec<&Study> = studies.iter().filter(|s| s.treatment == t.key).collect();
        let reported: Vec<&&Study> = own.iter().filter(|s| s.result.is_some()).collect();
        if !reported.is_empty()
            && reported
                .iter()
                .all(|s| matches!(s.evidence, Evidence::Positive | Evidence::Preliminary))
        {
            all_favourable.push(t.name.as_str());
        }
    }
    let _ = writeln!(
        out,
        "Treatments with no controlled result yet ({}): {}.\n",
        none_controlled.len(),
        none_controlled.join("; ")
    );
    let _ = writeln!(
        out,
        "Treatments whose every reported study is positive or preliminary ({}): {}.\n",
        all_favourable.len(),
        all_favourable.join("; ")
    );

    // Curated notes (context for the computed verdicts, never a replacement).
    let noted: Vec<&str> = file
        .treatments
        .iter()
        .filter(|t| t.note.is_some())
        .map(|t| t.name.as_str())
        .collect();
    let _ = writeln!(
        out,
        "Treatments with a curated note ({}): {}.\n",
        noted.len(),
        if noted.is_empty() {
            "none".to_string()
        } else {
            noted.join("; ")
        }
    );

    // Overdue results.
    let overdue: Vec<&str> = studies
        .iter()
        .filter(|s| results_overdue(s, file.cutoff).is_some())
        .map(|s| s.id.as_str())
        .collect();
    let _ = writeln!(
        out,
        "Registered trials with results overdue at the cut-off ({}): {}.",
        overdue.len(),
        if overdue.is_empty() {
            "none".to_string()
        } else {
            overdue
                .iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    out
}

/// The markers around the report in docs/DATA.md.
pub const START: &str = "<!-- coverage:start -->";
pub const END: &str = "<!-- coverage:end -->";

/// `doc` with the text between the markers replaced by `report` (`None` if a marker is missing).
pub fn splice(doc: &str, report: &str) -> Option<String> {
    let a = doc.find(START)? + START.len();
    let b = a + doc[a..].find(END)?;
    Some(format!(
        "{}\n{}\n{}",
        &doc[..a],
        report.trim_end(),
        &doc[b..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_data_md_carries_the_current_report() {
        // The shipped file itself, whatever MECFS_DATASET a build was given.
        let file = crate::dataset::validate::validate(include_str!("../../../data/studies.json"))
            .expect("data/studies.json is valid");
        let doc = include_str!("../../../docs/DATA.md");
        let want = splice(doc, &report(&file)).expect("docs/DATA.md has the coverage markers");
        assert!(
            doc == want,
            "docs/DATA.md's coverage report is stale: run `cargo run --example coverage -- --write`"
        );
    }

    #[test]
    fn the_report_counts_and_flags() {
        let text = include_str!("../../../tests/fixtures/valid.json");
        let file = crate::dataset::validate::validate(text).unwrap();
        let r = report(&file);
        assert!(r.contains("**2 studies** of **2 treatments**"), "{r}");
        assert!(r.contains("| Preliminary (uncontrolled) | 1 |"), "{r}");
        assert!(r.contains("| Negative controlled trial | 1 |"), "{r}");
        // Rapamycin has only a preliminary pilot: no controlled result, and all favourable.
        assert!(
            r.contains("Treatments with no controlled result yet (1): Low-dose rapamycin"),
            "{r}"
        );
        assert!(
            r.contains("every reported study is positive or preliminary (1): Low-dose rapamycin"),
            "{r}"
        );
        assert!(r.contains("| Metabolic / mitochondrial | 2020s |"), "{r}");
        assert!(
            r.contains("Treatments with a curated note (0): none."),
            "{r}"
        );
    }

    #[test]
    fn splice_replaces_only_between_the_markers() {
        let doc = format!("a\n{START}\nold\n{END}\nb\n");
        assert_eq!(
            splice(&doc, "new\n").unwrap(),
            format!("a\n{START}\nnew\n{END}\nb\n")
        );
        assert_eq!(splice("no markers", "x"), None);
    }
}
