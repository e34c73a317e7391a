//! The timeline view: one lane per treatment under mechanism headings, one mark per study.
//! Only the lanes inside the scrolled viewport and the marks inside the time window are in the
//! DOM; the layout (`crate::timeline::layout`) is recomputed only when the visible studies change.
//! Keyboard: the chart is one tab stop; arrows move between studies (roving focus via
//! aria-activedescendant), Enter opens, Escape hides the tooltip, +/− zoom, Shift+arrows pan,
//! 0 fits all. Mouse: hover for a tooltip, click to open, drag to pan, Ctrl/pinch + wheel zooms.

use super::glyph::{evidence_icon, num, phase_tag};
use crate::model::{Evidence, Status};
use crate::session::Session;
use crate::state::Action;
use crate::timeline::layout::{layout, navigate, Layout, LayoutInput, Metrics, Nav};
use crate::timeline::scale::{fit, TimeScale};
use crate::view::Window;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

/// Vertical metrics of lanes (pixels).
const ROW_H: f64 = 24.0;
const LABEL_H: f64 = 16.0;
const HEADER_H: f64 = 30.0;
const MARK_H: f64 = 16.0;
/// Extra lanes rendered above and below the viewport so fast scrolling never shows gaps. Every
/// pixel of it is drawn again on each zoom or filter step, so it is kept just above the step.
const OVERSCAN_PX: f64 = 120.0;
/// Scroll positions are tracked in steps of this many pixels (less than the overscan), so
/// scrolling re-renders the lanes a few times per screen instead of on every scroll event.
const SCROLL_STEP: f64 = 80.0;
/// Minimum horizontal gap between year labels.
const TICK_PX: f64 = 64.0;

/// Horizontal room a mark's label needs; marks closer than this stack into separate rows.
const LABEL_PX: f64 = 92.0;

/// Lane metrics at a zoom level: `min_years` is how many years a label occupies.
pub fn metrics(min_years: f64) -> Metrics {
    Metrics {
        header_height: HEADER_H,
        row_height: ROW_H,
        lane_padding: LABEL_H / 2.0 + 2.0,
        min_mark_years: min_years,
    }
}

/// The label room in years, quantised (powers of two of a quarter year) so small zoom changes
/// reuse the memoised layout.
fn label_years(px_per_year: f64) -> f64 {
    let raw = LABEL_PX / px_per_year.max(1e-6);
    let q = (raw * 4.0).max(1.0).log2().ceil();
    2f64.powf(q) / 4.0
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// Dataset indices of the studies to show (filtered).
    pub visible: Rc<Vec<usize>>,
    pub window: Option<Window>,
    pub selected: Option<usize>,
    pub on_action: Callback<Action>,
}

fn mark_y(lane_y: f64, row: u16) -> f64 {
    lane_y + LABEL_H + 2.0 + row as f64 * ROW_H
}

/// Short, plain text describing a study (tooltip and screen-reader label).
pub fn describe(i: usize) -> String {
    let s = Session::get();
    let st = &s.data.studies()[i];
    let t = s.data.treatment(i);
    let when = match (st.start, st.end.or(st.published)) {
        (Some(a), Some(b)) => format!("{}–{}", a.year, b.year),
        (Some(a), None) if st.status == Status::Ongoing => format!("{}–ongoing", a.year),
        (Some(a), None) => a.year.to_string(),
        (None, Some(b)) => b.year.to_string(),
        (None, None) => st.status.label().to_string(),
    };
    let n = st
        .best_n()
        .map(|n| format!("{n} people"))
        .unwrap_or_else(|| "number of people not reported".into());
    format!(
        "{}: {} ({}). {}, {}, {}.",
        t.name,
        st.title,
        when,
        st.phase.label(),
        st.evidence.label(),
        n
    )
}

/// The evidence class of a mark ("ev-positive"), without formatting a string per render.
fn ev_class(e: Evidence) -> &'static str {
    match e {
        Evidence::Planned => "ev-planned",
        Evidence::Ongoing => "ev-ongoing",
        Evidence::Preliminary => "ev-preliminary",
        Evidence::Mixed => "ev-mixed",
        Evidence::Positive => "ev-positive",
        Evidence::Negative => "ev-negative",
        Evidence::Approved => "ev-approved",
        Evidence::Refuted => "ev-refuted",
    }
}

/// The strings a mark shows that depend only on its study: made once per study per page load
/// and shared by every render after, so zooming and filtering do not rebuild them.
struct MarkText {
    id: AttrValue,
    dom_id: AttrValue,
    label: AttrValue,
    aria: AttrValue,
}

thread_local! {
    static MARK_TEXT: std::cell::RefCell<Vec<Option<Rc<MarkText>>>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn mark_text(i: usize) -> Rc<MarkText> {
    MARK_TEXT.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() <= i {
            cache.resize(i + 1, None);
        }
        cache[i]
            .get_or_insert_with(|| {
                let s = &Session::get().data.studies()[i];
                let n = s
                    .best_n()
                    .map(|n| format!("n={n}"))
                    .unwrap_or_else(|| "n?".into());
                Rc::new(MarkText {
                    id: AttrValue::from(s.id.clone()),
                    dom_id: AttrValue::from(format!("mark-{}", s.id)),
                    label: AttrValue::from(format!(
                        "{} {} · {n}",
                        evidence_icon(s.evidence),
                        phase_tag(s.phase)
                    )),
                    aria: AttrValue::from(describe(i)),
                })
            })
            .clone()
    })
}

/// The study under a pointer event: the `data-study-id` of the closest mark around its target.
fn study_at(e: &MouseEvent) -> Option<usize> {
    let el: web_sys::Element = e.target()?.dyn_into().ok()?;
    let mark = el.closest(".mark[data-study-id]").ok()??;
    Session::get()
        .data
        .study_index(&mark.get_attribute("data-study-id")?)
}

#[function_component(TimelineView)]
pub fn timeline_view(props: &TimelineProps) -> Html {
    let session = Session::get();
    let data = session.data;
    let wrap = use_node_ref();
    // Unknown until the container is measured (right after the first render, before the first
    // paint): drawing the lanes for a guessed width would lay out and draw every mark twice.
    // Without a browser (server-side rendering in tests) a typical width stands in.
    let width = use_state_eq(|| (!cfg!(target_arch = "wasm32")).then_some(960.0f64));
    let measured = width.is_some();
    let width_px = width.unwrap_or(960.0);
    let scroll = use_state_eq(|| 0.0f64);
    let viewport = use_state_eq(|| 600.0f64);
    let focused = use_state(|| None::<usize>);
    let tooltip = use_state(|| None::<usize>);
    let drag = use_mut_ref(|| None::<(f64, Window)>);

    // The zoom decides how much room a label needs; the window comes from props or "fit".
    let span_years = match props.window {
        Some(w) => w.to - w.from,
        None => {
            let w = fit(
                props
                    .visible
                    .iter()
                    .filter_map(|&i| data.studies()[i].span(session.today)),
                session.today,
            );
            w.to - w.from
        }
    };
    let min_years = label_years((width_px - 2.0).max(200.0) / span_years.max(0.25));
    // Layout depends only on which studies are visible and the label room.
    let lay: Rc<Layout> = use_memo(
        (props.visible.clone(), min_years.to_bits(), measured),
        |(visible, bits, measured)| {
            layout(
                &LayoutInput {
                    studies: data.studies(),
                    visible: if *measured { visible } else { &[] },
                    treatment_of: &data.treatment_of,
                    treatments: data.treatments(),
                    today: session.today,
                },
                &metrics(f64::from_bits(*bits)),
            )
        },
    );

    // Measure the width now and whenever the container changes size (window resize, detail
    // panel opening, text zoom).
    {
        let wrap = wrap.clone();
        let width = width.clone();
        let viewport = viewport.clone();
        use_effect_with((), move |_| {
            let measure = {
                let wrap = wrap.clone();
                // The handles' values are frozen at effect time; remember what was set instead.
                let last = std::cell::Cell::new((0.0f64, 0.0f64));
                move || {
                    if let Some(el) = wrap.cast::<HtmlElement>() {
                        let w = el.client_width() as f64;
                        let h = el.client_height().max(200) as f64;
                        let (lw, lh) = last.get();
                        if w > 0.0 && (w - lw).abs() >= 1.0 {
                            width.set(Some(w));
                        }
                        if (h - lh).abs() >= 1.0 {
                            viewport.set(h);
                        }
                        last.set((w, h));
                    }
                }
            };
            measure();
            let guard = wrap
                .cast::<web_sys::Element>()
                .and_then(|el| crate::browser::observe_resize(&el, measure));
            move || drop(guard)
        });
    }

    let fitted = fit(
        lay.groups
            .iter()
            .flat_map(|g| g.lanes.iter())
            .flat_map(|l| l.marks.iter())
            .map(|m| (m.start, m.end)),
        session.today,
    );
    // "Fit all" leaves room after the last mark for its label.
    let room = (min_years * 0.6).min((fitted.to - fitted.from) * 0.12);
    let fitted = Window {
        from: fitted.from,
        to: (fitted.to + room).min(2100.0),
    };
    let win = props.window.unwrap_or(fitted);
    let scale = TimeScale::new(win.from, win.to, (width_px - 2.0).max(200.0));

    let set_window = {
        let on = props.on_action.clone();
        move |w: Window| on.emit(Action::SetWindow(Some(w)))
    };

    // Scroll the focused mark into view vertically and pan the window to it horizontally.
    let reveal = {
        let lay = lay.clone();
        let wrap = wrap.clone();
        let on = props.on_action.clone();
        move |study: usize, scale: TimeScale| {
            if let Some((g, l, m)) = lay.find(study) {
                let lane = &lay.groups[g].lanes[l];
                let mark = &lane.marks[m];
                if let Some(el) = wrap.cast::<HtmlElement>() {
                    let top = el.scroll_top() as f64;
                    let h = el.client_height() as f64;
                    let y = mark_y(lane.y, mark.row);
                    if y < top + 8.0 || y + ROW_H > top + h - 8.0 {
                        el.set_scroll_top((y - h / 3.0).max(0.0) as i32);
                    }
                }
                if mark.end < scale.from || mark.start > scale.to {
                    let span = scale.to - scale.from;
                    let from = mark.start - span * 0.2;
                    on.emit(Action::SetWindow(Some(Window {
                        from,
                        to: from + span,
                    })));
                }
            }
        }
    };

    let onkeydown = {
        let focused = focused.clone();
        let tooltip = tooltip.clone();
        let lay = lay.clone();
        let on = props.on_action.clone();
        let set_window = set_window.clone();
        let reveal = reveal.clone();
        Callback::from(move |e: KeyboardEvent| {
            let nav = match (e.key().as_str(), e.shift_key()) {
                ("ArrowRight", false) => Some(Nav::Next),
                ("ArrowLeft", false) => Some(Nav::Prev),
                ("ArrowDown", _) => Some(Nav::LaneDown),
                ("ArrowUp", _) => Some(Nav::LaneUp),
                ("Home", _) => Some(Nav::First),
                ("End", _) => Some(Nav::Last),
                _ => None,
            };
            if let Some(nav) = nav {
                e.prevent_default();
                if let Some(next) = navigate(&lay, *focused, nav) {
                    focused.set(Some(next));
                    tooltip.set(Some(next));
                    reveal(next, scale);
                }
                return;
            }
            let span = scale.to - scale.from;
            match e.key().as_str() {
                "Enter" | " " => {
                    if let Some(i) = *focused {
                        e.prevent_default();
                        on.emit(Action::OpenStudy(data.studies()[i].id.clone()));
                    }
                }
                "Escape" if tooltip.is_some() => {
                    e.prevent_default();
                    tooltip.set(None);
                }
                "+" | "=" => {
                    e.prevent_default();
                    set_window(scale.zoom(1.5, (scale.from + scale.to) / 2.0).window());
                }
                "-" | "_" => {
                    e.prevent_default();
                    set_window(
                        scale
                            .zoom(1.0 / 1.5, (scale.from + scale.to) / 2.0)
                            .window(),
                    );
                }
                "ArrowRight" => {
                    e.prevent_default();
                    set_window(scale.pan(span * 0.2).window());
                }
                "ArrowLeft" => {
                    e.prevent_default();
                    set_window(scale.pan(-span * 0.2).window());
                }
                "0" => {
                    e.prevent_default();
                    on.emit(Action::SetWindow(None));
                }
                _ => {}
            }
        })
    };

    let onscroll = {
        let scroll = scroll.clone();
        let viewport = viewport.clone();
        let wrap = wrap.clone();
        Callback::from(move |_: Event| {
            if let Some(el) = wrap.cast::<HtmlElement>() {
                scroll.set((el.scroll_top() as f64 / SCROLL_STEP).floor() * SCROLL_STEP);
                viewport.set(el.client_height() as f64);
            }
        })
    };

    let onwheel = {
        let set_window = set_window.clone();
        Callback::from(move |e: WheelEvent| {
            // Ctrl + wheel (and trackpad pinch, which browsers report as ctrl+wheel) zooms;
            // shift + wheel pans; a plain wheel scrolls the lanes as usual.
            if e.ctrl_key() {
                e.prevent_default();
                let factor = if e.delta_y() < 0.0 { 1.25 } else { 0.8 };
                set_window(
                    scale
                        .zoom(factor, scale.year_at(e.offset_x() as f64))
                        .window(),
                );
            } else if e.shift_key() {
                e.prevent_default();
                let d = if e.delta_x().abs() > e.delta_y().abs() {
                    e.delta_x()
                } else {
                    e.delta_y()
                };
                set_window(scale.pan_px(d).window());
            }
        })
    };

    let onpointerdown = {
        let drag = drag.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() == 0 && e.pointer_type() == "mouse" {
                *drag.borrow_mut() = Some((e.client_x() as f64, scale.window()));
            }
        })
    };
    let onpointermove = {
        let drag = drag.clone();
        let set_window = set_window.clone();
        Callback::from(move |e: PointerEvent| {
            let start = *drag.borrow();
            if let Some((x0, w0)) = start {
                if e.buttons() & 1 == 0 {
                    *drag.borrow_mut() = None;
                    return;
                }
                let dx = e.client_x() as f64 - x0;
                if dx.abs() > 3.0 {
                    let s0 = TimeScale::new(w0.from, w0.to, scale.width);
                    set_window(s0.pan_px(-dx).window());
                }
            }
        })
    };
    let onpointerup = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| *drag.borrow_mut() = None)
    };
    let onmouseleave = {
        let tooltip = tooltip.clone();
        Callback::from(move |_: MouseEvent| tooltip.set(None))
    };
    // One click and one hover listener for all marks (events bubble up from the mark's shapes),
    // instead of two closures per mark rebuilt on every render.
    let onclick = {
        let on = props.on_action.clone();
        let focused = focused.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(i) = study_at(&e) {
                focused.set(Some(i));
                on.emit(Action::OpenStudy(data.studies()[i].id.clone()));
            }
        })
    };
    let onmouseover = {
        let tooltip = tooltip.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(i) = study_at(&e) {
                if *tooltip != Some(i) {
                    tooltip.set(Some(i));
                }
            }
        })
    };

    let button = |label: &'static str,
                  title: &'static str,
                  key: &'static str,
                  cb: Callback<MouseEvent>| {
        html! { <button type="button" class="tl-btn" title={title} aria-keyshortcuts={key} onclick={cb}>{ label }</button> }
    };
    let zoom_in = {
        let set_window = set_window.clone();
        Callback::from(move |_| set_window(scale.zoom(1.5, (scale.from + scale.to) / 2.0).window()))
    };
    let zoom_out = {
        let set_window = set_window.clone();
        Callback::from(move |_| {
            set_window(
                scale
                    .zoom(1.0 / 1.5, (scale.from + scale.to) / 2.0)
                    .window(),
            )
        })
    };
    let earlier = {
        let set_window = set_window.clone();
        Callback::from(move |_| set_window(scale.pan(-(scale.to - scale.from) * 0.25).window()))
    };
    let later = {
        let set_window = set_window.clone();
        Callback::from(move |_| set_window(scale.pan((scale.to - scale.from) * 0.25).window()))
    };
    let fit_all = {
        let on = props.on_action.clone();
        Callback::from(move |_| on.emit(Action::SetWindow(None)))
    };

    let top = *scroll - OVERSCAN_PX;
    let bottom = *scroll + *viewport + OVERSCAN_PX;
    let ticks = scale.ticks(TICK_PX);
    let today_x = scale.x(session.today);
    let active = focused.map(|i| format!("mark-{}", data.studies()[i].id));

    let render_mark = |m: &crate::timeline::layout::Mark, lane_y: f64| -> Html {
        let s = &data.studies()[m.study];
        let text = mark_text(m.study);
        let x0 = scale.x(m.start).max(-20.0);
        let x1 = scale.x(m.end).min(scale.width + 20.0);
        let y = mark_y(lane_y, m.row);
        let w = (x1 - x0).max(if m.point { 0.0 } else { 8.0 });
        let ev = s.evidence;
        let planned = ev == Evidence::Planned || s.status == Status::Planned;
        let selected = props.selected == Some(m.study);
        let is_focused = *focused == Some(m.study);
        // One string instead of `classes!`: hundreds of marks re-render on every zoom step.
        let mut cls = String::with_capacity(48);
        cls.push_str("mark ");
        cls.push_str(ev_class(ev));
        for (on, name) in [
            (planned, " planned"),
            (m.open_end, " open-end"),
            (m.point, " point"),
            (selected, " selected"),
            (is_focused, " focused"),
        ] {
            if on {
                cls.push_str(name);
            }
        }
        // Everything inside the mark is drawn relative to its start, so a pan only moves the
        // group; the pattern comes from the stylesheet (one filled shape per mark, not two).
        // Every mark has the same five children (empty where a part does not apply), so when an
        // element is reused for another mark only attributes change.
        let body = if m.point {
            AttrValue::Static("M0 0L8 8L0 16L-8 8Z")
        } else {
            // A bar with 3px rounded corners.
            let (a, b) = (num(w - 3.0), num(w));
            AttrValue::from(format!(
                "M3 0H{a}A3 3 0 0 1 {b} 3V13A3 3 0 0 1 {a} 16H3A3 3 0 0 1 0 13V3A3 3 0 0 1 3 0Z"
            ))
        };
        let mut ticks = String::new();
        if !m.point {
            if s.start.is_some() {
                ticks.push_str("M0 -2V18");
            }
            if let Some(e) = s.end {
                ticks.push('M');
                ticks.push_str(&num(scale.x(e.end_fraction()) - x0));
                ticks.push_str(" -2V18");
            }
        }
        let arrow = if m.open_end && !m.point {
            format!("M{} 0l6 8l-6 8z", num(w))
        } else {
            String::new()
        };
        let pub_x = s.published.filter(|_| !m.point).map(|p| {
            num(scale.x(p.start_fraction() + (p.end_fraction() - p.start_fraction()) / 2.0) - x0)
        });
        let inside = w > 90.0 && !m.point;
        let text_dx = if m.point {
            MARK_H / 2.0 + 4.0
        } else if inside {
            6.0
        } else {
            w + (if m.open_end { 10.0 } else { 4.0 })
        };
        html! {
            <g id={text.dom_id.clone()} class={cls} data-study-id={text.id.clone()}
                transform={format!("translate({} {})", num(x0), num(y))}
                role="option" aria-selected={if is_focused { "true" } else { "false" }} aria-label={text.aria.clone()}>
                <path class="mark-body" d={body} />
                <path class="ticks" d={ticks} />
                <path class="open-arrow" d={arrow} />
                <circle class="tick-pub" r={if pub_x.is_some() { "3.5" } else { "0" }} cx={pub_x.unwrap_or_else(|| "0".into())} cy="8" />
                <text class={if inside { "mark-label inside" } else { "mark-label" }} x={num(text_dx)} y="12">{ text.label.clone() }</text>
            </g>
        }
    };

    let tooltip_view = tooltip.and_then(|i| {
        let (g, l, m) = lay.find(i)?;
        let lane = &lay.groups[g].lanes[l];
        let mark = &lane.marks[m];
        let s = &data.studies()[i];
        let t = data.treatment(i);
        let tw = 300.0f64.min(scale.width - 8.0);
        let x = scale.x(mark.start).clamp(4.0, (scale.width - tw - 4.0).max(4.0));
        let below = mark_y(lane.y, mark.row) + MARK_H + 6.0;
        let y = if below + 84.0 > lay.height { mark_y(lane.y, mark.row) - 90.0 } else { below };
        let clip = |text: &str, n: usize| -> String {
            if text.chars().count() > n {
                format!("{}…", text.chars().take(n - 1).collect::<String>())
            } else {
                text.to_string()
            }
        };
        let chars = ((tw - 16.0) / 6.6) as usize;
        let n = s.best_n().map(|n| format!("{n} people analysed")).unwrap_or_else(|| "Number of people not reported".into());
        Some(html! {
            <g class="tooltip" transform={format!("translate({} {})", num(x), num(y))} role="presentation" data-tooltip-for={s.id.clone()}>
                <rect width={num(tw)} height="80" rx="6" class="tooltip-bg" />
                <text x="8" y="18" class="tooltip-title">{ clip(&t.name, chars) }</text>
                <text x="8" y="35" class="tooltip-line">{ clip(&s.title, chars) }</text>
                <text x="8" y="52" class="tooltip-line">{ clip(&format!("{} {} · {}", evidence_icon(s.evidence), s.evidence.label(), s.phase.label()), chars) }</text>
                <text x="8" y="69" class="tooltip-line">{ clip(&format!("{n} · Enter or click for details · Esc hides"), chars) }</text>
            </g>
        })
    });

    let count_lanes = lay.lane_count;
    html! {
        <section class="timeline" aria-labelledby="timeline-h">
            <div class="tl-head">
                <h2 id="timeline-h" class="sr-only">{ "Timeline" }</h2>
                <div class="tl-toolbar" role="toolbar" aria-label="Zoom and move the timeline">
                    { button("+ Zoom in", "Zoom in (+)", "+", zoom_in) }
                    { button("− Zoom out", "Zoom out (−)", "-", zoom_out) }
                    { button("◀ Earlier", "Show earlier years (Shift+←)", "Shift+ArrowLeft", earlier) }
                    { button("Later ▶", "Show later years (Shift+→)", "Shift+ArrowRight", later) }
                    { button("Fit all", "Show all years (0)", "0", fit_all) }
                </div>
                <p class="tl-range" aria-live="off">{ format!("{}–{} · {} lanes", win.from.floor() as i32, win.to.ceil() as i32 - 1, count_lanes) }</p>
            </div>
            <svg class="tl-axis" width="100%" height="26" aria-hidden="true" viewBox={format!("0 0 {} 26", num(scale.width))} preserveAspectRatio="none">
                { for ticks.iter().map(|t| html! {
                    <g class={classes!("axis-tick", t.minor.then_some("minor"))}>
                        <line x1={num(t.x)} x2={num(t.x)} y1={if t.minor { "18" } else { "12" }} y2="26" />
                        if !t.label.is_empty() { <text x={num(t.x + 3.0)} y="12">{ &t.label }</text> }
                    </g>
                }) }
            </svg>
            <div class="tl-scroll" ref={wrap} onscroll={onscroll} onwheel={onwheel} tabindex="0"
                role="listbox" aria-label={format!("Timeline of {} studies in {} treatment lanes. Use arrow keys to move between studies, Enter to open one, plus and minus to zoom, Shift with arrows to move in time, 0 to fit all.", props.visible.len(), count_lanes)}
                aria-activedescendant={active} onkeydown={onkeydown}
                onpointerdown={onpointerdown} onpointermove={onpointermove} onpointerup={onpointerup} onmouseleave={onmouseleave}
                onclick={onclick} onmouseover={onmouseover}>
                if props.visible.is_empty() {
                    <p class="empty">{ "No studies match these filters. Try removing one, or choose “Reset all”." }</p>
                }
                <svg class="tl-svg" width={num(scale.width)} height={lay.height.max(40.0).to_string()} role="presentation">
                    <defs>
                        <pattern id="pat-preliminary" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="ev-preliminary" /><line x1="0" y1="0" x2="0" y2="6" class="pat-line" /></pattern>
                        <pattern id="pat-mixed" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" class="ev-mixed" /><circle cx="3" cy="3" r="1.2" class="pat-dot" /></pattern>
                        <pattern id="pat-negative" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" class="ev-negative" /><path d="M0 0 L8 8 M8 0 L0 8" class="pat-line" /></pattern>
                        <pattern id="pat-refuted" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" class="ev-refuted" /><line x1="0" y1="3" x2="6" y2="3" class="pat-line" /></pattern>
                        <pattern id="pat-ongoing" width="10" height="10" patternUnits="userSpaceOnUse"><rect width="10" height="10" class="ev-ongoing" /><line x1="0" y1="5" x2="5" y2="5" class="pat-line" /></pattern>
                    </defs>
                    <g class="grid-lines">
                    { for ticks.iter().filter(|t| !t.minor).map(|t| html! {
                        <line class="grid" x1={num(t.x)} x2={num(t.x)} y1="0" y2={num(lay.height)} />
                    }) }
                    </g>
                    if today_x >= 0.0 && today_x <= scale.width {
                        <g class="today">
                            <line x1={num(today_x)} x2={num(today_x)} y1="0" y2={num(lay.height)} />
                        </g>
                    }
                    // Headings, lanes and marks are deliberately unkeyed: a filter or zoom step
                    // replaces most of what is on screen, and patching the elements already there
                    // costs a fraction of creating new ones. Marks hold no DOM state of their own
                    // (keyboard focus stays on the container, via aria-activedescendant). Each list
                    // has a <g> of its own: yew pairs unkeyed siblings by position, so a tooltip
                    // appearing next to the lanes must not shift which element draws which lane.
                    <g class="groups">
                    { for lay.groups_in(top, bottom).into_iter().map(|gi| {
                        let g = &lay.groups[gi];
                        html! {
                            <g class="group-head" role="presentation">
                                <rect x="0" y={num(g.y)} width={num(scale.width)} height={num(HEADER_H - 4.0)} class="group-band" />
                                <text x="6" y={num(g.y + 18.0)} class="group-label">{ g.mechanism.label() }</text>
                            </g>
                        }
                    }) }
                    </g>
                    <g class="lanes">
                    { for lay.lanes_in(top, bottom).into_iter().map(|(gi, li)| {
                        let lane = &lay.groups[gi].lanes[li];
                        let t = &data.treatments()[lane.treatment];
                        let n = lane.marks.len();
                        html! {
                            <g class="lane" role="group" aria-label={format!("{}: {} {}", t.name, n, if n == 1 { "study" } else { "studies" })} data-lane={t.key.clone()}>
                                <line class="lane-rule" x1="0" x2={num(scale.width)} y1={num(lane.y + lane.height)} y2={num(lane.y + lane.height)} />
                                <text x="6" y={num(lane.y + 12.0)} class="lane-label" aria-hidden="true">{ format!("{} · {}", t.name, n) }</text>
                                <g class="marks">
                                { for lay.marks_in(lane, scale.from, scale.to).map(|m| render_mark(m, lane.y)) }
                                </g>
                            </g>
                        }
                    }) }
                    </g>
                    <g class="tooltip-layer">{ for tooltip_view }</g>
                </svg>
            </div>
        </section>
    }
}
