//! Helpers shared by the unit tests of the rule modules (checklist, ladder, exports, layout):
//! study records written as JSON with a patch merged in, or a bare study to fill in (from the data
//! crate), so each test states only what it varies.
#![cfg(test)]

use crate::model::Study;
use serde_json::{json, Value};

/// Merges `patch` into `base`: objects key by key (recursively), anything else replaced.
pub fn merge(base: &mut Value, patch: Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                merge(b.entry(k).or_insert(Value::Null), v);
            }
        }
        (b, p) => *b = p,
    }
}

/// The Ruan 2025 low-dose rapamycin pilot (86 started, 46 finished, 40 analysed) as a record.
pub fn ruan_pilot() -> Value {
    json!({
        "id": "ruan-2025-rapamycin-pilot", "treatment": "rapamycin",
        "title": "Low-dose rapamycin pilot study", "authors": "Ruan BT et al.",
        "start": "2023-11", "end": null, "published": "2025-10-21",
        "status": "published", "phase": "pilot",
        "design": { "randomised": false, "control": "none", "blinding": "open", "crossover": false,
                    "summary": "Everyone took the drug; no comparison group." },
        "people": { "enrolled": 86, "completed": 46, "analysed": 40 },
        "population": "Adults with ME/CFS", "case_definition": null, "pem_required": null,
        "scope": "mecfs", "primary_outcome": "Symptom questionnaires and blood markers",
        "outcome_type": "mixed", "result": "Most people analysed reported feeling better.",
        "caveats": ["No comparison group."], "evidence": "preliminary",
        "sources": [{ "kind": "doi", "id": "10.1186/s12967-025-07213-8", "label": "Journal article" }],
        "confidence": "high", "last_reviewed": "2026-11-22"
    })
}

/// `base` with `patch` merged in, as a study.
pub fn study_from(mut base: Value, patch: Value) -> Study {
    merge(&mut base, patch);
    serde_json::from_value(base).expect("test study must deserialize")
}

/// A study with every optional field `None`, every text and list empty and the first value of
/// each vocabulary (kept with the model, in the data crate).
pub use mecfs_data::testing::bare_study;
