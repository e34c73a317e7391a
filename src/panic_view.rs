//! The crash screen: a panic never leaves a blank box. The hook logs the panic to the console and
//! replaces the widget with a short message and a "Reload" link, using plain DOM calls because
//! yew may be the thing that broke.
//!
//! The release build (`scripts/build.sh`) panics with `immediate-abort`: no hook runs, the wasm
//! traps, and `static/boot.js` draws the same screen from the trap (it saves ~24 KB gzip of
//! panic formatting). This hook serves the other builds (development, tests), where it also puts
//! the panic message under "Technical details".

#[cfg(not(panic = "immediate-abort"))]
use wasm_bindgen::JsCast;

/// The element the widget mounts into.
pub const ROOT_ID: &str = "mecfs-timeline";

/// Installs the panic hook (once, at start-up).
#[cfg(not(panic = "immediate-abort"))]
pub fn install() {
    // Through yew, so its renderer does not replace this hook with its default one.
    yew::set_custom_panic_hook(Box::new(|info| {
        let msg = info.to_string();
        web_sys::console::error_1(&format!("ME/CFS timeline crashed: {msg}").into());
        show(&msg);
    }));
}

/// Without panic hooks (`immediate-abort`), there is nothing to install: see the module docs.
#[cfg(panic = "immediate-abort")]
pub fn install() {}

#[cfg(not(panic = "immediate-abort"))]
fn show(detail: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = doc.get_element_by_id(ROOT_ID) else {
        return;
    };
    let Ok(box_) = doc.create_element("div") else {
        return;
    };
    box_.set_class_name("crash");
    box_.set_attribute("role", "alert").ok();
    let p = doc.create_element("p").ok();
    if let Some(p) = &p {
        // text, never HTML: the panic message may contain data from the URL.
        p.set_text_content(Some(
            "Sorry, the timeline stopped working. Reloading the page usually fixes it.",
        ));
        box_.append_child(p).ok();
    }
    if let Ok(a) = doc.create_element("a") {
        a.set_attribute("href", "").ok();
        a.set_text_content(Some("Reload"));
        if let Some(a) = a.dyn_ref::<web_sys::HtmlElement>() {
            let reload = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(
                |e: web_sys::Event| {
                    e.prevent_default();
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().reload();
                    }
                },
            );
            a.set_onclick(Some(reload.as_ref().unchecked_ref()));
            reload.forget();
        }
        box_.append_child(&a).ok();
    }
    if let Ok(d) = doc.create_element("details") {
        if let Ok(s) = doc.create_element("summary") {
            s.set_text_content(Some("Technical details"));
            d.append_child(&s).ok();
        }
        if let Ok(pre) = doc.create_element("pre") {
            pre.set_text_content(Some(detail));
            d.append_child(&pre).ok();
        }
        box_.append_child(&d).ok();
    }
    root.set_text_content(None);
    root.append_child(&box_).ok();
}
