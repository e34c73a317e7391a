//! Coverage counts of a dataset for `mecfs-data stats`: studies by mechanism × evidence status ×
//! decade, by confidence, how many are controlled, and the treatments with no controlled result.
//!
//! The core crate's `crates/core/src/coverage.rs` writes the Markdown report in docs/DATA.md from
//! these counts ([`stats`]), adding what only that report shows; here they are written as text or
//! JSON for scripts.

use crate::diff::Doc;
use crate::model::{Confidence, Control, DatasetFile, Evidence, Mechanism, Study};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The decade a study belongs to: its start, else its publication, else its end (`None`: undated).
pub fn decade(s: &Study) -> Option<i32> {
    s.start.or(s.published).or(s.end).map(|d| d.year / 10 * 10)
}

/// A controlled design: randomised, against a placebo, a sham, another treatment or an untreated
/// group. An unknown design never counts as controlled.
pub fn is_controlled(s: &Study) -> bool {
    s.design.randomised == Some(true)
        && matches!(
            s.design.control,
            Some(Control::Placebo | Control::Sham | Control::Active | Control::Untreated)
        )
}

/// A controlled result: a positive, negative, approved or refuted record (the validator requires
/// those to rest on a controlled trial), or a mixed result of a controlled design.
pub fn controlled_result(s: &Study) -> bool {
    matches!(
        s.evidence,
        Evidence::Positive | Evidence::Negative | Evidence::Approved | Evidence::Refuted
    ) || (s.evidence == Evidence::Mixed && is_controlled(s))
}

/// The counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub version: String,
    pub cutoff: String,
    pub studies: usize,
    pub treatments: usize,
    pub controlled: usize,
    pub by_evidence: Vec<(Evidence, usize)>,
    pub by_confidence: Vec<(Confidence, usize)>,
    pub by_mechanism: Vec<(Mechanism, usize)>,
    /// (mechanism, decade, evidence) → studies, only non-empty cells, in vocabulary order with
    /// undated last.
    pub cells: Vec<(Mechanism, Option<i32>, Evidence, usize)>,
    /// Treatments that have studies but no controlled result: (key, name, number of studies).
    pub no_controlled_result: Vec<(String, String, usize)>,
}

/// Counts a valid dataset.
pub fn stats(file: &DatasetFile) -> Stats {
    let studies = &file.studies;
    let mech_of = |s: &Study| {
        file.treatments
            .iter()
            .find(|t| t.key == s.treatment)
            .map(|t| t.mechanism)
            .unwrap_or(Mechanism::Other)
    };
    let mut cell_map: BTreeMap<(Mechanism, (bool, i32), Evidence), usize> = BTreeMap::new();
    for s in studies {
        // Undated sorts after every decade.
        let d = decade(s).map(|d| (false, d)).unwrap_or((true, 0));
        *cell_map.entry((mech_of(s), d, s.evidence)).or_default() += 1;
    }
    let cells = cell_map
        .into_iter()
        .map(|((m, (undated, d), e), n)| (m, (!undated).then_some(d), e, n))
        .collect();
    let no_controlled_result = file
        .treatments
        .iter()
        .filter_map(|t| {
            let own: Vec<&Study> = studies.iter().filter(|s| s.treatment == t.key).collect();
            (!own.is_empty() && !own.iter().any(|s| controlled_result(s)))
                .then(|| (t.key.clone(), t.name.clone(), own.len()))
        })
        .collect();
    Stats {
        version: file.version.clone(),
        cutoff: file.cutoff.to_string(),
        studies: studies.len(),
        treatments: file.treatments.len(),
        controlled: studies.iter().filter(|s| is_controlled(s)).count(),
        by_evidence: Evidence::ALL
            .iter()
            .map(|e| (*e, studies.iter().filter(|s| s.evidence == *e).count()))
            .collect(),
        by_confidence: Confidence::ALL
            .iter()
            .map(|c| (*c, studies.iter().filter(|s| s.confidence == *c).count()))
            .collect(),
        by_mechanism: Mechanism::ALL
            .iter()
            .map(|m| (*m, studies.iter().filter(|s| mech_of(s) == *m).count()))
            .collect(),
        cells,
        no_controlled_result,
    }
}

fn decade_label(d: Option<i32>) -> String {
    d.map(|d| format!("{d}s"))
        .unwrap_or_else(|| "undated".into())
}

/// Plain-text report.
pub fn to_text(s: &Stats) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Data version {}, cut-off {}: {} studies of {} treatments; {} with a controlled design (randomised, against placebo, sham, another treatment or no treatment).",
        s.version, s.cutoff, s.studies, s.treatments, s.controlled
    );
    out.push_str("\nBy evidence status:\n");
    for (e, n) in &s.by_evidence {
        let _ = writeln!(out, "  {:<30} {n:>5}", e.label());
    }
    out.push_str("\nBy confidence:\n");
    for (c, n) in &s.by_confidence {
        let _ = writeln!(out, "  {:<30} {n:>5}", c.label());
    }
    out.push_str(
        "\nBy mechanism, decade (of the start, else publication, else end) and evidence:\n",
    );
    for (m, total) in &s.by_mechanism {
        if *total == 0 {
            continue;
        }
        let _ = writeln!(out, "  {} ({total})", m.label());
        let mut decades: Vec<Option<i32>> =
            s.cells.iter().filter(|c| c.0 == *m).map(|c| c.1).collect();
        decades.dedup();
        for d in decades {
            let parts: Vec<String> = s
                .cells
                .iter()
                .filter(|c| c.0 == *m && c.1 == d)
                .map(|c| format!("{} {}", c.2.key(), c.3))
                .collect();
            let _ = writeln!(out, "    {:<9} {}", decade_label(d), parts.join(", "));
        }
    }
    let _ = writeln!(
        out,
        "\nTreatments with no controlled result yet ({}):",
        s.no_controlled_result.len()
    );
    if s.no_controlled_result.is_empty() {
        out.push_str("  none\n");
    }
    for (key, name, n) in &s.no_controlled_result {
        let _ = writeln!(
            out,
            "  {name} (`{key}`, {n} stud{})",
            if *n == 1 { "y" } else { "ies" }
        );
    }
    out
}

/// JSON report (shape documented in docs/DATA.md, "The command-line tool").
pub fn to_json(s: &Stats) -> Doc {
    let count = |pairs: Vec<(&'static str, usize)>| -> Doc {
        Doc::object(pairs.into_iter().map(|(k, n)| (k, Doc::of(n))).collect())
    };
    Doc::object(vec![
        ("version", Doc::of(&s.version)),
        ("cutoff", Doc::of(&s.cutoff)),
        ("studies", Doc::of(s.studies)),
        ("treatments", Doc::of(s.treatments)),
        ("controlled", Doc::of(s.controlled)),
        (
            "by_evidence",
            count(s.by_evidence.iter().map(|(e, n)| (e.key(), *n)).collect()),
        ),
        (
            "by_confidence",
            count(s.by_confidence.iter().map(|(c, n)| (c.key(), *n)).collect()),
        ),
        (
            "by_mechanism",
            count(s.by_mechanism.iter().map(|(m, n)| (m.key(), *n)).collect()),
        ),
        (
            "cells",
            Doc::List(
                s.cells
                    .iter()
                    .map(|(m, d, e, n)| {
                        Doc::object(vec![
                            ("mechanism", Doc::of(m.key())),
                            ("decade", Doc::of(d)),
                            ("evidence", Doc::of(e.key())),
                            ("studies", Doc::of(n)),
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "no_controlled_result",
            Doc::List(
                s.no_controlled_result
                    .iter()
                    .map(|(k, name, n)| {
                        Doc::object(vec![
                            ("key", Doc::of(k)),
                            ("name", Doc::of(name)),
                            ("studies", Doc::of(n)),
                        ])
                    })
                    .collect(),
            ),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Design, PartialDate, Treatment};
    use crate::testing::bare_study;

    /// The valid fixture, so these tests keep compiling when the format gains fields.
    fn base() -> DatasetFile {
        crate::validate::validate(include_str!("../../../tests/fixtures/valid.json")).unwrap()
    }

    fn treatment(key: &str, mechanism: Mechanism) -> Treatment {
        Treatment {
            key: key.into(),
            name: key.to_uppercase(),
            mechanism,
            ..base().treatments[0].clone()
        }
    }

    fn rct(control: Control) -> Design {
        Design {
            randomised: Some(true),
            control: Some(control),
            blinding: None,
            crossover: None,
            summary: "x".into(),
        }
    }

    #[test]
    fn controlled_means_randomised_with_a_comparison() {
        let s = |d: Design| Study {
            design: d,
            ..bare_study()
        };
        assert!(is_controlled(&s(rct(Control::Placebo))));
        assert!(is_controlled(&s(rct(Control::Untreated))));
        assert!(!is_controlled(&s(rct(Control::None))));
        let mut unknown = rct(Control::Active);
        unknown.randomised = None;
        assert!(!is_controlled(&s(unknown)));
        let mixed_open = Study {
            evidence: Evidence::Mixed,
            ..bare_study()
        };
        assert!(!controlled_result(&mixed_open));
        let mixed_rct = Study {
            evidence: Evidence::Mixed,
            design: rct(Control::Sham),
            ..bare_study()
        };
        assert!(controlled_result(&mixed_rct));
    }

    #[test]
    fn counts_cells_and_gaps() {
        let file = DatasetFile {
            treatments: vec![
                treatment("a", Mechanism::Immune),
                treatment("b", Mechanism::Gut),
                treatment("unused", Mechanism::Gut),
            ],
            studies: vec![
                Study {
                    treatment: "a".into(),
                    start: Some(PartialDate::year(2014)),
                    evidence: Evidence::Negative,
                    design: rct(Control::Placebo),
                    ..bare_study()
                },
                Study {
                    treatment: "a".into(),
                    published: Some(PartialDate::year(2019)),
                    evidence: Evidence::Negative,
                    design: rct(Control::Placebo),
                    ..bare_study()
                },
                Study {
                    treatment: "b".into(),
                    evidence: Evidence::Preliminary,
                    ..bare_study()
                },
            ],
            ..base()
        };
        let st = stats(&file);
        assert_eq!(st.controlled, 2);
        assert_eq!(
            st.cells,
            vec![
                (Mechanism::Immune, Some(2010), Evidence::Negative, 2),
                (Mechanism::Gut, None, Evidence::Preliminary, 1),
            ]
        );
        assert_eq!(st.no_controlled_result, vec![("b".into(), "B".into(), 1)]);
        let text = to_text(&st);
        assert!(text.contains("    2010s     negative 2"), "{text}");
        assert!(text.contains("    undated   preliminary 1"), "{text}");
        assert!(text.contains("  B (`b`, 1 study)"), "{text}");
        let v = to_json(&st).to_value();
        assert_eq!(v["by_mechanism"]["immune"], serde_json::json!(2));
        assert!(v["cells"][1]["decade"].is_null());
    }
}
