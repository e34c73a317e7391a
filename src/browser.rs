//! The one module that talks to the browser's location, history, clipboard, parent frame and the
//! page the widget starts on (the prerendered view it replaces).
//! Everything here degrades quietly: in a sandboxed iframe, an old browser or a test page, a
//! missing or throwing API returns an error value the UI can mention, never a panic.

use crate::state::HistoryOp;
use wasm_bindgen::{JsCast, JsValue};

fn window() -> Option<web_sys::Window> {
    // Natively (the build-time prerender, SSR tests) there is no browser: every caller already
    // treats a missing window as "not available here".
    if cfg!(target_arch = "wasm32") {
        web_sys::window()
    } else {
        None
    }
}

/// The current query string without the leading `?`.
pub fn query() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .map(|s| s.trim_start_matches('?').to_string())
        .unwrap_or_default()
}

/// The page address without query or fragment.
pub fn base_url() -> String {
    window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default()
}

/// Absolute link to the view described by `query`.
pub fn link_to(query: &str) -> String {
    if query.is_empty() {
        base_url()
    } else {
        format!("{}?{query}", base_url())
    }
}

/// Records the view in the history. Fails silently where history is not writable (e.g. an
/// opaque-origin sandbox), because the view itself still works.
pub fn write(query: &str, op: HistoryOp) {
    let Some(w) = window() else { return };
    let Ok(history) = w.history() else { return };
    let current = self::query();
    if current == query && op != HistoryOp::Push {
        return;
    }
    let path = w.location().pathname().unwrap_or_default();
    let url = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    let _ = match op {
        HistoryOp::Push if current != query => {
            history.push_state_with_url(&JsValue::NULL, "", Some(&url))
        }
        HistoryOp::Push | HistoryOp::Replace => {
            history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
        }
        HistoryOp::None => Ok(()),
    };
}

/// Runs `f` later through `prefer` (which schedules the callback it is given and says whether
/// it could), or after a zero timeout when it could not. Without a window (natively) `f` runs now.
/// Without timers either, `f` is dropped: what it does is never needed for the view to work.
fn schedule(f: impl FnOnce() + 'static, prefer: impl FnOnce(&web_sys::Window, &JsValue) -> bool) {
    let Some(w) = window() else {
        f();
        return;
    };
    let cb = wasm_bindgen::closure::Closure::once_into_js(f);
    if !prefer(&w, &cb) {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), 0);
    }
}

/// Runs `f` at the start of the next frame, before that frame's style, layout and paint, so
/// whatever it changes is drawn in that same frame, and several changes arriving within one
/// frame (wheel, drag, typing) cost one render. Where no frames are being produced (a hidden
/// page, no `requestAnimationFrame`) it runs after a zero timeout instead, so nothing waits.
pub fn at_next_frame(f: impl FnOnce() + 'static) {
    schedule(f, |w, cb| {
        !w.document().is_some_and(|d| d.hidden())
            && js_sys::Reflect::has(w, &"requestAnimationFrame".into()).unwrap_or(false)
            && w.request_animation_frame(cb.unchecked_ref()).is_ok()
    });
}

/// Runs `f` in a task of its own after the current one. Called while a frame is being produced,
/// that is after the frame has painted: the live widget's first render waits for the prerender's
/// frame this way instead of holding it back.
pub fn after_paint(f: impl FnOnce() + 'static) {
    schedule(f, |_, _| false);
}

/// Runs `f` when the page is idle: after the frame that shows a change has painted and while
/// nothing is waiting for the next one, or within half a second at the latest. For work nobody
/// sees (history writes) that would otherwise hold back the next frame of a burst of zoom steps.
/// Where `requestIdleCallback` is missing (Safari) it runs after a zero timeout.
pub fn when_idle(f: impl FnOnce() + 'static) {
    schedule(f, |w, cb| {
        let Some(ric) = js_sys::Reflect::get(w, &"requestIdleCallback".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        else {
            return false;
        };
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"timeout".into(), &JsValue::from_f64(500.0));
        ric.call2(w, cb, &options).is_ok()
    });
}

/// Now, as a fractional year, from the browser clock.
#[cfg(target_arch = "wasm32")]
pub fn today() -> f64 {
    let d = js_sys::Date::new_0();
    let year = d.get_full_year() as f64;
    let start = js_sys::Date::new_with_year_month_day(year as u32, 0, 1).get_time();
    let end = js_sys::Date::new_with_year_month_day(year as u32 + 1, 0, 1).get_time();
    year + (d.get_time() - start) / (end - start)
}

/// Now, as a fractional year, from the system clock: the build-time prerender has no browser.
/// Mean Gregorian years are within a day of the calendar, which is all the "today" line needs.
#[cfg(not(target_arch = "wasm32"))]
pub fn today() -> f64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    1970.0 + secs / (365.2425 * 86_400.0)
}

/// Copies text with the async clipboard API. Resolves to `Err` with a reason when the clipboard
/// is missing or refuses (no permission, insecure context, sandbox).
pub async fn copy_text(text: &str) -> Result<(), String> {
    let w = window().ok_or("no window")?;
    let nav: JsValue = w.navigator().into();
    let clip = js_sys::Reflect::get(&nav, &"clipboard".into())
        .map_err(|_| "clipboard unavailable".to_string())?;
    if clip.is_undefined() || clip.is_null() {
        return Err("this browser does not allow copying here".into());
    }
    let write = js_sys::Reflect::get(&clip, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or("clipboard unavailable")?;
    let promise = write
        .call1(&clip, &JsValue::from_str(text))
        .map_err(|_| "copying was refused".to_string())?
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| "copying was refused".to_string())?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| "copying was refused".to_string())
}

/// Is this page inside another page's frame?
pub fn in_frame() -> bool {
    window().is_some_and(|w| match (w.parent(), w.self_()) {
        (Ok(Some(p)), s) => !js_sys::Object::is(&p, &s),
        _ => false,
    })
}

/// The message the widget sends its host page when its height changes (see README "Embedding").
pub fn post_height(height: u32) {
    thread_local!(static LAST: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
    // Only changes are sent, whichever path (observer or re-render) reports them.
    if LAST.with(|l| l.replace(height)) == height {
        return;
    }
    let Some(w) = window() else { return };
    let Ok(Some(parent)) = w.parent() else { return };
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"type".into(), &"mecfs-timeline:height".into());
    let _ = js_sys::Reflect::set(&msg, &"height".into(), &JsValue::from(height));
    // The height is not secret; "*" because the widget cannot know the embedding origin.
    let _ = parent.post_message(&msg, "*");
}

/// Offers `text` as a file download named `name` (CSV, JSON, BibTeX …) without leaving the page.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let doc = window().and_then(|w| w.document()).ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|_| "cannot create file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "cannot create file")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|_| "cannot create link")?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Keeps a size watcher alive; dropping it disconnects.
pub struct ResizeGuard {
    observer: Option<web_sys::ResizeObserver>,
    _callback: Option<wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>>,
    _fallback: Option<gloo::events::EventListener>,
}

impl Drop for ResizeGuard {
    fn drop(&mut self) {
        if let Some(o) = &self.observer {
            o.disconnect();
        }
    }
}

/// Is ResizeObserver available in this browser?
pub fn has_resize_observer() -> bool {
    window().is_some_and(|w| js_sys::Reflect::has(&w, &"ResizeObserver".into()).unwrap_or(false))
}

/// Calls `on_change` whenever `el` changes size. Where ResizeObserver is missing (old browsers),
/// falls back to window resizes, which covers most layout changes.
pub fn observe_resize(
    el: &web_sys::Element,
    on_change: impl FnMut() + 'static,
) -> Option<ResizeGuard> {
    let on_change = std::rc::Rc::new(std::cell::RefCell::new(on_change));
    if has_resize_observer() {
        let cb = on_change.clone();
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
            move |_: js_sys::Array| (cb.borrow_mut())(),
        );
        if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            observer.observe(el);
            return Some(ResizeGuard {
                observer: Some(observer),
                _callback: Some(callback),
                _fallback: None,
            });
        }
    }
    let w = window()?;
    let listener =
        gloo::events::EventListener::new(&w, "resize", move |_| (on_change.borrow_mut())());
    Some(ResizeGuard {
        observer: None,
        _callback: None,
        _fallback: Some(listener),
    })
}

/// Posts `el`'s height to the parent frame now and whenever it changes.
pub fn observe_height(el: &web_sys::Element) -> Option<ResizeGuard> {
    let target = el.clone();
    let report = move || post_height(element_height(&target));
    report();
    observe_resize(el, report)
}

/// Rendered height of an element in whole pixels.
pub fn element_height(el: &web_sys::Element) -> u32 {
    el.get_bounding_client_rect().height().ceil().max(0.0) as u32
}

thread_local!(static PRERENDERED: std::cell::Cell<Option<(f64, f64)>> = const { std::cell::Cell::new(None) });

/// Clears the mount point of its placeholder: the loading message and, when the page shows one
/// (`shown`, from [`prerender_shown`]), the build-time prerender of the default view. The
/// prerender's chart size is kept first so the live timeline can draw its lanes in its very
/// first render, at the same size, with no frame in between that shows an empty chart.
pub fn replace_placeholder(root: &web_sys::Element, shown: bool) {
    let size = root
        .query_selector(".prerendered .tl-scroll")
        .ok()
        .flatten()
        .filter(|_| shown)
        .map(|el| (el.client_width() as f64, el.client_height() as f64))
        .filter(|&(w, h)| w > 0.0 && h > 0.0);
    PRERENDERED.with(|p| p.set(size));
    root.set_text_content(None);
}

/// Does `root` show a prerendered view? (`boot.js` hides it when the address asks for another.)
pub fn prerender_shown(root: &web_sys::Element) -> bool {
    let hidden = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .is_some_and(|html| {
            html.class_name()
                .split_whitespace()
                .any(|c| c == "no-prerender")
        });
    !hidden && root.query_selector(".prerendered").ok().flatten().is_some()
}

/// The prerendered chart's width and height, once: only the first timeline on the page starts
/// from it; later ones measure themselves.
pub fn take_prerendered_size() -> Option<(f64, f64)> {
    PRERENDERED.with(|p| p.take())
}
