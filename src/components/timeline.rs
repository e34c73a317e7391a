//! The timeline view: one lane per treatment under mechanism headings, one mark per study.
//! Only the lanes inside the scrolled viewport and the marks inside the time window are in the
//! DOM; the layout (`crate::timeline::layout`) is recomputed only when the visible studies change.
//! Keyboard: the chart is one tab stop; arrows move between studies (roving focus via
//! aria-activedescendant), Enter opens, Escape hides the tooltip, +/− zoom, Shift+arrows pan,
//! 0 fits all: the key map is `crate::timeline::keys` (plain Rust, tested natively), and this
//! component only turns a `keydown` into its arguments and carries out the command. The scroll
//! box's size and scroll position come from `crate::hooks::use_chart_viewport`.
//! Mouse: hover for a tooltip, click to open, drag to pan, Ctrl/pinch + wheel zooms.

pub mod chart;

use super::glyph::{evidence_icon, num};
use crate::hooks;
use crate::session::Session;
use crate::state::Action;
use crate::timeline::keys::{command, Chart, Command, Modifiers};
use crate::timeline::layout::{layout, navigate, Layout, LayoutInput, Metrics};
use crate::timeline::recent::Recent;
use crate::timeline::scale::{fit, TimeScale};
use crate::view::Window;
use chart::{mark_y, HEADER_H, LABEL_H, MARK_H, ROW_H};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

/// Extra lanes rendered above and below the viewport so fast scrolling never shows gaps. Every
/// pixel of it is drawn again on each zoom or filter step, so it is kept just above the step.
const OVERSCAN_PX: f64 = 64.0;
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
/// reuse the memoised layout. The power of two is found by doubling rather than with
/// `log2`/`powf`, which on wasm pull in libm's `pow` and its tables (~2.5 KB gzip); `raw` is
/// at most `LABEL_PX · 10⁶`, so the loop runs at most ~40 times.
fn label_years(px_per_year: f64) -> f64 {
    let raw = LABEL_PX / px_per_year.max(1e-6);
    let mut quarters = 1.0f64;
    while quarters < raw * 4.0 {
        quarters *= 2.0;
    }
    quarters / 4.0
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// Dataset indices of the studies to show (filtered).
    pub visible: Rc<Vec<usize>>,
    pub window: Option<Window>,
    pub selected: Option<usize>,
    pub on_action: Callback<Action>,
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
    // The scroll box's size and scroll position (measured and followed by the hook).
    let hooks::ChartViewport {
        wrap,
        width,
        height: viewport,
        scroll,
        onscroll,
    } = hooks::use_chart_viewport();
    let measured = width.is_some();
    let width_px = width.unwrap_or(hooks::PRERENDER_WIDTH);
    let focused = use_state(|| None::<usize>);
    let tooltip = use_state(|| None::<usize>);

    // The zoom decides how much room a label needs; the window comes from props or "fit" (the
    // years the visible studies cover, computed once per filter change, not per render).
    let fit_years = use_memo(props.visible.clone(), |visible| {
        let w = fit(
            visible
                .iter()
                .filter_map(|&i| data.studies()[i].span(session.today)),
            session.today,
        );
        w.to - w.from
    });
    let span_years = match props.window {
        Some(w) => w.to - w.from,
        None => *fit_years,
    };
    let min_years = label_years((width_px - 2.0).max(200.0) / span_years.max(0.25));
    // Layout depends only on which studies are visible and the label room.
    // The last few layouts stay (this is the memo): a render with the same inputs finds its
    // layout first in the list, and switching a filter off again or zooming back out finds an
    // older one instead of recomputing it (milliseconds at 10,000 studies). The visible list is
    // compared by pointer first, then by content.
    let layouts = use_mut_ref(|| Recent::<(Rc<Vec<usize>>, u64, bool), Layout>::new(4));
    let lay: Rc<Layout> = layouts.borrow_mut().get_or_make(
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

    let fitted = fit(lay.extent.into_iter(), session.today);
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
            let mods = Modifiers {
                shift: e.shift_key(),
                ctrl: e.ctrl_key(),
                meta: e.meta_key(),
                alt: e.alt_key(),
            };
            let chart = Chart {
                focused: focused.is_some(),
                tooltip: tooltip.is_some(),
            };
            let Some(cmd) = command(&e.key(), mods, chart) else {
                return;
            };
            e.prevent_default();
            let span = scale.to - scale.from;
            match cmd {
                Command::Move(nav) => {
                    if let Some(next) = navigate(&lay, *focused, nav) {
                        focused.set(Some(next));
                        tooltip.set(Some(next));
                        reveal(next, scale);
                    }
                }
                Command::Open => {
                    if let Some(i) = *focused {
                        on.emit(Action::OpenStudy(data.studies()[i].id.clone()));
                    }
                }
                Command::HideTooltip => tooltip.set(None),
                Command::ZoomIn => {
                    set_window(scale.zoom(1.5, (scale.from + scale.to) / 2.0).window())
                }
                Command::ZoomOut => set_window(
                    scale
                        .zoom(1.0 / 1.5, (scale.from + scale.to) / 2.0)
                        .window(),
                ),
                Command::Later => set_window(scale.pan(span * 0.2).window()),
                Command::Earlier => set_window(scale.pan(-span * 0.2).window()),
                Command::FitAll => on.emit(Action::SetWindow(None)),
            }
        })
    };

    // Ctrl/pinch + wheel zooms, Shift + wheel and mouse drags pan (`hooks::use_pan_zoom`).
    let hooks::PanZoom {
        onwheel,
        onpointerdown,
        onpointermove,
        onpointerup,
    } = hooks::use_pan_zoom(scale, &props.on_action);
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

    let top = scroll - OVERSCAN_PX;
    let bottom = scroll + viewport + OVERSCAN_PX;
    let ticks = scale.ticks(TICK_PX);
    let today_x = scale.x(session.today);
    let active = focused.map(|i| format!("mark-{}", data.studies()[i].id));

    let chart_body = chart::chart_body(&chart::ChartView {
        lay: &lay,
        scale,
        top,
        bottom,
        selected: props.selected,
        focused: *focused,
    });

    let tooltip_view = tooltip.and_then(|i| {
        let (g, l, m) = lay.find(i)?;
        let lane = &lay.groups[g].lanes[l];
        let mark = &lane.marks[m];
        let s = &data.studies()[i];
        let t = data.treatment(i);
        let tw = 300.0f64.min(scale.width - 8.0);
        let x = scale.x(mark.start).max(4.0).min((scale.width - tw - 4.0).max(4.0));
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
                    <g class={if t.minor { "axis-tick minor" } else { "axis-tick" }}>
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
                <svg class="tl-svg" width={num(scale.width)} height={num(lay.height.max(40.0))} role="presentation">
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
                    // Headings, lanes and marks: one markup string (see `chart`), replaced
                    // as a whole when it changes; the tooltip has a <g> of its own after it.
                    { Html::from_html_unchecked(chart_body.into()) }
                    <g class="tooltip-layer">{ for tooltip_view }</g>
                </svg>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_years_is_the_next_power_of_two_quarter_year() {
        let by_logs = |ppy: f64| {
            let raw = LABEL_PX / ppy.max(1e-6);
            2f64.powf((raw * 4.0).max(1.0).log2().ceil()) / 4.0
        };
        for ppy in [
            0.0, 1e-9, 0.5, 1.0, 3.0, 7.7, 10.0, 33.3, 64.0, 100.0, 250.0, 1e4, 1e9,
        ] {
            assert_eq!(label_years(ppy), by_logs(ppy), "px per year {ppy}");
        }
        // Exact powers of two stay where they are; just above one moves up a step.
        let at = |quarters: f64| LABEL_PX / (quarters / 4.0);
        assert_eq!(label_years(at(8.0)), 2.0);
        assert_eq!(label_years(at(8.0) * 0.999), 4.0);
    }
}
