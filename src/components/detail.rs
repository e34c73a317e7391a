//! The study detail: plain language first (what was tested, in whom, what was found, what to keep
//! in mind), then the design facts, the attrition bar, the evidence-quality checklist and sources.

use super::glossary::Tip;
use super::glyph::{num, phase_tag, EvidenceBadge};
use crate::checklist::{checklist, score, Answer};
use crate::model::{PartialDate, Study};
use crate::session::Session;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DetailProps {
    /// Dataset index of the study.
    pub study: usize,
    pub on_close: Callback<()>,
    /// Absolute link to this study's view, for "Link to this study".
    pub link: AttrValue,
}

/// The glossary term explaining a checklist question.
fn check_term(key: &str) -> Option<&'static str> {
    match key {
        "randomised" => Some("rct"),
        "controlled" => Some("placebo"),
        "blinded" => Some("blinded"),
        "objective" => Some("primary-outcome"),
        "pem" => Some("pem"),
        "attrition" => Some("attrition"),
        _ => None,
    }
}

fn or_not_reported(v: Option<String>) -> Html {
    match v {
        Some(v) => html! { { v } },
        None => html! { <span class="nr">{ "not reported" }</span> },
    }
}

fn yes_no(v: Option<bool>) -> Option<String> {
    v.map(|b| {
        if b {
            "Yes".to_string()
        } else {
            "No".to_string()
        }
    })
}

fn date(d: Option<PartialDate>) -> Option<String> {
    d.map(|d| d.human())
}

/// Enrolled → completed → analysed as three bars on one scale, so losses are visible at a glance.
fn attrition(s: &Study) -> Html {
    let p = &s.people;
    let max = [p.enrolled, p.completed, p.analysed]
        .into_iter()
        .flatten()
        .max();
    let Some(max) = max.filter(|m| *m > 0) else {
        return html! {
            <p class="attrition-none">
                { match p.target {
                    Some(t) => format!("No participant numbers reported yet (planned size: {t})."),
                    None => "Participant numbers were not reported.".to_string(),
                } }
            </p>
        };
    };
    let rows = [
        ("Started", p.enrolled),
        ("Finished", p.completed),
        ("Analysed", p.analysed),
    ];
    let width = 260.0;
    let summary = match (p.enrolled, p.analysed.or(p.completed)) {
        (Some(e), Some(a)) if e > 0 && a < e => {
            format!(
                "{e} started; {a} {} ({}% of those who started).",
                if p.analysed.is_some() {
                    "were analysed"
                } else {
                    "finished"
                },
                (a as f64 * 100.0 / e as f64).round() as u64
            )
        }
        (Some(e), Some(a)) if a == e => format!("All {e} who started are in the results."),
        _ => "Some participant numbers were not reported.".to_string(),
    };
    html! {
        <figure class="attrition" data-attrition="">
            <svg width="100%" viewBox={format!("0 0 {} 78", num(width + 110.0))} role="img"
                aria-label={format!("Participants: {}", rows.iter().map(|(l, n)| format!("{l} {}", n.map(|n| n.to_string()).unwrap_or("not reported".into()))).collect::<Vec<_>>().join(", "))}>
                { for rows.iter().enumerate().map(|(i, (label, n))| {
                    let y = i as f64 * 26.0;
                    html! {
                        <g>
                            <text x="0" y={num(y + 15.0)} class="att-label">{ *label }</text>
                            { match n {
                                Some(n) => {
                                    let w = (*n as f64 / max as f64 * width).max(2.0);
                                    html! {
                                        <>
                                            <rect x="70" y={num(y + 3.0)} width={num(w)} height="16" class={format!("att-bar att-{i}")} />
                                            <text x={num(74.0 + w)} y={num(y + 15.0)} class="att-n">{ n.to_string() }</text>
                                        </>
                                    }
                                }
                                None => html! {
                                    <text x="74" y={num(y + 15.0)} class="att-n nr">{ "not reported" }</text>
                                },
                            } }
                        </g>
                    }
                }) }
            </svg>
            <figcaption>{ summary }</figcaption>
        </figure>
    }
}

#[function_component(Detail)]
pub fn detail(props: &DetailProps) -> Html {
    let session = Session::get();
    let Some(s) = session.data.studies().get(props.study) else {
        return html! {};
    };
    let t = session.data.treatment(props.study);
    let items = checklist(s);
    let (yes, total) = score(&items);
    let close = {
        let on = props.on_close.clone();
        Callback::from(move |_| on.emit(()))
    };
    let onkeydown = {
        let on = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                on.emit(());
            }
        })
    };
    let harms = crate::reporting::harms_lines(s);
    let overdue = crate::reporting::results_overdue(s, session.data.file.cutoff);
    let n_text = match s.best_n() {
        Some(n) => format!("{n} people"),
        None => "not reported".to_string(),
    };
    html! {
        <section class="detail" role="dialog" aria-modal="false" aria-labelledby="detail-title"
            data-study-id={s.id.clone()} {onkeydown} tabindex="-1" id="detail">
            <div class="detail-head">
                <p class="detail-kicker">{ &t.name }{ " · " }{ t.mechanism.label() }</p>
                <h2 id="detail-title">{ &s.title }</h2>
                <button type="button" class="detail-close" onclick={close} aria-label="Close study details">{ "Close ×" }</button>
            </div>
            <div class="detail-summary">
                <EvidenceBadge evidence={s.evidence} />
                <span class="tag">{ phase_tag(s.phase) }</span>
                <span>{ s.phase.label() }</span>
                <span class="sep">{ "·" }</span>
                <span>{ s.status.label() }</span>
                <span class="sep">{ "·" }</span>
                <span>{ n_text }</span>
            </div>
            <p class="detail-evidence-def">{ s.evidence.definition() }</p>

            <h3>{ "What was found" }</h3>
            <p class="detail-result">{ or_not_reported(s.result.clone().or_else(|| (!matches!(s.status, crate::model::Status::Published)).then(|| "No results yet.".to_string()))) }</p>
            if let Some(r) = s.reported_in {
                <p class={if crate::reporting::not_peer_reviewed(s) { "detail-reported unreviewed" } else { "detail-reported" }} data-reported-in={r.key()}>
                    <strong>{ format!("Reported in: {}.", r.label()) }</strong>{ " " }{ r.definition() }
                </p>
            }
            if let Some(o) = overdue {
                <p class="detail-overdue" data-overdue="">{ o.sentence() }</p>
            }

            <h3>{ "Harms and side effects" }</h3>
            if harms.is_empty() {
                <p class="detail-harms nr" data-harms="none">{ "Not reported: what we read says nothing about side effects. That is not the same as no side effects." }</p>
            } else {
                <ul class="detail-harms" data-harms="">
                    { for harms.iter().map(|l| html! { <li>{ l }</li> }) }
                </ul>
            }
            if !s.caveats.is_empty() {
                <h3>{ "Keep in mind" }</h3>
                <ul class="caveats">
                    { for s.caveats.iter().map(|c| html! { <li>{ c }</li> }) }
                </ul>
            }

            <h3>{ "Who took part" }</h3>
            { attrition(s) }
            <dl class="facts">
                <dt>{ "People" }</dt><dd>{ or_not_reported(s.population.clone()) }</dd>
                <dt>{ "Illness" }</dt><dd>{ s.scope.label() }</dd>
                <dt>{ "Case definition" }<Tip term="case-definition" scope="facts" /></dt><dd>{ or_not_reported(s.case_definition.clone()) }</dd>
                <dt>{ "Requires PEM" }<Tip term="pem" scope="facts" /></dt><dd>{ or_not_reported(yes_no(s.pem_required)) }</dd>
            </dl>

            <h3>{ "How it was done" }</h3>
            <p>{ &s.design.summary }</p>
            <dl class="facts">
                <dt>{ "Randomised" }</dt><dd>{ or_not_reported(yes_no(s.design.randomised)) }</dd>
                <dt>{ "Comparison" }</dt><dd>{ or_not_reported(s.design.control.map(|c| c.label().to_string())) }</dd>
                <dt>{ "Blinding" }</dt><dd>{ or_not_reported(s.design.blinding.map(|b| b.label().to_string())) }</dd>
                <dt>{ "Crossover" }<Tip term="crossover" scope="facts" /></dt><dd>{ or_not_reported(yes_no(s.design.crossover)) }</dd>
                <dt>{ "Phase" }</dt><dd>{ s.phase.label() }{ s.phase_note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default() }</dd>
                <dt>{ "Main outcome" }</dt><dd>{ or_not_reported(s.primary_outcome.clone()) }</dd>
                <dt>{ "Measured by" }</dt><dd>{ or_not_reported(s.outcome_type.map(|o| o.label().to_string())) }</dd>
                <dt>{ "Started" }</dt><dd>{ or_not_reported(date(s.start)) }</dd>
                <dt>{ "Ended" }</dt><dd>{ or_not_reported(date(s.end)) }</dd>
                <dt>{ "Published" }</dt><dd>{ or_not_reported(date(s.published)) }</dd>
                if let Some(a) = s.approved {
                    <dt>{ "Approved" }</dt><dd>{ a.human() }</dd>
                }
                <dt>{ "Authors" }</dt><dd>{ or_not_reported(s.authors.clone()) }</dd>
                <dt>{ "Treatment target" }</dt><dd>{ &t.target }</dd>
            </dl>

            <h3>{ format!("Evidence-quality checklist: {yes} of {total} yes") }</h3>
            <ul class="checklist">
                { for items.iter().map(|it| {
                    let (cls, word) = match it.answer {
                        Answer::Yes => ("yes", "Yes"),
                        Answer::No => ("no", "No"),
                        Answer::NotReported => ("nr", "Not reported"),
                    };
                    html! {
                        <li class={format!("check {cls}")} data-check={it.key}>
                            <span class="check-answer">{ word }</span>
                            <span class="check-q">{ it.question }
                                if let Some(t) = check_term(it.key) { <Tip term={t} scope="check" /> }
                            </span>
                            <span class="check-why">{ &it.why }</span>
                        </li>
                    }
                }) }
            </ul>

            <h3>{ "Sources" }</h3>
            <ul class="sources">
                { for s.sources.iter().map(|src| match src.href() {
                    Some(href) => html! {
                        <li><a href={href} target="_blank" rel="noopener noreferrer">{ &src.label }{ " — " }{ &src.id }</a>
                        <span class="src-kind">{ format!(" ({})", src.kind.label()) }</span></li>
                    },
                    None => html! { <li>{ &src.label }<span class="src-kind">{ format!(" ({})", src.kind.label()) }</span></li> },
                }) }
            </ul>
            <p class="detail-meta">
                { format!("How sure we are of these details: {} — {} ", s.confidence.label(), s.confidence.definition()) }
                { format!("Last reviewed {}.", s.last_reviewed.human()) }
            </p>
            <p><a href={props.link.clone()} class="study-link">{ "Link to this study" }</a></p>
        </section>
    }
}
