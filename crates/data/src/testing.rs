//! A bare study for unit tests, here and in the widget (its `testing` module re-exports it, with
//! the feature `testing` on in its dev-dependencies): fill in what a test varies with
//! `Study { …, ..bare_study() }`.

use crate::model::{
    Confidence, Design, Evidence, Harms, PartialDate, People, Phase, Scope, Status, Study,
};

/// A study with every optional field `None`, every text and list empty and the first value of
/// each vocabulary: fill in what a test needs with `Study { …, ..bare_study() }`.
pub fn bare_study() -> Study {
    Study {
        id: String::new(),
        treatment: String::new(),
        title: String::new(),
        authors: None,
        start: None,
        end: None,
        published: None,
        status: Status::Planned,
        phase: Phase::Unstated,
        phase_note: None,
        design: Design {
            randomised: None,
            control: None,
            blinding: None,
            crossover: None,
            summary: String::new(),
        },
        people: People::default(),
        population: None,
        case_definition: None,
        pem_required: None,
        scope: Scope::MeCfs,
        primary_outcome: None,
        outcome_type: None,
        result: None,
        caveats: Vec::new(),
        evidence: Evidence::Planned,
        reported_in: None,
        harms: Harms::default(),
        approved: None,
        sources: Vec::new(),
        confidence: Confidence::Low,
        last_reviewed: PartialDate::year(1900),
        added: None,
        history: Vec::new(),
    }
}
