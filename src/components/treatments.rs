//! "What we know": one card per treatment with its verdict (computed by `crate::verdict` from all
//! of the treatment's studies), best evidence, people in controlled trials, harms and what is
//! still running, sortable; and, for a single treatment, a printable one-page handout.
//!
//! Filters choose which treatments are listed (those with at least one study the filters keep),
//! never which studies a verdict counts: a filter that hides a negative trial must not make a
//! treatment look stronger.

use super::glyph::evidence_icon;
use crate::model::Study;
use crate::session::Session;
use crate::state::Action;
use crate::timeline::labels::phase_words;
use crate::verdict::{by_strength, Verdict};
use crate::view::ViewKind;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TreatmentsProps {
    /// Study indices the filters keep (a treatment is listed when it has one of them).
    pub visible: Rc<Vec<usize>>,
    /// The `treat=` filter: exactly one key shows that treatment's handout.
    pub focus: Vec<String>,
    pub on_action: Callback<Action>,
    /// "Print this handout" was pressed.
    pub on_print: Callback<()>,
}

/// How the list is ordered.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    Strength,
    Name,
    Recent,
}

impl Order {
    const ALL: [Order; 3] = [Order::Strength, Order::Name, Order::Recent];
    fn key(self) -> &'static str {
        match self {
            Order::Strength => "strength",
            Order::Name => "name",
            Order::Recent => "recent",
        }
    }
    fn label(self) -> &'static str {
        match self {
            Order::Strength => "Strength of evidence (strongest first)",
            Order::Name => "Name",
            Order::Recent => "Most recent result",
        }
    }
}

/// "151 people in 2 controlled trials" / "At least 40 people …" / "None yet".
fn controlled_people(v: &Verdict, capital: bool) -> String {
    match (
        v.controlled_trials,
        v.controlled_people,
        v.controlled_people_partial,
    ) {
        (0, _, _) => if capital { "None yet" } else { "none yet" }.to_string(),
        (t, n, partial) => format!(
            "{}{n} {} in {t} controlled {}",
            match (partial, capital) {
                (false, _) => "",
                (true, true) => "At least ",
                (true, false) => "at least ",
            },
            if n == 1 { "person" } else { "people" },
            if t == 1 { "trial" } else { "trials" }
        ),
    }
}

#[function_component(TreatmentsView)]
pub fn treatments_view(props: &TreatmentsProps) -> Html {
    let session = Session::get();
    let data = session.data;
    let verdicts = session.verdicts();
    let order = use_state(|| Order::Strength);
    let on_order = {
        let order = order.clone();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let o = Order::ALL
                .into_iter()
                .find(|o| o.key() == sel.value())
                .unwrap_or(Order::Strength);
            order.set(o);
        })
    };
    let show = |view: ViewKind, key: &str| {
        let on = props.on_action.clone();
        let key = key.to_string();
        Callback::from(move |_: MouseEvent| on.emit(Action::ShowTreatment(view, key.clone())))
    };

    if let [key] = props.focus.as_slice() {
        if let Some(t) = data.treatment_index(key) {
            return handout(t, &verdicts[t], props, show(ViewKind::Treatments, ""));
        }
    }

    // Treatments with at least one study the filters keep.
    let mut listed = vec![false; data.treatments().len()];
    for &i in props.visible.iter() {
        if let Some(t) = data.treatment_index(&data.studies()[i].treatment) {
            listed[t] = true;
        }
    }
    let mut rows: Vec<usize> = (0..listed.len()).filter(|&t| listed[t]).collect();
    match *order {
        Order::Strength => {
            crate::order::sort_by(&mut rows, &|&a, &b| by_strength(&verdicts[b], &verdicts[a]))
        }
        Order::Name => {
            crate::order::sort_caseless(&mut rows, &|&t| data.treatments()[t].name.clone())
        }
        Order::Recent => crate::order::sort_by(&mut rows, &|&a, &b| {
            let key = |t: usize| verdicts[t].latest_result.map(|d| d.start_fraction());
            key(b)
                .partial_cmp(&key(a))
                .unwrap_or(std::cmp::Ordering::Equal)
        }),
    }
    let total = data.treatments().len();
    html! {
        <section class="treatments" aria-labelledby="tx-title">
            <h2 id="tx-title">{ "What we know about each treatment" }</h2>
            <p class="tx-intro">{ "Each verdict is worked out by the same fixed rules from all of a treatment's studies: how many controlled trials there are, how big and how well designed, what they found, and what harms were reported. The filters choose which treatments are listed; they never change a verdict." }</p>
            <div class="tx-tools">
                <p class="tx-count" id="tx-count">{ format!("{} of {total} treatments", rows.len()) }</p>
                <label class="tx-order">
                    <span>{ "Sort by" }</span>
                    <select id="tx-order" onchange={on_order}>
                        { for Order::ALL.iter().map(|o| html! {
                            <option value={o.key()} selected={*order == *o}>{ o.label() }</option>
                        }) }
                    </select>
                </label>
            </div>
            <ol class="tx-list">
                { for rows.iter().map(|&t| {
                    let tr = &data.treatments()[t];
                    let v = &verdicts[t];
                    let heading = format!("tx-{}", tr.key);
                    html! {
                        <li class={format!("tx-card verdict-{}", v.category.key())} data-treatment={tr.key.clone()} aria-labelledby={heading.clone()}>
                            <h3 id={heading}>{ &tr.name }</h3>
                            { verdict_head(v) }
                            <dl class="tx-facts">
                                <dt>{ "Best evidence" }</dt>
                                <dd>
                                    { &v.evidence_sentence }
                                    if let Some(id) = v.key_study.clone() {
                                        { " " }
                                        <button type="button" class="link-btn" onclick={{ let on = props.on_action.clone(); Callback::from(move |_| on.emit(Action::OpenStudy(id.clone()))) }}>{ "Open that study" }</button>
                                    }
                                </dd>
                                <dt>{ "People in controlled trials" }</dt>
                                <dd>{ controlled_people(v, true) }</dd>
                                <dt>{ "Harms" }</dt>
                                <dd>{ v.harms_sentence.clone().unwrap_or_else(|| "No one has been treated in a study yet.".into()) }</dd>
                                <dt>{ "Still to come" }</dt>
                                <dd>{ v.running_sentence.clone().unwrap_or_else(|| "No running or planned study that we know of.".into()) }</dd>
                            </dl>
                            <p class="tx-links">
                                <button type="button" onclick={show(ViewKind::Timeline, &tr.key)}>{ "On the timeline" }</button>
                                <button type="button" onclick={show(ViewKind::Table, &tr.key)}>{ "Studies in the table" }</button>
                                <button type="button" onclick={show(ViewKind::Compare, &tr.key)}>{ "Compare" }</button>
                                <button type="button" onclick={show(ViewKind::Treatments, &tr.key)}>{ "Handout to print" }</button>
                            </p>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

/// A verdict's badge (icon and word, never colour alone), certainty and headline; also used by
/// "Compare treatments".
pub fn verdict_head(v: &Verdict) -> Html {
    html! {
        <>
            <p class="tx-badges">
                <span class={format!("verdict-badge verdict-{}", v.category.key())}>
                    <span aria-hidden="true">{ v.category.icon() }</span>{ " " }{ v.category.label() }
                </span>
                { " " }
                <span class="tx-certainty">{ v.certainty.label() }</span>
            </p>
            <p class="tx-headline">{ &v.headline }</p>
        </>
    }
}

/// The studies of treatment `t`, oldest first.
fn studies_of(t: usize) -> Vec<usize> {
    let data = Session::get().data;
    let key = &data.treatments()[t].key;
    let mut rows: Vec<usize> = (0..data.studies().len())
        .filter(|&i| &data.studies()[i].treatment == key)
        .collect();
    crate::order::sort_by(&mut rows, &|&a, &b| {
        let y = |i: usize| {
            let s = &data.studies()[i];
            s.published
                .or(s.start)
                .or(s.end)
                .map(|d| d.start_fraction())
        };
        y(a).partial_cmp(&y(b)).unwrap_or(std::cmp::Ordering::Equal)
    });
    rows
}

fn years(s: &Study) -> String {
    let a = s.start.map(|d| d.year);
    let b = s.end.map(|d| d.year).or(s.published.map(|d| d.year));
    match (a, b) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(y), _) | (None, Some(y)) => y.to_string(),
        (None, None) => "not reported".into(),
    }
}

/// The one-page handout: verdict, the studies as a short table with their sources, harms and the
/// date of the data, for a patient to bring to a clinician.
fn handout(t: usize, v: &Verdict, props: &TreatmentsProps, back: Callback<MouseEvent>) -> Html {
    let data = Session::get().data;
    let tr = &data.treatments()[t];
    let file = &data.file;
    let print = {
        let on = props.on_print.clone();
        Callback::from(move |_: MouseEvent| on.emit(()))
    };
    html! {
        <article class="handout" aria-labelledby="handout-title" data-treatment={tr.key.clone()}>
            <p class="handout-tools no-print">
                <button type="button" onclick={back}>{ "All treatments" }</button>
                <button type="button" class="primary" onclick={print}>{ "Print this handout" }</button>
            </p>
            <h2 id="handout-title">{ format!("{}: what the studies show", tr.name) }</h2>
            <p class="handout-target">{ &tr.target }</p>
            { verdict_head(v) }
            <p>{ &v.evidence_sentence }</p>
            <h3>{ "Harms" }</h3>
            <p>{ v.harms_sentence.clone().unwrap_or_else(|| "No one has been treated in a study yet.".into()) }</p>
            <h3>{ "Still to come" }</h3>
            <p>{ v.running_sentence.clone().unwrap_or_else(|| "No running or planned study that we know of.".into()) }</p>
            <h3>{ "The studies" }</h3>
            <table class="handout-table">
                <thead><tr><th scope="col">{ "Study" }</th><th scope="col">{ "Years" }</th><th scope="col">{ "Design" }</th><th scope="col">{ "People" }</th><th scope="col">{ "Finding" }</th><th scope="col">{ "Source" }</th></tr></thead>
                <tbody>
                    { for studies_of(t).into_iter().map(|i| {
                        let s = &data.studies()[i];
                        let source = s.sources.iter().find_map(|src| src.href().map(|h| (h, src.label.clone())));
                        html! {
                            <tr data-study-id={s.id.clone()}>
                                <td>{ s.authors.clone().unwrap_or_else(|| s.title.clone()) }</td>
                                <td>{ years(s) }</td>
                                <td>{ format!("{}{}", phase_words(s.phase), if crate::verdict::is_controlled(s) { ", controlled" } else { ", no fair comparison group" }) }</td>
                                <td>{ s.best_n().map(|n| n.to_string()).unwrap_or_else(|| "not reported".into()) }</td>
                                <td>{ evidence_icon(s.evidence) }{ " " }{ s.evidence.label() }</td>
                                <td>{ match source {
                                    Some((href, label)) => html! { <a href={href.clone()} rel="noopener noreferrer" target="_blank">{ label }</a> },
                                    None => html! { { "see the widget" } },
                                } }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <p class="handout-meta">{ format!("Data version {}, studies up to {}. The verdict is worked out by fixed rules from all {} studies above; it is not medical advice. People in controlled trials: {}.",
                file.version, file.cutoff.human(), studies_of(t).len(), controlled_people(v, false)) }</p>
            <p class="handout-meta print-only">{ format!("Printed from {}", crate::browser::link_to(&crate::url_state::format(&crate::view::ViewState { view: ViewKind::Treatments, filters: crate::view::Filters { treat: vec![tr.key.clone()], ..Default::default() }, ..Default::default() }))) }</p>
        </article>
    }
}
