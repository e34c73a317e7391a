//! The one module that talks to the browser's location, history, clipboard, parent frame and the
//! page the widget starts on (the prerendered view it replaces).
//! Everything here degrades quietly: in a sandboxed iframe, an old browser or a test page, a
//! missing or throwing API returns an error value the UI can mention, never a panic.
//!
//! Embedded, the widget speaks three height protocols to its parent (README "Embedding"): its own
//! `{type: "mecfs-timeline:height", height}` for `embed.js`, AMP's `amp-iframe` resize request
//! `{sentinel: "amp", type: "embed-size", height}`, and, when the address's fragment carries
//! WordPress's `#?secret=…`, WordPress's `{message: "height", value, secret}`. The only message
//! it acts on is WordPress's `ready` from its own parent with that secret, which asks for the
//! height again. Links that open a new tab go through [`guard_new_tab_links`], so that in a
//! sandbox without `allow-popups` they say so instead of failing silently.

use crate::state::HistoryOp;
use wasm_bindgen::{JsCast, JsValue};

/// The element the widget mounts into (the page's `#mecfs-timeline`; `static/boot.js` draws the
/// crash message there when the wasm traps).
pub const ROOT_ID: &str = "mecfs-timeline";

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
    let mut url = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    // WordPress's secret stays in the address, so a reload of the frame still answers WordPress.
    if let Some(secret) = wp_secret() {
        url.push_str("#?secret=");
        url.push_str(&secret);
    }
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
    // Where the browser says the page may not write to the clipboard (a frame without
    // allow="clipboard-write", an opaque-origin sandbox), asking would only be refused, and
    // Chromium would report a permissions-policy violation: say so at once.
    if !clipboard_allowed(&w) {
        return Err("this website does not allow copying here".into());
    }
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

/// Does the permissions policy let this page write to the clipboard? Browsers without the
/// `document.featurePolicy` API (Firefox, Safari) are taken to allow it: asking tells.
fn clipboard_allowed(w: &web_sys::Window) -> bool {
    let Some(doc) = w.document() else { return true };
    let Some(policy) = js_sys::Reflect::get(&doc, &"featurePolicy".into())
        .ok()
        .filter(|p| p.is_object())
    else {
        return true;
    };
    let Some(allows) = js_sys::Reflect::get(&policy, &"allowsFeature".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return true;
    };
    allows
        .call1(&policy, &"clipboard-write".into())
        .map(|v| v.as_bool() != Some(false))
        .unwrap_or(true)
}

/// Is this page inside another page's frame?
pub fn in_frame() -> bool {
    window().is_some_and(|w| match (w.parent(), w.self_()) {
        (Ok(Some(p)), s) => !js_sys::Object::is(&p, &s),
        _ => false,
    })
}

thread_local! {
    /// The last height reported to the parent (0: none yet).
    static LAST_HEIGHT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// WordPress's embed secret, once the address's fragment has carried one.
    static WP_SECRET: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// WordPress's embed secret in a URL fragment: WordPress gives each iframe it embeds from an
/// untrusted oEmbed provider (and `wp-embed.js` each `iframe.wp-embedded-content`) an address
/// ending in `#?secret=<letters and digits>`, and accepts messages only with that secret.
/// Anything else (no secret, an empty or over-long one, other characters) is `None`.
pub fn parse_wp_secret(fragment: &str) -> Option<String> {
    let f = fragment.trim_start_matches('#').trim_start_matches('?');
    f.split('&').find_map(|part| {
        let v = part.strip_prefix("secret=")?;
        (!v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric()))
            .then(|| v.to_string())
    })
}

/// Reads the secret from the address's fragment; says whether a new one was found. A known
/// secret is kept when the fragment later lacks it.
fn refresh_wp_secret() -> bool {
    let Some(found) = window()
        .and_then(|w| w.location().hash().ok())
        .and_then(|h| parse_wp_secret(&h))
    else {
        return false;
    };
    WP_SECRET.with(|s| s.replace(Some(found.clone())).as_deref() != Some(found.as_str()))
}

/// WordPress's embed secret, when this page was embedded by WordPress (see [`parse_wp_secret`]).
pub fn wp_secret() -> Option<String> {
    if WP_SECRET.with(|s| s.borrow().is_none()) {
        refresh_wp_secret();
    }
    WP_SECRET.with(|s| s.borrow().clone())
}

/// The parent frame's window, when this page is inside a frame.
fn parent_window() -> Option<web_sys::Window> {
    let w = window()?;
    let parent = w.parent().ok().flatten()?;
    (!js_sys::Object::is(&parent, &w)).then_some(parent)
}

/// Posts a plain object with `fields` to the parent frame. "*" because the widget cannot know
/// the embedding origin: nothing it sends is secret (a height, a public link, the secret the
/// parent itself chose).
fn post_to_parent(parent: &web_sys::Window, fields: &[(&str, JsValue)]) {
    let msg = js_sys::Object::new();
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&msg, &JsValue::from_str(k), v);
    }
    let _ = parent.post_message(&msg, "*");
}

/// The messages the widget sends its host page when its height changes (README "Embedding").
pub fn post_height(height: u32) {
    // Only changes are sent, whichever path (observer or re-render) reports them.
    if LAST_HEIGHT.with(|l| l.replace(height)) == height {
        return;
    }
    send_height(height);
}

/// Sends the last height again (the host asked for it, or WordPress's secret just arrived).
fn repost_height() {
    let h = LAST_HEIGHT.with(|l| l.get());
    if h > 0 {
        send_height(h);
    }
}

fn send_height(height: u32) {
    let Some(parent) = parent_window() else {
        return;
    };
    let h = JsValue::from(height);
    post_to_parent(
        &parent,
        &[
            ("type", "mecfs-timeline:height".into()),
            ("height", h.clone()),
        ],
    );
    // AMP's <amp-iframe resizable> resizes on this request (when AMP allows it).
    post_to_parent(
        &parent,
        &[
            ("sentinel", "amp".into()),
            ("type", "embed-size".into()),
            ("height", h.clone()),
        ],
    );
    // WordPress's wp-embed.js (it clamps the height to 200..1000).
    if let Some(secret) = wp_secret() {
        post_to_parent(
            &parent,
            &[
                ("message", "height".into()),
                ("value", h),
                ("secret", secret.into()),
            ],
        );
    }
}

/// Listens for what the host may tell an embedded widget: WordPress's `ready` (from our own
/// parent, with our secret) asks for the height again; a secret added to the fragment later
/// (`wp-embed.js` does that to frames that came without one) is picked up and answered.
fn listen_to_host() -> Vec<gloo::events::EventListener> {
    let Some(w) = window() else { return Vec::new() };
    let parent = parent_window();
    let on_message = gloo::events::EventListener::new(&w, "message", move |e| {
        let Some(secret) = wp_secret() else { return };
        let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &JsValue::from_str(k)).ok();
        let from_parent = get(e.as_ref(), "source")
            .zip(parent.as_ref())
            .is_some_and(|(src, p)| js_sys::Object::is(&src, p));
        let Some(data) = get(e.as_ref(), "data").filter(|d| d.is_object()) else {
            return;
        };
        let said = |k: &str| get(&data, k).and_then(|v| v.as_string());
        if from_parent
            && said("message").as_deref() == Some("ready")
            && said("secret").as_deref() == Some(secret.as_str())
        {
            repost_height();
        }
    });
    let on_hash = gloo::events::EventListener::new(&w, "hashchange", |_| {
        if refresh_wp_secret() {
            repost_height();
        }
    });
    vec![on_message, on_hash]
}

/// Makes every link that opens a new tab (`target="_blank"`) inside `root` either open it or say
/// visibly that it cannot, when the widget is inside a frame: a sandbox without `allow-popups`
/// (WordPress's embeds, many page builders) blocks new tabs silently. A plain click opens the
/// tab with `window.open`; when the browser refuses (`null`), `on_blocked` gets the link and
/// where it is (its top and bottom in page coordinates, for [`place_near`]) so the UI can offer
/// it for copying next to it. Embedded by WordPress (a secret in the fragment) the popup would
/// be refused anyway, so the link is also handed to WordPress, which opens links to the widget's
/// own host in the top window. Outside a frame, links behave natively.
pub fn guard_new_tab_links(
    root: &web_sys::Element,
    on_blocked: impl Fn(String, (f64, f64)) + 'static,
) -> Option<gloo::events::EventListener> {
    if !in_frame() {
        return None;
    }
    let w = window()?;
    let options = gloo::events::EventListenerOptions::enable_prevent_default();
    Some(gloo::events::EventListener::new_with_options(
        root,
        "click",
        options,
        move |e| {
            let Some(me) = e.dyn_ref::<web_sys::MouseEvent>() else {
                return;
            };
            if me.default_prevented()
                || me.button() != 0
                || me.ctrl_key()
                || me.meta_key()
                || me.shift_key()
                || me.alt_key()
            {
                return;
            }
            let Some(a) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[href][target=_blank]").ok().flatten())
            else {
                return;
            };
            let href = a.unchecked_ref::<web_sys::HtmlAnchorElement>().href();
            if !(href.starts_with("https://") || href.starts_with("http://")) {
                return;
            }
            e.prevent_default();
            let r = a.get_bounding_client_rect();
            let sy = w.scroll_y().unwrap_or(0.0);
            let at = (r.top() + sy, r.bottom() + sy);
            if let Some(secret) = wp_secret() {
                if let Some(parent) = parent_window() {
                    post_to_parent(
                        &parent,
                        &[
                            ("message", "link".into()),
                            ("value", href.clone().into()),
                            ("secret", secret.into()),
                        ],
                    );
                }
                on_blocked(href, at);
                return;
            }
            // Not "noopener": with it window.open answers null whether or not the tab opened.
            match w.open_with_url_and_target(&href, "_blank") {
                // As rel="noopener" would: the new page cannot reach back into this one. From an
                // opaque-origin sandbox this assignment is refused (the new tab is cross-origin),
                // but there the new tab inherits the sandbox, which keeps it from navigating us.
                Ok(Some(tab)) => {
                    let _ = js_sys::Reflect::set(&tab, &"opener".into(), &JsValue::NULL);
                }
                _ => on_blocked(href, at),
            }
        },
    ))
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

/// Puts `el` (absolutely positioned, `top` set through the CSSOM, which a strict CSP allows)
/// just below the page span `top..bottom`, or just above it when the page ends too soon below:
/// a frame sized to its content cannot grow for an absolutely positioned box.
pub fn place_near(el: &web_sys::Element, (top, bottom): (f64, f64)) {
    let Some(doc) = window().and_then(|w| w.document()) else {
        return;
    };
    let page = doc
        .document_element()
        .map(|e| e.scroll_height() as f64)
        .unwrap_or(0.0);
    let h = el.get_bounding_client_rect().height();
    let y = if bottom + 4.0 + h <= page {
        bottom + 4.0
    } else {
        (top - 4.0 - h).max(0.0)
    };
    let style = js_sys::Reflect::get(el, &"style".into()).unwrap_or(JsValue::NULL);
    if let Some(set) = js_sys::Reflect::get(&style, &"setProperty".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = set.call2(
            &style,
            &"top".into(),
            &format!("{}px", y.round() as i64).into(),
        );
    }
}

/// Applies the look a link asked for (`accent=`, `bg=transparent`): the accent as the
/// `--accent-custom` property of `el` (through the CSSOM, which a strict CSP allows; the
/// stylesheet decides where it applies), and on the root element the `bg-transparent` class and
/// the colour scheme (`scheme-light`/`scheme-dark`) that keeps a transparent frame from being
/// painted on an opaque backdrop. `static/boot.js` sets the same classes before the first paint.
pub fn set_look(
    el: &web_sys::Element,
    accent: Option<&str>,
    transparent: bool,
    scheme: Option<&str>,
) {
    let style = js_sys::Reflect::get(el, &"style".into()).unwrap_or(JsValue::NULL);
    let call = |name: &str, args: &[&str]| {
        if let Some(f) = js_sys::Reflect::get(&style, &JsValue::from_str(name))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        {
            let args: js_sys::Array = args.iter().map(|a| JsValue::from_str(a)).collect();
            let _ = f.apply(&style, &args);
        }
    };
    match accent {
        Some(css) => call("setProperty", &["--accent-custom", css]),
        None => call("removeProperty", &["--accent-custom"]),
    }
    let Some(root) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let ours = ["bg-transparent", "scheme-light", "scheme-dark"];
    let mut classes: Vec<String> = root
        .class_name()
        .split_whitespace()
        .filter(|c| !ours.contains(c))
        .map(String::from)
        .collect();
    let wanted = [
        transparent,
        transparent && scheme == Some("light"),
        transparent && scheme == Some("dark"),
    ];
    for (class, on) in ours.iter().zip(wanted) {
        if on {
            classes.push(class.to_string());
        }
    }
    root.set_class_name(&classes.join(" "));
}

/// Keeps a size watcher alive; dropping it disconnects.
pub struct ResizeGuard {
    observer: Option<web_sys::ResizeObserver>,
    _callback: Option<wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>>,
    _fallback: Option<gloo::events::EventListener>,
    /// What the host page may say to an embedded widget (see [`observe_height`]).
    _host: Vec<gloo::events::EventListener>,
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
                _host: Vec::new(),
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
        _host: Vec::new(),
    })
}

/// Posts `el`'s height to the parent frame now and whenever it changes, and answers the host's
/// requests for it (WordPress's `ready`).
pub fn observe_height(el: &web_sys::Element) -> Option<ResizeGuard> {
    let target = el.clone();
    let report = move || post_height(element_height(&target));
    report();
    let mut guard = observe_resize(el, report)?;
    guard._host = listen_to_host();
    Some(guard)
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

/// Opens the browser's print dialog (the handout's "Print" button); nothing happens where
/// printing is not allowed (a sandboxed frame without `allow-modals`).
pub fn print() {
    if let Some(w) = window() {
        let _ = w.print();
    }
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

#[cfg(test)]
mod tests {
    use super::parse_wp_secret;

    #[test]
    fn wordpress_secret_from_the_fragment() {
        assert_eq!(
            parse_wp_secret("#?secret=Ab3dE6gH9j").as_deref(),
            Some("Ab3dE6gH9j")
        );
        // wp-embed.js makes shorter ones (Math.random().toString(36)).
        assert_eq!(parse_wp_secret("#?secret=k2j9x").as_deref(), Some("k2j9x"));
        assert_eq!(parse_wp_secret("?secret=abc&x=1").as_deref(), Some("abc"));
        for bad in [
            "",
            "#",
            "#amp=1",
            "#?secret=",
            "#?secret=a-b",
            "#?secret=\"><x",
            "#?mysecret=abc",
        ] {
            assert_eq!(parse_wp_secret(bad), None, "{bad}");
        }
        assert_eq!(
            parse_wp_secret(&format!("#?secret={}", "a".repeat(65))),
            None
        );
    }
}
