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
    let app = slim(&app);
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

/// Drops from the rendered markup what the prerender can never show: the bodies of closed
/// `<details>` (the prerender is inert, so nobody can open them before the live widget replaces
/// it) and `aria-label`s (an inert subtree is left out of the accessibility tree; screen readers
/// hear the loading message). A smaller page is parsed sooner and transfers less.
fn slim(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<details") {
        let tag_end = match rest[at..].find('>') {
            Some(e) => at + e + 1,
            None => break,
        };
        let tag = &rest[at..tag_end];
        out.push_str(&rest[..tag_end]);
        rest = &rest[tag_end..];
        if tag.contains(" open") {
            continue;
        }
        // Keep the summary, skip to this element's own closing tag (details can nest).
        let keep = rest
            .find("</summary>")
            .map_or(0, |e| e + "</summary>".len());
        out.push_str(&rest[..keep]);
        let mut depth = 1;
        let mut i = keep;
        while depth > 0 {
            let open = rest[i..].find("<details").map(|p| i + p);
            let Some(close) = rest[i..].find("</details>").map(|p| i + p) else {
                // Unbalanced markup: keep it as it was rather than guess.
                out.push_str(&rest[keep..]);
                rest = "";
                break;
            };
            match open {
                Some(o) if o < close => {
                    depth += 1;
                    i = o + "<details".len();
                }
                _ => {
                    depth -= 1;
                    i = close;
                    if depth > 0 {
                        i += "</details>".len();
                    }
                }
            }
        }
        rest = &rest[i.min(rest.len())..];
    }
    out.push_str(rest);
    strip_labels(&out)
}

/// `html` without its `aria-label="…"` attributes (values are escaped, so they hold no `"`).
/// Other `aria-*` attributes stay: they are short, and the stylesheet styles some of them
/// (`aria-pressed` marks the current view's button).
fn strip_labels(html: &str) -> String {
    const ATTR: &str = " aria-label=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(ATTR) {
        let value = at + ATTR.len();
        let Some(end) = rest[value..].find('"').map(|q| value + q + 1) else {
            break;
        };
        out.push_str(&rest[..at]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::slim;

    #[test]
    fn closed_details_keep_only_their_summary_and_open_ones_keep_everything() {
        let html = concat!(
            r#"<p>a</p><details open="open" class="f"><summary>F</summary><i>x</i>"#,
            r#"<details class="more"><summary>More</summary><b>hidden</b></details><i>y</i></details>"#,
            r#"<details id="legend"><summary>Legend</summary><ul><li>1</li></ul>"#,
            r#"<details><summary>inner</summary>deep</details><p>tail</p></details><p>after</p>"#,
        );
        assert_eq!(
            slim(html),
            concat!(
                r#"<p>a</p><details open="open" class="f"><summary>F</summary><i>x</i>"#,
                r#"<details class="more"><summary>More</summary></details><i>y</i></details>"#,
                r#"<details id="legend"><summary>Legend</summary></details><p>after</p>"#,
            )
        );
    }

    #[test]
    fn labels_go_and_everything_else_stays() {
        let html = r#"<g class="mark" aria-label="A: &quot;x&quot; (2019)." data-study-id="s1" aria-selected="false"><text aria-hidden="true">aria-label="</text><button aria-pressed="true">T</button></g>"#;
        assert_eq!(
            slim(html),
            r#"<g class="mark" data-study-id="s1" aria-selected="false"><text aria-hidden="true">aria-label="</text><button aria-pressed="true">T</button></g>"#
        );
    }

    #[test]
    fn unbalanced_markup_is_kept_as_it_was() {
        let html = "<details><summary>S</summary><p>no end";
        assert_eq!(slim(html), html);
    }
}
