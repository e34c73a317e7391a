//! "Compare treatments": 2–4 treatments side by side, each with its evidence ladder over time
//! (the highest level of evidence reached by each year, computed by `crate::ladder`), drawn on a
//! shared time axis so the columns can be read against each other, plus the headline numbers.

use super::glyph::{evidence_icon, phase_tag};
use crate::ladder::{summarise, Level, TreatmentSummary};
use crate::model::Evidence;
use crate::session::Session;
use crate::state::{Action, MAX_COMPARE};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// Treatment keys being compared, in the order chosen.
    pub treatments: Vec<String>,
    pub on_action: Callback<Action>,
}

/// Suggested first comparison when nothing is chosen yet.
const SUGGESTED: [&str; 4] = [
    "rituximab",
    "rapamycin",
    "low-dose-naltrexone",
    "rintatolimod",
];

const W: f64 = 300.0;
const ROW: f64 = 22.0;
const LEFT: f64 = 8.0;

fn ladder_svg(sum: &TreatmentSummary, from: i32, to: i32, name: &str) -> Html {
    let levels = Level::ALL;
    let h = ROW * levels.len() as f64;
    let span = (to - from).max(1) as f64 + 1.0;
    let x = |y: i32| LEFT + (y - from) as f64 / span * (W - LEFT * 2.0);
    let bw = (W - LEFT * 2.0) / span;
    let y_of = |l: Level| h - (l.rank() as f64 + 1.0) * ROW;
    let first_label = (from..=to).step_by(((to - from) / 4).max(1) as usize);
    html! {
        <svg class="ladder" viewBox={format!("0 0 {W} {}", h + 26.0)} width="100%" role="img"
            aria-label={format!("Evidence ladder for {name}; the list below gives the same information as text")}>
            { for levels.iter().map(|l| html! {
                <g>
                    <line x1={LEFT.to_string()} x2={(W - LEFT).to_string()} y1={(y_of(*l) + ROW).to_string()} y2={(y_of(*l) + ROW).to_string()} class="ladder-rung" />
                    <text x={(LEFT + 2.0).to_string()} y={(y_of(*l) + ROW - 6.0).to_string()} class="ladder-rung-label">{ l.label() }</text>
                </g>
            }) }
            { for sum.years.iter().filter(|y| y.year >= from && y.year <= to).map(|y| {
                let bar = y.level.map(|l| {
                    let top = y_of(l);
                    html! { <rect x={x(y.year).to_string()} y={top.to_string()} width={(bw - 1.0).max(1.0).to_string()} height={(h - top).to_string()} class={format!("ladder-bar lvl-{}", l.rank())} /> }
                });
                let marks = html! {
                    <>
                        if y.negative_rct && y.new_studies.iter().any(|&i| Session::get().data.studies()[i].evidence == Evidence::Negative) {
                            <text x={(x(y.year) + bw / 2.0).to_string()} y={(h + 14.0).to_string()} text-anchor="middle" class="ladder-neg">{ "✗" }</text>
                        }
                        if y.new_studies.iter().any(|&i| Session::get().data.studies()[i].evidence == Evidence::Positive) {
                            <text x={(x(y.year) + bw / 2.0).to_string()} y={(h + 14.0).to_string()} text-anchor="middle" class="ladder-pos">{ "✓" }</text>
                        }
                    </>
                };
                html! { <g>{ for bar }{ marks }</g> }
            }) }
            { for first_label.map(|yr| html! {
                <text x={x(yr).to_string()} y={(h + 25.0).to_string()} class="ladder-year">{ yr.to_string() }</text>
            }) }
        </svg>
    }
}

#[function_component(CompareView)]
pub fn compare_view(props: &CompareProps) -> Html {
    let session = Session::get();
    let data = session.data;
    let today_year = session.today.floor() as i32;
    let on = &props.on_action;

    let chosen: Vec<usize> = props
        .treatments
        .iter()
        .filter_map(|k| data.treatment_index(k))
        .collect();
    let summaries: Vec<(usize, TreatmentSummary)> = chosen
        .iter()
        .map(|&ti| {
            let idx: Vec<usize> = (0..data.studies().len())
                .filter(|&i| data.treatment_of[i] == ti)
                .collect();
            let refs: Vec<&crate::model::Study> = idx.iter().map(|&i| &data.studies()[i]).collect();
            (ti, summarise(&refs, &idx, today_year))
        })
        .collect();
    let from = summaries
        .iter()
        .filter_map(|(_, s)| s.first_year)
        .min()
        .unwrap_or(today_year - 10);
    let to = today_year;

    let mut options: Vec<(usize, &crate::model::Treatment)> =
        data.treatments().iter().enumerate().collect();
    options.sort_by_key(|(_, t)| t.name.to_lowercase());
    let full = props.treatments.len() >= MAX_COMPARE;

    html! {
        <section class="compare" aria-labelledby="compare-h">
            <h2 id="compare-h">{ "Compare treatments" }</h2>
            <p class="hint">{ format!("Choose 2 to {MAX_COMPARE} treatments. Each column shows the strongest kind of evidence the treatment had reached by each year, on the same time scale.") }</p>
            <details class="compare-pick" open={chosen.len() < 2}>
                <summary>{ format!("Choose treatments ({} of {MAX_COMPARE} chosen)", chosen.len()) }</summary>
                if chosen.is_empty() {
                    <p>
                        <button type="button" class="suggest" onclick={{
                            let on = on.clone();
                            Callback::from(move |_| for k in SUGGESTED { on.emit(Action::ToggleCompare(k.to_string())) })
                        }}>{ "Start with rituximab, rapamycin, low-dose naltrexone and rintatolimod" }</button>
                    </p>
                }
                <ul class="compare-options">
                    { for options.iter().map(|(ti, t)| {
                        let checked = props.treatments.contains(&t.key);
                        let key = t.key.clone();
                        let on = on.clone();
                        let id = format!("cmp-{}", t.key);
                        let n = data.treatment_of.iter().filter(|&&x| x == *ti).count();
                        html! {
                            <li>
                                <input type="checkbox" id={id.clone()} checked={checked} disabled={full && !checked}
                                    onchange={Callback::from(move |_: Event| on.emit(Action::ToggleCompare(key.clone())))} />
                                <label for={id}>{ &t.name }{ format!(" ({n})") }</label>
                            </li>
                        }
                    }) }
                </ul>
            </details>
            <div class={classes!("compare-grid", format!("cols-{}", summaries.len().max(1)))}>
                { for summaries.iter().map(|(ti, sum)| {
                    let t = &data.treatments()[*ti];
                    let steps: Vec<String> = sum.years.iter().scan(None, |prev: &mut Option<Level>, y| {
                        let changed = y.level != *prev && y.level.is_some();
                        *prev = y.level.or(*prev);
                        Some((y, changed))
                    }).filter_map(|(y, changed)| {
                        let mut parts = Vec::new();
                        if changed { parts.push(format!("reached {}", y.level.map(|l| l.label()).unwrap_or(""))); }
                        for &i in &y.new_studies {
                            let s = &data.studies()[i];
                            if matches!(s.evidence, Evidence::Negative | Evidence::Positive | Evidence::Refuted | Evidence::Approved) {
                                parts.push(format!("{} {} ({})", evidence_icon(s.evidence), s.evidence.label().to_lowercase(), phase_tag(s.phase)));
                            }
                        }
                        (!parts.is_empty()).then(|| format!("{}: {}", y.year, parts.join("; ")))
                    }).collect();
                    let ongoing: Vec<&crate::model::Study> = data.studies().iter().enumerate()
                        .filter(|(i, s)| data.treatment_of[*i] == *ti && matches!(s.evidence, Evidence::Ongoing | Evidence::Planned))
                        .map(|(_, s)| s).collect();
                    html! {
                        <article class="compare-col" data-treatment={t.key.clone()}>
                            <h3>{ &t.name }</h3>
                            <p class="compare-mech">{ t.mechanism.label() }{ " · " }{ &t.target }</p>
                            <p class="compare-highest">
                                { "Strongest evidence so far: " }
                                <strong>{ sum.highest.map(|l| l.label()).unwrap_or("none yet") }</strong>
                            </p>
                            { ladder_svg(sum, from, to, &t.name) }
                            <dl class="compare-facts">
                                <dt>{ "Studies" }</dt><dd data-fact="studies">{ sum.studies }</dd>
                                <dt>{ "People studied" }</dt><dd data-fact="people">{ sum.people }{ if sum.people_unknown > 0 { format!(" (+ {} studies with no numbers)", sum.people_unknown) } else { String::new() } }</dd>
                                <dt>{ "Positive controlled trials" }</dt><dd data-fact="positive">{ sum.positive_rcts }</dd>
                                <dt>{ "Negative controlled trials" }</dt><dd data-fact="negative">{ sum.negative_rcts }</dd>
                                <dt>{ "Ongoing or planned" }</dt><dd data-fact="ongoing">{ sum.ongoing }</dd>
                            </dl>
                            <h4>{ "Milestones" }</h4>
                            if steps.is_empty() {
                                <p class="nr">{ "No results published yet." }</p>
                            } else {
                                <ul class="milestones">{ for steps.iter().map(|s| html! { <li>{ s }</li> }) }</ul>
                            }
                            if !ongoing.is_empty() {
                                <h4>{ "What is running now" }</h4>
                                <ul class="ongoing">
                                    { for ongoing.iter().map(|s| {
                                        let on = on.clone();
                                        let id = s.id.clone();
                                        html! { <li><button type="button" class="linkish" data-study-id={s.id.clone()}
                                            onclick={Callback::from(move |_| on.emit(Action::OpenStudy(id.clone())))}>{ &s.title }</button></li> }
                                    }) }
                                </ul>
                            }
                        </article>
                    }
                }) }
            </div>
            if !summaries.is_empty() {
                <p class="ladder-key">
                    { "Rungs, lowest to highest: " }
                    { Level::ALL.iter().map(|l| format!("{} ({})", l.label(), l.definition())).collect::<Vec<_>>().join("; ") }
                    { ". ✗ marks a negative controlled trial, ✓ a positive one. A negative trial does not raise a treatment up the ladder." }
                </p>
            }
        </section>
    }
}
