//! The filter panel: one fieldset per facet, each option a checkbox with the number of studies it
//! would give under the other active filters (options giving 0 stay visible, marked), a search box,
//! a year range and "Reset all".

use super::glossary::Tip;
use crate::filter::FacetCounts;
use crate::model::{Evidence, Mechanism, OutcomeType, Phase, Scope};
use crate::session::Session;
use crate::state::Action;
use crate::view::{DesignFlag, Filters, YearRange};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FilterPanelProps {
    pub filters: Filters,
    pub counts: FacetCounts,
    pub on_action: Callback<Action>,
}

struct Opt {
    key: String,
    label: String,
    hint: Option<&'static str>,
    count: usize,
    checked: bool,
    action: Action,
}

fn facet(
    id: &str,
    legend: &str,
    tip: Option<&'static str>,
    opts: Vec<Opt>,
    on_action: &Callback<Action>,
) -> Html {
    html! {
        <fieldset class="facet" id={format!("facet-{id}")}>
            <legend>{ legend }if let Some(t) = tip { <Tip term={t} scope={format!("facet-{id}")} /> }</legend>
            { for opts.into_iter().map(|o| {
                let input_id = format!("f-{id}-{}", o.key);
                let cb = {
                    let on = on_action.clone();
                    let a = o.action.clone();
                    Callback::from(move |_: Event| on.emit(a.clone()))
                };
                let zero = o.count == 0 && !o.checked;
                html! {
                    <div class={if zero { "opt zero" } else { "opt" }} title={o.hint}>
                        <input type="checkbox" id={input_id.clone()} checked={o.checked} onchange={cb}
                            data-facet={id.to_string()} data-value={o.key.clone()} />
                        <label for={input_id}>
                            <span class="opt-label">{ o.label }</span>
                            <span class="opt-count" aria-label={format!("{} studies", o.count)}>
                                { if zero { "0 — none match".to_string() } else { o.count.to_string() } }
                            </span>
                        </label>
                    </div>
                }
            }) }
        </fieldset>
    }
}

/// The whole panel.
#[function_component(FilterPanel)]
pub fn filter_panel(props: &FilterPanelProps) -> Html {
    let s = Session::get();
    let f = &props.filters;
    let c = &props.counts;
    let on = &props.on_action;

    let on_q = {
        let on = on.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on.emit(Action::SetQuery(input.value()));
        })
    };
    let year_input = |which: &'static str, value: Option<i32>| {
        let on = on.clone();
        let years = f.years;
        let cb = Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let v = input
                .value()
                .trim()
                .parse::<i32>()
                .ok()
                .filter(|y| (1900..=2100).contains(y));
            let mut y = years;
            if which == "from" {
                y.from = v;
            } else {
                y.to = v;
            }
            if let (Some(a), Some(b)) = (y.from, y.to) {
                if a > b {
                    y = YearRange {
                        from: Some(b),
                        to: Some(a),
                    };
                }
            }
            on.emit(Action::SetYears(y));
        });
        let label = if which == "from" {
            "From year"
        } else {
            "To year"
        };
        html! {
            <label class="year">
                <span>{ label }</span>
                <input type="number" min="1900" max="2100" step="1" inputmode="numeric"
                    id={format!("years-{which}")}
                    value={value.map(|v| v.to_string()).unwrap_or_default()} onchange={cb} />
            </label>
        }
    };

    let mech: Vec<Opt> = Mechanism::ALL
        .iter()
        .map(|m| Opt {
            key: m.key().into(),
            label: m.label().into(),
            hint: Some(m.definition()),
            count: c.mech.get(m.index()).copied().unwrap_or(0),
            checked: f.mech.contains(m),
            action: Action::ToggleMechanism(*m),
        })
        .collect();
    // Built only when the treatment list is open (a large dataset has a thousand treatments).
    let treat_opts = || -> Vec<Opt> {
        let mut treat: Vec<(usize, Opt)> = s
            .data
            .treatments()
            .iter()
            .enumerate()
            .map(|(i, t)| {
                (
                    i,
                    Opt {
                        key: t.key.clone(),
                        label: t.name.clone(),
                        hint: None,
                        count: c.treat.get(i).copied().unwrap_or(0),
                        checked: f.treat.contains(&t.key),
                        action: Action::ToggleTreatment(t.key.clone()),
                    },
                )
            })
            .collect();
        crate::order::sort_caseless(&mut treat, &|(_, o)| o.label.clone());
        treat.into_iter().map(|(_, o)| o).collect()
    };
    let phase: Vec<Opt> = Phase::ALL
        .iter()
        .map(|p| Opt {
            key: p.key().into(),
            label: p.label().into(),
            hint: Some(p.definition()),
            count: c.phase.get(p.index()).copied().unwrap_or(0),
            checked: f.phase.contains(p),
            action: Action::TogglePhase(*p),
        })
        .collect();
    let status: Vec<Opt> = Evidence::ALL
        .iter()
        .map(|e| Opt {
            key: e.key().into(),
            label: format!("{} {}", super::glyph::evidence_icon(*e), e.label()),
            hint: Some(e.definition()),
            count: c.status.get(e.index()).copied().unwrap_or(0),
            checked: f.status.contains(e),
            action: Action::ToggleEvidence(*e),
        })
        .collect();
    let design: Vec<Opt> = DesignFlag::ALL
        .iter()
        .map(|d| Opt {
            key: d.key().into(),
            label: d.label().into(),
            hint: None,
            count: c.design.get(d.index()).copied().unwrap_or(0),
            checked: f.design.contains(d),
            action: Action::ToggleDesign(*d),
        })
        .collect();
    let scope: Vec<Opt> = Scope::ALL
        .iter()
        .map(|x| Opt {
            key: x.key().into(),
            label: x.label().into(),
            hint: Some(x.definition()),
            count: c.scope.get(x.index()).copied().unwrap_or(0),
            checked: f.scope.contains(x),
            action: Action::ToggleScope(*x),
        })
        .collect();
    let outcome: Vec<Opt> = OutcomeType::ALL
        .iter()
        .map(|o| Opt {
            key: o.key().into(),
            label: o.label().into(),
            hint: Some(o.definition()),
            count: c.outcome.get(o.index()).copied().unwrap_or(0),
            checked: f.outcome.contains(o),
            action: Action::ToggleOutcome(*o),
        })
        .collect();

    // Open by default when one of its filters is on, so an active filter is never hidden.
    let more_open =
        use_state(|| !f.scope.is_empty() || !f.outcome.is_empty() || !f.treat.is_empty());
    let on_more = {
        let more_open = more_open.clone();
        Callback::from(move |e: Event| {
            let d: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            more_open.set(d.open());
        })
    };
    let reset = {
        let on = on.clone();
        Callback::from(move |_| on.emit(Action::ResetFilters))
    };

    html! {
        <section class="filters" aria-labelledby="filters-h">
            <div class="filters-head">
                <h2 id="filters-h">{ "Filter studies" }</h2>
                <button type="button" class="reset" onclick={reset} disabled={f.is_empty()}>{ "Reset all" }</button>
            </div>
            <label class="search">
                <span>{ "Search treatments, titles, authors and results" }</span>
                <input type="search" id="search" value={f.q.clone()} oninput={on_q} autocomplete="off"
                    placeholder="e.g. rituximab" />
            </label>
            <fieldset class="facet years-facet">
                <legend>{ "Years (studies running or published in the range)" }</legend>
                { year_input("from", f.years.from) }
                { year_input("to", f.years.to) }
            </fieldset>
            { facet("status", "How strong is the evidence?", Some("rct"), status, on) }
            { facet("design", "Design and reporting (all ticked must hold)", Some("placebo"), design, on) }
            { facet("phase", "Phase", Some("phase"), phase, on) }
            { facet("mech", "Mechanism", None, mech, on) }
            <details class="facet-more" open={*more_open} ontoggle={on_more}>
                <summary>{ "Treatment, illness and outcome type" }</summary>
                // Rendered only while open: a large dataset has a thousand treatments.
                if *more_open {
                    { facet("scope", "Who took part", Some("case-definition"), scope, on) }
                    { facet("outcome", "Main outcome measured by", Some("primary-outcome"), outcome, on) }
                    { facet("treat", "Treatment", None, treat_opts(), on) }
                }
            </details>
        </section>
    }
}
