//! The table view: the same filtered studies as a real `<table>` with a caption, scoped headers and
//! sortable columns (aria-sort). It is also the accessible alternative to the chart. Sorting is
//! done by `crate::sort`; long tables render a window of rows around the scroll position.

use super::glyph::{evidence_icon, phase_tag};
use super::markup::escape_into;
use crate::session::Session;
use crate::state::Action;
use crate::url_state;
use crate::view::{Sort, SortColumn, ViewState};
use std::fmt::Write as _;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

/// Rows rendered above and below the visible ones; every one of them is rebuilt when a sort or
/// filter swaps the rows, so there are as few as scrolling allows without showing a gap. The
/// tracked scroll position is rounded down to a step, so the real view can be up to a step
/// further down than the rows were drawn for (below needs a step and one row) but never above
/// it (one row covers the frame before a re-render when scrolling up fast).
const OVERSCAN_ABOVE: usize = 1;
const OVERSCAN_BELOW: usize = SCROLL_ROWS as usize + 1;
/// Characters of a title drawn in its two-line cell (more than the widest column shows).
const TITLE_CHARS: usize = 90;
/// Scroll positions are tracked in steps of this many rows.
const SCROLL_ROWS: f64 = 3.0;
/// Tables up to this size render every row (no windowing needed).
const FULL_RENDER: usize = 300;
/// Fixed row height used for windowing (matches `.study-table tbody tr` in the CSS).
pub const ROW_HEIGHT: f64 = 52.0;

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
        let top = (*scroll / ROW_HEIGHT) as usize;
        let first = top.saturating_sub(OVERSCAN_ABOVE).min(n);
        let visible = (*viewport / ROW_HEIGHT).ceil() as usize;
        (first, (top + visible + OVERSCAN_BELOW).min(n))
    };
    // The box's real height (it is capped by the CSS), measured once at mount: the initial
    // guess is a tall window, and every row drawn beyond the box costs each sort and filter.
    {
        let viewport = viewport.clone();
        let wrap = wrap.clone();
        use_effect_with((), move |_| {
            if let Some(el) = wrap.cast::<HtmlElement>() {
                if el.client_height() > 0 {
                    viewport.set(el.client_height() as f64);
                }
            }
        });
    }

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

    // The rows are written as one markup string into the body (see `rows_markup`) and replaced
    // whole: a sort or filter swaps every row, and parsing one string costs a fraction of
    // building and diffing the same rows node by node. Clicks are handled once, on the wrap.
    let markup = rows_markup(&props.rows[first..last], first, n - last, props.selected);
    let tbody = use_node_ref();
    {
        let tbody = tbody.clone();
        use_effect_with(markup, move |markup| {
            if let Some(body) = tbody.cast::<web_sys::Element>() {
                replace_keeping_focus(&body, markup);
            }
        });
    }
    let onclick = {
        let on = props.on_action.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(link) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[data-open]").ok().flatten())
            else {
                return;
            };
            // A plain click opens the study here; with a modifier the browser opens the link
            // (a new tab or window), as for any link.
            if e.ctrl_key() || e.meta_key() || e.shift_key() || e.button() != 0 {
                return;
            }
            if let Some(id) = link.get_attribute("data-open") {
                e.prevent_default();
                on.emit(Action::OpenStudy(id));
            }
        })
    };

    html! {
        <div class="table-wrap" ref={wrap} onscroll={onscroll} onclick={onclick} tabindex="0" aria-label="Studies table; scroll for more">
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
                <tbody ref={tbody}></tbody>
            </table>
        </div>
    }
}

/// The body rows for `rows` (dataset indices), the first being table row `first + 2` (after the
/// header), with spacer rows standing in for the `first` rows above and `after` rows below.
/// Everything from the dataset is escaped.
pub fn rows_markup(rows: &[usize], first: usize, after: usize, selected: Option<usize>) -> String {
    let data = Session::get().data;
    let mut out = String::with_capacity(rows.len() * 700 + 200);
    let spacer = |out: &mut String, rows: usize| {
        if rows > 0 {
            let _ = write!(
                out,
                r#"<tr class="spacer" aria-hidden="true"><td colspan="7" height="{}"></td></tr>"#,
                (rows as f64 * ROW_HEIGHT) as u64
            );
        }
    };
    let date = |d: Option<crate::model::PartialDate>| {
        d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
    };
    spacer(&mut out, first);
    for (k, &i) in rows.iter().enumerate() {
        let s = &data.studies()[i];
        let t = data.treatment(i);
        let sel = selected == Some(i);
        out.push_str("<tr data-study-id=\"");
        escape_into(&mut out, &s.id);
        let _ = write!(
            out,
            r#"" aria-rowindex="{}"{} aria-selected="{sel}"><td>"#,
            first + k + 2,
            if sel { r#" class="selected""# } else { "" }
        );
        out.push_str(r#"<span class="clamp">"#);
        escape_into(&mut out, &t.name);
        out.push_str(r#"</span></td><th scope="row" class="title-cell"><a class="clamp" href="?"#);
        escape_into(&mut out, &study_query(&s.id));
        out.push_str(r#"" data-open=""#);
        escape_into(&mut out, &s.id);
        out.push_str(r#"" title=""#);
        escape_into(&mut out, &s.title);
        // The cell shows two lines; a long title is cut to what can show (the browser would lay
        // out and shape the whole text only to clip it). The link's name stays the full title.
        if s.title.chars().count() > TITLE_CHARS {
            out.push_str(r#"" aria-label=""#);
            escape_into(&mut out, &s.title);
            out.push_str(r#"">"#);
            let cut: String = s.title.chars().take(TITLE_CHARS - 1).collect();
            escape_into(&mut out, cut.trim_end());
            out.push('…');
        } else {
            out.push_str(r#"">"#);
            escape_into(&mut out, &s.title);
        }
        let _ = write!(
            out,
            r#"</a></th><td>{}</td><td>{}</td><td><span class="tag">{}</span><span class="sr-only">{}</span></td><td><span class="badge ev-{}"><span aria-hidden="true" class="badge-icon">{}</span>{}</span></td><td class="num">{}</td></tr>"#,
            date(s.start),
            date(s.published),
            phase_tag(s.phase),
            s.phase.label(),
            s.evidence.key(),
            evidence_icon(s.evidence),
            s.evidence.label(),
            s.best_n()
                .map(|n| n.to_string())
                .unwrap_or_else(|| "not reported".into())
        );
    }
    spacer(&mut out, after);
    out
}

/// The query of the link to one study: the URL codec's canonical form, as every other link the
/// widget writes.
fn study_query(id: &str) -> String {
    url_state::format(&ViewState {
        study: Some(id.to_string()),
        ..ViewState::default()
    })
}

/// Replaces the body's rows. A keyboard user's focus on a study link survives when that study
/// is still in the new rows (scrolling by keyboard re-renders the window every few rows).
fn replace_keeping_focus(body: &web_sys::Element, markup: &str) {
    let focused = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .filter(|a| body.contains(Some(a)))
        .and_then(|a| a.get_attribute("data-open"));
    body.set_inner_html(markup);
    if let Some(id) = focused {
        let links = body.get_elements_by_tag_name("a");
        for k in 0..links.length() {
            if let Some(a) = links.item(k) {
                if a.get_attribute("data-open").as_deref() == Some(id.as_str()) {
                    if let Ok(a) = a.dyn_into::<HtmlElement>() {
                        let _ = a.focus();
                    }
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_markup_has_one_row_per_study_and_spacers_for_the_rest() {
        let n = Session::get().data.studies().len();
        assert!(n >= 5);
        let rows: Vec<usize> = (2..5).collect();
        let html = rows_markup(&rows, 2, n - 5, Some(3));
        assert_eq!(html.matches("<tr data-study-id=").count(), 3);
        assert_eq!(html.matches(r#"class="spacer""#).count(), 2);
        assert!(html.contains(&format!(r#"height="{}""#, (2.0 * ROW_HEIGHT) as u64)));
        assert!(
            html.contains(r#"aria-rowindex="4""#),
            "first row after 2 spacer rows and the header"
        );
        assert_eq!(html.matches(r#"aria-selected="true""#).count(), 1);
        // Balanced: every row closes.
        assert_eq!(html.matches("<tr").count(), html.matches("</tr>").count());
    }

    #[test]
    fn study_links_use_the_url_codec() {
        let data = Session::get().data;
        let id = &data.studies()[2].id;
        let html = rows_markup(&[2], 0, 0, None);
        let href = format!(r#"href="?{}""#, study_query(id));
        assert!(html.contains(&href), "{href} in {html}");
        let (view, ignored) = url_state::parse(&study_query(id), data);
        assert!(ignored.is_empty());
        assert_eq!(view.study.as_deref(), Some(id.as_str()));
    }
}
