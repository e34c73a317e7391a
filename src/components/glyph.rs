//! Small shared visual vocabulary: the evidence icon and the phase badge, so colour is never the
//! only signal. Each icon is text, readable in greyscale and by screen readers.

use crate::model::{Evidence, Phase};
use yew::prelude::*;

/// A one-character icon per evidence status (the legend explains each).
pub fn evidence_icon(e: Evidence) -> &'static str {
    match e {
        Evidence::Planned => "◌",
        Evidence::Ongoing => "▷",
        Evidence::Preliminary => "?",
        Evidence::Mixed => "±",
        Evidence::Positive => "✓",
        Evidence::Negative => "✗",
        Evidence::Approved => "★",
        Evidence::Refuted => "⊘",
    }
}

/// A short phase tag for marks ("P3", "Pilot", "Obs").
pub fn phase_tag(p: Phase) -> &'static str {
    match p {
        Phase::Preclinical => "Lab",
        Phase::Pilot => "Pilot",
        Phase::Phase1 => "P1",
        Phase::Phase1_2 => "P1/2",
        Phase::Phase2 => "P2",
        Phase::Phase2_3 => "P2/3",
        Phase::Phase3 => "P3",
        Phase::Phase4 => "P4",
        Phase::Observational => "Obs",
        Phase::Review => "Review",
        Phase::Unstated => "P?",
    }
}

#[derive(Properties, PartialEq)]
pub struct EvidenceBadgeProps {
    pub evidence: Evidence,
}

/// Evidence status as icon + words, coloured by class.
#[function_component(EvidenceBadge)]
pub fn evidence_badge(props: &EvidenceBadgeProps) -> Html {
    let e = props.evidence;
    html! {
        <span class={classes!("badge", format!("ev-{}", e.key()))}>
            <span class="badge-icon" aria-hidden="true">{ evidence_icon(e) }</span>
            { e.label() }
        </span>
    }
}
