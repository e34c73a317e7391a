//! The "Share and download" panel: copy a link to this view, the embed snippet for this view,
//! downloads of the filtered studies (CSV, JSON) and citations (plain text, BibTeX, RIS), and print.
//! Copying falls back to a selectable text box when the clipboard is unavailable.

use super::markup::escape;
use yew::prelude::*;

/// What the user asked the app to do with the current view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareRequest {
    CopyLink,
    DownloadCsv,
    DownloadJson,
    CopyCitations,
    CopyBibtex,
    CopyRis,
    Print,
}

#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    /// Absolute link to the current view.
    pub link: AttrValue,
    /// Absolute link to the current view in embedded mode.
    pub embed_link: AttrValue,
    /// The same view (without an open study) as a plain page: the snippet's link after the frame.
    pub view_link: AttrValue,
    /// Base URL of the widget (where `embed.js` lives).
    pub base: AttrValue,
    pub count: usize,
    pub on_request: Callback<ShareRequest>,
    /// Text that could not be copied automatically: shown for manual copying.
    pub fallback: Option<AttrValue>,
}

/// The iframe snippet for a view (documented in the README, "Embedding"). Valid HTML: the width
/// is CSS (an iframe's `width` attribute takes pixels only). It degrades in layers: the inline
/// style gives a full-width frame whose fallback height fits phones and desktops
/// (`min(720px, 85vh)`, the widget scrolling inside it); a host that strips inline styles still
/// gets the 720 px `height` attribute; `embed.js`, when it survives, makes the frame as tall as
/// its content; and a host that strips the frame keeps the plain link after it.
pub fn embed_snippet(embed_link: &str, view_link: &str, base: &str) -> String {
    let dir = base
        .rsplit_once('/')
        .map(|(d, _)| format!("{d}/"))
        .unwrap_or_default();
    format!(
        "<iframe src=\"{}\" title=\"ME/CFS treatment studies timeline\" height=\"720\" loading=\"lazy\" allow=\"clipboard-write\" style=\"display:block;width:100%;height:min(720px,85vh);border:0\" data-mecfs-timeline></iframe>\n<p><a href=\"{}\">Open the ME/CFS treatment studies timeline</a></p>\n<script src=\"{}embed.js\" async></script>",
        escape(embed_link),
        escape(view_link),
        escape(&dir)
    )
}

#[function_component(SharePanel)]
pub fn share_panel(props: &SharePanelProps) -> Html {
    let req = |r: ShareRequest| {
        let on = props.on_request.clone();
        Callback::from(move |_: MouseEvent| on.emit(r))
    };
    let snippet = embed_snippet(&props.embed_link, &props.view_link, &props.base);
    html! {
        <details class="share" id="share">
            <summary>{ "Share, embed and download" }</summary>
            <div class="share-body">
                <h3>{ "Link to this view" }</h3>
                <p class="share-row">
                    <input type="text" readonly=true value={props.link.clone()} aria-label="Link to this view" id="share-link" />
                    <button type="button" onclick={req(ShareRequest::CopyLink)} id="copy-link">{ "Copy link" }</button>
                </p>
                if let Some(text) = &props.fallback {
                    <label class="fallback">
                        <span>{ "Copying is not available here. Select this text and copy it yourself:" }</span>
                        <textarea readonly=true rows="4" id="copy-fallback" value={text.clone()} />
                    </label>
                }
                <h3>{ "Embed this view on your website" }</h3>
                <p class="hint">{ "Paste this into your page (in WordPress: a Custom HTML block). The script is optional: it makes the frame as tall as its content. The link after the frame is for readers whose website drops frames." }</p>
                <textarea readonly=true rows="6" id="embed-snippet" aria-label="Embed code" value={snippet} />
                <h3>{ format!("Download the {} studies shown", props.count) }</h3>
                <p class="share-row">
                    <button type="button" onclick={req(ShareRequest::DownloadCsv)} id="dl-csv">{ "Spreadsheet (CSV)" }</button>
                    <button type="button" onclick={req(ShareRequest::DownloadJson)} id="dl-json">{ "Data with sources (JSON)" }</button>
                </p>
                <h3>{ "Cite these studies" }</h3>
                <p class="share-row">
                    <button type="button" onclick={req(ShareRequest::CopyCitations)} id="copy-citations">{ "Copy as text" }</button>
                    <button type="button" onclick={req(ShareRequest::CopyBibtex)} id="copy-bibtex">{ "Copy BibTeX" }</button>
                    <button type="button" onclick={req(ShareRequest::CopyRis)} id="copy-ris">{ "Copy RIS" }</button>
                </p>
                <h3>{ "Take it to an appointment" }</h3>
                <p class="share-row">
                    <button type="button" onclick={req(ShareRequest::Print)} id="print">{ "Print a one-page summary" }</button>
                </p>
            </div>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::embed_snippet;

    #[test]
    fn snippet_is_valid_and_degrades() {
        let s = embed_snippet(
            "https://example.org/t/?status=positive&embed=1",
            "https://example.org/t/?status=positive",
            "https://example.org/t/index.html",
        );
        let iframe = s.lines().next().unwrap();
        // No `width="100%"` (not valid HTML): the width is CSS.
        assert!(!iframe.contains(" width="), "{iframe}");
        assert!(iframe.contains("width:100%"), "{iframe}");
        assert!(
            iframe.contains(" height=\"720\""),
            "fallback height without styles: {iframe}"
        );
        assert!(iframe.contains("height:min(720px,85vh)"), "{iframe}");
        assert!(iframe.contains(" title=\"ME/CFS treatment studies timeline\""));
        assert!(iframe.contains(" data-mecfs-timeline"));
        assert!(iframe.contains("src=\"https://example.org/t/?status=positive&amp;embed=1\""));
        // A plain link to the full view after the frame, then the optional script.
        assert_eq!(
            s.lines().nth(1),
            Some("<p><a href=\"https://example.org/t/?status=positive\">Open the ME/CFS treatment studies timeline</a></p>")
        );
        assert_eq!(
            s.lines().nth(2),
            Some("<script src=\"https://example.org/t/embed.js\" async></script>")
        );
    }

    #[test]
    fn snippet_escapes_links() {
        let s = embed_snippet(
            "https://e.org/?q=\"><script>",
            "https://e.org/?q=<b>",
            "https://e.org/",
        );
        assert!(!s.contains("\"><script>"), "{s}");
        assert!(!s.contains("<b>"), "{s}");
    }
}
