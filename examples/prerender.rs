//! Build-time prerender: writes the default view (no URL parameters), rendered natively with
//! yew's server renderer, into a built `index.html`, so the first paint shows the timeline
//! instead of a loading message. The live app replaces it as soon as the wasm has started.
//!
//! Usage: `cargo run --example prerender -- dist/index.html` (the dataset is the one selected
//! with `MECFS_DATASET`, exactly as for the wasm build). The page's `boot.js` hides the prerender
//! when the address asks for another view, and the prerender is `inert`: nothing in it can be
//! clicked or focused, and assistive technology hears the loading message instead.

use std::process::ExitCode;

const MARK: &str = "<p class=\"boot-msg\">";

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: prerender <path/to/index.html>");
        return ExitCode::FAILURE;
    };
    let page = match std::fs::read_to_string(&path) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("prerender: cannot read {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    if page.contains("class=\"prerendered\"") {
        eprintln!("prerender: {path} already holds a prerender");
        return ExitCode::FAILURE;
    }
    let Some(at) = page.find(MARK) else {
        eprintln!("prerender: {path} has no {MARK} placeholder to put the prerender before");
        return ExitCode::FAILURE;
    };
    let app = futures::executor::block_on(
        yew::LocalServerRenderer::<mecfs_timeline::components::app::App>::new().render(),
    );
    let out = format!(
        "{}<div class=\"prerendered\" inert>{app}</div>{}",
        &page[..at],
        &page[at..]
    );
    if let Err(e) = std::fs::write(&path, out) {
        eprintln!("prerender: cannot write {path}: {e}");
        return ExitCode::FAILURE;
    }
    println!(
        "prerender: {} bytes of markup written into {path}",
        app.len()
    );
    ExitCode::SUCCESS
}
