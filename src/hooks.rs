//! The widget's effects, as named yew hooks: everything a component does to or hears from the
//! page outside its own markup, so the components themselves are props, callbacks and html.
//!
//! - [`use_url_sync`]: the URL follows the view (pushes for discrete changes, replaces for
//!   continuous ones, written when the page is idle) and back/forward restore the view
//!   (`popstate` → `AppAction::FromUrl`); [`from_url`] reads the view from the address.
//! - [`use_next_frame_actions`]: the one `Callback<Action>` every view gets, which applies view
//!   changes at the start of the next frame (a burst of changes renders once).
//! - [`use_embed_height`]: in a frame, tells the host page the widget's height whenever it
//!   changes (and re-measures after each render where ResizeObserver is missing).
//! - [`use_new_tab_guard`]: in a frame, opens `target="_blank"` links itself and reports the ones
//!   the sandbox refuses.
//! - [`use_look`]: the accent colour, transparent background and colour scheme a link asked for.
//! - [`use_printing`]: print mode, on between `beforeprint` and `afterprint` (or while the print
//!   media query matches).
//! - [`use_chart_viewport`]: the timeline's scroll box: its size (measured before the first
//!   paint and on every resize) and its scroll position (in steps).
//! - [`use_pan_zoom`]: the timeline's wheel and mouse-drag handlers: Ctrl (or a trackpad pinch)
//!   + wheel zooms around the pointer, Shift + wheel pans, a left-button mouse drag pans.
//!
//! The hooks take and return concrete types (no generic hooks, so each is compiled once). They
//! reach the page only through `crate::browser`, which stays the one module touching location,
//! history, clipboard and the parent frame; listeners on `window` events (`popstate`,
//! `beforeprint`, …) are gloo `EventListener`s dropped with the component. Effects do not run in
//! the server renderer (the build-time prerender, `tests/ssr.rs`).

use crate::browser;
use crate::components::app::{AppAction, AppState};
use crate::session::Session;
use crate::state::{Action, HistoryOp};
use crate::timeline::scale::TimeScale;
use crate::url_state;
use crate::view::{Theme, ViewState, Window};
use gloo::events::EventListener;
use web_sys::HtmlElement;
use yew::prelude::*;

/// The view in the address bar, what in it was ignored (as the notice says it) and the data
/// version it was made with when that differs from the data shown.
pub fn from_url() -> (ViewState, Option<String>, Option<url_state::Pin>) {
    let s = Session::get();
    let query = browser::query();
    let (v, ignored) = url_state::parse(&query, s.data);
    let notice = (!ignored.is_empty()).then(|| url_state::describe(&ignored));
    let pin = url_state::pinned_version(&query)
        .and_then(|version| url_state::pin_status(&version, &s.data.file));
    (v, notice, pin)
}

/// The URL follows `view` (recorded as `op` says: push or replace), and back/forward dispatch
/// the view they return to.
#[hook]
pub fn use_url_sync(view: &ViewState, op: HistoryOp, dispatch: UseReducerDispatcher<AppState>) {
    use_effect_with(view.clone(), move |view| {
        let query = url_state::format(view);
        browser::when_idle(move || browser::write(&query, op));
    });
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|w| {
            EventListener::new(&w, "popstate", move |_| {
                let (v, notice, pin) = from_url();
                dispatch.dispatch(AppAction::FromUrl(Box::new(v), notice, pin));
            })
        });
        move || drop(listener)
    });
}

/// The callback the views report actions to. Actions are applied at the start of the next
/// frame: the render then lands in that frame instead of running ahead of it and pushing the
/// paint one frame later, and a burst of changes within one frame (wheel, drag, typing) renders
/// once. It is made once: a new closure on every render would make every child's props differ
/// and re-render the whole page on each zoom step.
#[hook]
pub fn use_next_frame_actions(dispatch: UseReducerDispatcher<AppState>) -> Callback<Action> {
    let pending = use_mut_ref(Vec::<Action>::new);
    (*use_memo((), move |_| {
        Callback::from(move |a: Action| {
            let first = pending.borrow().is_empty();
            pending.borrow_mut().push(a);
            if first {
                let pending = pending.clone();
                let dispatch = dispatch.clone();
                browser::at_next_frame(move || {
                    for a in pending.take() {
                        dispatch.dispatch(AppAction::View(a));
                    }
                });
            }
        })
    }))
    .clone()
}

/// Embedded (`embed`, and really in a frame): tells the host page the height of `root` whenever
/// it changes. Without ResizeObserver (old browsers) the height is re-measured after every
/// render.
#[hook]
pub fn use_embed_height(root: &NodeRef, embed: bool) {
    {
        let root = root.clone();
        use_effect_with(embed, move |embed| {
            let obs = if *embed && browser::in_frame() {
                root.cast::<web_sys::Element>()
                    .and_then(|el| browser::observe_height(&el))
            } else {
                None
            };
            move || drop(obs)
        });
    }
    let root = root.clone();
    use_effect(move || {
        if embed && browser::in_frame() && !browser::has_resize_observer() {
            if let Some(el) = root.cast::<web_sys::Element>() {
                browser::post_height(browser::element_height(&el));
            }
        }
    });
}

/// In a frame, links under `root` that open a new tab open it or, where the sandbox blocks
/// that, dispatch `AppAction::BlockedLink` with the link and where it is.
#[hook]
pub fn use_new_tab_guard(root: &NodeRef, dispatch: UseReducerDispatcher<AppState>) {
    let root = root.clone();
    use_effect_with((), move |_| {
        let guard = root.cast::<web_sys::Element>().and_then(|el| {
            browser::guard_new_tab_links(&el, move |link, at| {
                dispatch.dispatch(AppAction::BlockedLink(Some((link, at))))
            })
        });
        move || drop(guard)
    });
}

/// The look `view` asks for, applied to `root` and the page: the accent colour, a transparent
/// background and the colour scheme of its theme.
#[hook]
pub fn use_look(root: &NodeRef, view: &ViewState) {
    let root = root.clone();
    let look = (view.accent, view.transparent, view.theme);
    use_effect_with(look, move |(accent, transparent, theme)| {
        if let Some(el) = root.cast::<web_sys::Element>() {
            let scheme = theme.map(|t| if t == Theme::Dark { "dark" } else { "light" });
            browser::set_look(
                &el,
                accent.map(|a| a.css()).as_deref(),
                *transparent,
                scheme,
            );
        }
    });
}

/// Whether the page is being printed: true between `beforeprint` and `afterprint`, and while the
/// print media query matches (print preview and emulated print media change it without
/// events). The handle is returned so "Print" can turn it on before opening the dialog.
#[hook]
pub fn use_printing() -> UseStateHandle<bool> {
    let printing = use_state(|| false);
    {
        let printing = printing.clone();
        use_effect_with((), move |_| {
            let listeners = web_sys::window().map(|w| {
                let on = printing.clone();
                let before = EventListener::new(&w, "beforeprint", move |_| on.set(true));
                let off = printing.clone();
                let after = EventListener::new(&w, "afterprint", move |_| off.set(false));
                let media = w.match_media("print").ok().flatten().map(|mq| {
                    let target = mq.clone();
                    EventListener::new(&mq, "change", move |_| printing.set(target.matches()))
                });
                (before, after, media)
            });
            move || drop(listeners)
        });
    }
    printing
}

/// The chart box's width in the build-time prerender (and in native component tests).
pub const PRERENDER_WIDTH: f64 = 1000.0;
/// Scroll positions are tracked in steps of this many pixels (less than the timeline's
/// overscan), so scrolling re-renders the lanes a few times per screen instead of on every
/// scroll event.
const SCROLL_STEP: f64 = 48.0;

/// The timeline's scroll box as the chart needs it.
pub struct ChartViewport {
    /// The scroll box (`.tl-scroll`); give it to the element as `ref`.
    pub wrap: NodeRef,
    /// Its inner width, `None` until measured (in the browser, right after the first render).
    pub width: Option<f64>,
    /// Its inner height (at least 200 px when measured).
    pub height: f64,
    /// How far it is scrolled down, rounded down to a step.
    pub scroll: f64,
    /// The box's `onscroll`.
    pub onscroll: Callback<Event>,
}

/// Measures the timeline's scroll box now (after the first render, before the first paint) and
/// whenever it changes size (window resize, detail panel opening, text zoom), and follows its
/// scrolling.
///
/// The width is unknown until measured: drawing the lanes for a guessed width would lay out and
/// draw every mark twice. The first timeline on a prerendered page takes the prerender's size,
/// which is its own. Without a browser (server-side rendering, the build-time prerender) a
/// typical desktop width stands in ([`PRERENDER_WIDTH`]): `boot.js` fits the prerendered chart to
/// its real box when that is within 10% of it (1280–1440 px wide windows) and hides it otherwise.
#[hook]
pub fn use_chart_viewport() -> ChartViewport {
    let wrap = use_node_ref();
    let initial = use_memo((), |_| browser::take_prerendered_size());
    let width = use_state_eq(|| {
        initial
            .map(|(w, _)| w)
            .or((!cfg!(target_arch = "wasm32")).then_some(PRERENDER_WIDTH))
    });
    let scroll = use_state_eq(|| 0.0f64);
    let viewport = use_state_eq(|| initial.map_or(600.0f64, |(_, h)| h.max(200.0)));
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
                .and_then(|el| browser::observe_resize(&el, measure));
            move || drop(guard)
        });
    }
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
    ChartViewport {
        wrap,
        width: *width,
        height: *viewport,
        scroll: *scroll,
        onscroll,
    }
}

/// The timeline's wheel and pointer handlers (see [`use_pan_zoom`]).
pub struct PanZoom {
    pub onwheel: Callback<WheelEvent>,
    pub onpointerdown: Callback<PointerEvent>,
    pub onpointermove: Callback<PointerEvent>,
    pub onpointerup: Callback<PointerEvent>,
}

/// Zoom and pan by wheel and mouse drag on the chart drawn at `scale`, emitted as
/// `Action::SetWindow`. The drag's start (pointer x and the window then) is kept across renders.
#[hook]
pub fn use_pan_zoom(scale: TimeScale, on_action: &Callback<Action>) -> PanZoom {
    let drag = use_mut_ref(|| None::<(f64, Window)>);
    let set_window = {
        let on = on_action.clone();
        move |w: Window| on.emit(Action::SetWindow(Some(w)))
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
    PanZoom {
        onwheel,
        onpointerdown,
        onpointermove,
        onpointerup,
    }
}
