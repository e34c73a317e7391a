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
    /// Base URL of the widget (where `embed.js` lives).
    pub base: AttrValue,
    pub count: usize,
    pub on_request: Callback<ShareRequest>,
    /// Text that could not be copied automatically: shown for manual copying.
    pub fallback: Option<AttrValue>,
}

/// The iframe snippet for a view (documented in the README).
pub fn embed_snippet(embed_link: &str, base: &str) -> String {
    let dir = base
        .rsplit_once('/')
        .map(|(d, _)| format!("{d}/"))
        .unwrap_or_default();
    format!(
        "<iframe src=\"{}\" title=\"ME/CFS treatment studies timeline\" width=\"100%\" height=\"720\" loading=\"lazy\" style=\"border:0\" data-mecfs-timeline></iframe>\n<script src=\"{}embed.js\" async></script>",
        escape(embed_link),
        escape(&dir)
    )
}

#[function_component(SharePanel)]
pub fn share_panel(props: &SharePanelProps) -> Html {
    let req = |r: ShareRequest| {
        let on = props.on_request.clone();
        Callback::from(move |_: MouseEvent| on.emit(r))
    };
    let snippet = embed_snippet(&props.embed_link, &props.base);
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
                <p class="hint">{ "Paste this into your page. The script is optional: it makes the frame as tall as its content." }</p>
                <textarea readonly=true rows="4" id="embed-snippet" aria-label="Embed code" value={snippet} />
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
