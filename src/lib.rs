//! ME/CFS Treatment Timeline: an honest, interactive timeline of ME/CFS treatment studies.
//!
//! This crate is the widget: `components` render with yew, `hooks` holds their effects (URL
//! sync, embed height, look, print mode, the timeline's measuring and scrolling), `browser` is
//! the only module that touches the URL, history, clipboard or parent frame. A panic stops the
//! wasm (it traps: panics abort), and `static/boot.js` replaces the widget with the crash message.
//! The rules it renders are two crates of their own that the compiler keeps free of yew and the
//! browser: the data model, dataset validation and binary codec (`mecfs_data`, `crates/data`), and
//! filtering, URL codec, time scale, lane layout, evidence checklist, evidence ladder, verdicts,
//! exports, sorting and state transitions (`mecfs_core`, `crates/core`), each with native tests.

// `f64::clamp` is disallowed (see clippy.toml: it links float formatting into the wasm), so the
// `max(..).min(..)` written instead is intended.
#![allow(clippy::manual_clamp)]

// The data model, the binary codec and its compression live in the data crate (`crates/data`),
// and every rule module in the core crate (`crates/core`); both keep free of yew and the browser.
// Re-exported so `crate::model::…`, `crate::filter::…` and `mecfs_timeline::url_state::…` paths
// keep working.
/// The coverage report: native only (see `mecfs_core::coverage`).
#[cfg(not(target_arch = "wasm32"))]
pub use mecfs_core::coverage;
pub use mecfs_core::{
    accent, caseless, checklist, dataset, direction, export, filter, glossary, ladder, order,
    reporting, session, sort, state, timeline, url_state, verdict, view,
};
pub use mecfs_data::{codec, model, pack};

pub mod browser;
pub mod components;
pub mod hooks;
pub mod share;

/// Mounts the widget into `#mecfs-timeline` (or `<body>` when that element is missing).
pub fn start() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(browser::ROOT_ID));
    match root {
        Some(el) => {
            let prerendered = browser::prerender_shown(&el);
            let mount = move || {
                browser::replace_placeholder(&el, prerendered);
                yew::Renderer::<components::app::App>::with_root(el).render();
            };
            if prerendered {
                // The prerendered view is on screen already. The first live render takes longer
                // than a frame, so it waits until the frame in progress has painted instead of
                // holding that frame back; it then replaces the prerender within one task.
                // Decoding the dataset (in slices, see `decode_in_steps`) and indexing it come
                // first, each in tasks of their own, so no single task holds the page for all three (Lighthouse's "total blocking
                // time" counts every task's excess over 50 ms). The first slice starts in a task
                // after the next frame, not inside its animation-frame callback: work there runs
                // before that frame paints, so it held the prerender's first paint back by the
                // slice's ~30 ms (measured in a trace: bench "painted" 176 ms median).
                browser::at_next_frame(move || {
                    browser::after_paint(move || {
                        decode_in_steps(dataset::EmbeddedDecode::new(), move || {
                            let _ = session::Session::init(browser::today());
                            browser::after_paint(mount);
                        })
                    })
                });
            } else {
                mount();
            }
        }
        None => {
            yew::Renderer::<components::app::App>::new().render();
        }
    }
}

/// Bytes of the string table unpacked per task at start-up: about an eighth of the real dataset's
/// 370 KB table (~4 ms natively), so each slice stays well under the 50 ms a task may take before it counts as blocking,
/// even on a phone four times slower than this machine.
const DECODE_SLICE: usize = 48 * 1024;

/// Decodes the embedded dataset a slice per task, then runs `then`.
fn decode_in_steps(mut decode: dataset::EmbeddedDecode, then: impl FnOnce() + 'static) {
    if decode.step(DECODE_SLICE) {
        then();
    } else {
        browser::after_paint(move || decode_in_steps(decode, then));
    }
}
