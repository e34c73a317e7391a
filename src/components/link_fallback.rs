//! What a link that could not open shows instead: inside a frame whose sandbox blocks new tabs
//! (WordPress's embeds, page builders), `browser::guard_new_tab_links` hands the link here, and
//! this box offers it for copying, so nothing fails silently. It appears next to the link that
//! was clicked (a frame sized to its content has no scrolling of its own, so a box at its top
//! could be out of sight), above everything including the detail sheet. Focus moves to the link
//! (selected, so Ctrl+C copies it at once) and the box is announced as an alert.

use crate::browser;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LinkFallbackProps {
    /// The absolute link that could not be opened.
    pub link: AttrValue,
    /// Where the clicked link is: top and bottom in page coordinates.
    pub near: (f64, f64),
    pub on_dismiss: Callback<()>,
}

#[function_component(LinkFallback)]
pub fn link_fallback(props: &LinkFallbackProps) -> Html {
    let input = use_node_ref();
    let boxed = use_node_ref();
    // What the Copy button achieved, announced politely.
    let status = use_state(|| None::<&'static str>);
    {
        let input = input.clone();
        let boxed = boxed.clone();
        let status = status.clone();
        use_effect_with((props.link.clone(), props.near), move |(_, near)| {
            status.set(None);
            if let Some(el) = boxed.cast::<web_sys::Element>() {
                browser::place_near(&el, *near);
            }
            if let Some(el) = input.cast::<web_sys::HtmlInputElement>() {
                let _ = el.focus();
                el.select();
            }
        });
    }
    let on_copy = {
        let link = props.link.clone();
        let input = input.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let link = link.clone();
            let input = input.clone();
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::copy_text(&link).await {
                    Ok(()) => status.set(Some("Link copied.")),
                    Err(_) => {
                        if let Some(el) = input.cast::<web_sys::HtmlInputElement>() {
                            let _ = el.focus();
                            el.select();
                        }
                        status.set(Some(
                            "Copying is blocked here too: the link is selected, press Ctrl+C (⌘C on a Mac) to copy it.",
                        ));
                    }
                }
            });
        })
    };
    let on_dismiss = {
        let on = props.on_dismiss.clone();
        Callback::from(move |_: MouseEvent| on.emit(()))
    };
    html! {
        <div ref={boxed} class="notice warn link-fallback" role="alert" data-blocked-link={props.link.clone()}>
            <p class="notice-text">{ "This website does not let the timeline open a new tab. Copy the link and open it yourself:" }</p>
            <p class="share-row">
                <input ref={input} type="text" readonly=true value={props.link.clone()} aria-label="Link that could not be opened" id="blocked-link" />
                <button type="button" onclick={on_copy} id="copy-blocked-link">{ "Copy link" }</button>
            </p>
            <p class="link-fallback-status" aria-live="polite">{ status.unwrap_or_default() }</p>
            <button type="button" class="notice-close" aria-label="Dismiss this message" onclick={on_dismiss}>{ "×" }</button>
        </div>
    }
}
