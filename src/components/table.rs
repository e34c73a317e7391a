//! The table view: the same filtered studies as a real `<table>` with a caption, scoped headers and
//! sortable columns (aria-sort). It is also the accessible alternative to the chart. Sorting is
//! done by `crate::sort`; long tables render a window of rows around the scroll position.

use super::glyph::{evidence_icon, phase_tag};
use crate::session::Session;
use crate::state::Action;
use crate::view::{Sort, SortColumn};
use std::rc::Rc;
use web_sys::HtmlElement;
use yew::prelude::*;

/// Rows rendered above and below the visible ones (more than the scroll step, so scrolling
/// never shows a gap; every one of them is rebuilt when a sort or filter swaps the rows).
const OVERSCAN: usize = 4;
/// Scroll positions are tracked in steps of this many rows.
const SCROLL_ROWS: f64 = 3.0;
/// Tables up to this size render every row (no windowing needed).
const FULL_RENDER: usize = 300;
/// Fixed row height used for windowing (matches `.study-table tbody tr` in the CSS).
pub const ROW_HEIGHT: f64 = 44.0;

#[derive(Properties, PartialEq)]
pub struct TableProps {
    /// Dataset indices of the rows, already filtered and sorted.
    pub rows: Rc<Vec<usize>>,
    pub sort: Option<Sort>,
    pub selected: Option<usize>,
    pub on_action: Callback<Action>,
}

#[function_component(StudyTable)]
pub fn study_table(props: &TableProps) -> Html {
    let session = Session::get();
    let scroll = use_state_eq(|| 0.0f64);
    let viewport = use_state_eq(|| 900.0f64);
    let wrap = use_node_ref();

    let onscroll = {
        let scroll = scroll.clone();
        let viewport = viewport.clone();
        let wrap = wrap.clone();
        Callback::from(move |_: Event| {
            if let Some(el) = wrap.cast::<HtmlElement>() {
                // In steps of a few rows (inside the overscan): fewer re-renders while scrolling.
                let step = SCROLL_ROWS * ROW_HEIGHT;
                scroll.set((el.scroll_top() as f64 / step).floor() * step);
                viewport.set(el.client_height() as f64);
            }
        })
    };

    let n = props.rows.len();
    let (first, last) = if n <= FULL_RENDER {
        (0, n)
    } else {
        let first = ((*scroll / ROW_HEIGHT) as usize)
            .saturating_sub(OVERSCAN)
            .min(n);
        let visible = (*viewport / ROW_HEIGHT).ceil() as usize;
        (first, (first + visible + 2 * OVERSCAN).min(n))
    };

    let header = |c: SortColumn| {
        let (aria, arrow) = match &props.sort {
            Some(s) if s.column == c && s.descending => ("descending", "▼"),
            Some(s) if s.column == c => ("ascending", "▲"),
            _ => ("none", ""),
        };
        let on = props.on_action.clone();
        let label = c.label();
        html! {
            <th scope="col" aria-sort={aria} data-col={c.key()}>
                <button type="button" class="sort" onclick={Callback::from(move |_| on.emit(Action::SortBy(c)))}>
                    { label }<span class="arrow" aria-hidden="true">{ arrow }</span>
                </button>
            </th>
        }
    };

    let spacer = |rows: usize| {
        if rows == 0 {
            html! {}
        } else {
            html! { <tr class="spacer" aria-hidden="true"><td colspan="7" height={((rows as f64 * ROW_HEIGHT) as u64).to_string()}></td></tr> }
        }
    };

    html! {
        <div class="table-wrap" ref={wrap} onscroll={onscroll} tabindex="0" aria-label="Studies table; scroll for more">
            <table class="study-table" aria-rowcount={(n + 1).to_string()}>
                <caption>{ format!("{n} studies matching the filters. Choose a column heading to sort; choose a study to open its details.") }</caption>
                <thead>
                    <tr aria-rowindex="1">
                        { header(SortColumn::Treatment) }
                        { header(SortColumn::Title) }
                        { header(SortColumn::Start) }
                        { header(SortColumn::Published) }
                        { header(SortColumn::Phase) }
                        { header(SortColumn::Evidence) }
                        { header(SortColumn::People) }
                    </tr>
                </thead>
                <tbody>
                    { spacer(first) }
                    { for props.rows[first..last].iter().enumerate().map(|(k, &i)| {
                        let s = &session.data.studies()[i];
                        let t = session.data.treatment(i);
                        let open = {
                            let on = props.on_action.clone();
                            let id = s.id.clone();
                            Callback::from(move |e: MouseEvent| { e.prevent_default(); on.emit(Action::OpenStudy(id.clone())) })
                        };
                        let selected = props.selected == Some(i);
                        html! {
                            <tr key={s.id.clone()} data-study-id={s.id.clone()} aria-rowindex={(first + k + 2).to_string()}
                                class={classes!(selected.then_some("selected"))} aria-selected={selected.to_string()}>
                                <td>{ &t.name }</td>
                                <th scope="row" class="title-cell">
                                    <a href={format!("?study={}", s.id)} onclick={open}>{ &s.title }</a>
                                </th>
                                <td>{ s.start.map(|d| d.to_string()).unwrap_or_else(|| "—".into()) }</td>
                                <td>{ s.published.map(|d| d.to_string()).unwrap_or_else(|| "—".into()) }</td>
                                <td><span class="tag">{ phase_tag(s.phase) }</span><span class="sr-only">{ s.phase.label() }</span></td>
                                <td><span class={classes!("badge", format!("ev-{}", s.evidence.key()))}>
                                    <span aria-hidden="true" class="badge-icon">{ evidence_icon(s.evidence) }</span>{ s.evidence.label() }</span></td>
                                <td class="num">{ s.best_n().map(|n| n.to_string()).unwrap_or_else(|| "not reported".into()) }</td>
                            </tr>
                        }
                    }) }
                    { spacer(n - last) }
                </tbody>
            </table>
        </div>
    }
}
