//! The legend: every encoding on the timeline explained, with the one-line definitions from the
//! data model, so a newcomer can read a mark without guessing.

use super::glyph::{evidence_icon, phase_tag};
use crate::model::{Evidence, Phase};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    #[prop_or(false)]
    pub open: bool,
}

#[function_component(Legend)]
pub fn legend(props: &LegendProps) -> Html {
    html! {
        <details class="legend" open={props.open} id="legend">
            <summary>{ "How to read the timeline" }</summary>
            <div class="legend-body">
                <h3>{ "Evidence status: colour, pattern and icon" }</h3>
                <ul class="legend-list">
                    { for Evidence::ALL.iter().map(|e| html! {
                        <li data-evidence={e.key()}>
                            <svg class="legend-swatch" width="34" height="16" viewBox="0 0 34 16" aria-hidden="true">
                                <rect x="1" y="1" width="32" height="14" rx="3"
                                    class={format!("mark-body ev-{}", e.key())} />
                                <text x="17" y="12" text-anchor="middle" class="mark-icon">{ evidence_icon(*e) }</text>
                            </svg>
                            <strong>{ e.label() }</strong>{ ": " }{ e.definition() }
                        </li>
                    }) }
                </ul>
                <h3>{ "Phase: the tag on each mark" }</h3>
                <ul class="legend-list phases">
                    { for Phase::ALL.iter().map(|p| html! {
                        <li><span class="tag">{ phase_tag(*p) }</span>{ " " }<strong>{ p.label() }</strong>{ ": " }{ p.definition() }</li>
                    }) }
                </ul>
                <h3>{ "Time" }</h3>
                <ul class="legend-list">
                    <li>{ "A bar runs from when a study started to when it ended or was published. Small ticks mark the start (|), the end (┤) and the publication (●)." }</li>
                    <li>{ "A study known only by its publication year is a single point." }</li>
                    <li>{ "A study still running fades out at today's date: its end is open." }</li>
                    <li>{ "A planned study is drawn as an outline only." }</li>
                    <li>{ "The number after the phase tag is how many people were analysed (n). \"n?\" means it was not reported." }</li>
                </ul>
            </div>
        </details>
    }
}
