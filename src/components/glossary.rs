//! Glossary tips: a small "?" button after a hard word that shows its plain-language definition
//! below it (keyboard and touch friendly; Escape or a second press hides it), and the full list.

use crate::glossary::{term, TERMS};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TipProps {
    /// Glossary key, e.g. "pem".
    pub term: AttrValue,
    /// Where it is used, to keep ids unique on one page.
    #[prop_or_default]
    pub scope: AttrValue,
}

/// An inline "?" that toggles the definition of a term.
#[function_component(Tip)]
pub fn tip(props: &TipProps) -> Html {
    let open = use_state(|| false);
    let Some(t) = term(&props.term) else {
        return html! {};
    };
    let id = format!("tip-{}-{}", props.scope, t.key);
    let toggle = {
        let open = open.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            e.stop_propagation();
            open.set(!*open)
        })
    };
    let onkeydown = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && *open {
                e.stop_propagation();
                open.set(false);
            }
        })
    };
    html! {
        <span class="tip">
            <button type="button" class="tip-btn" aria-expanded={open.to_string()} aria-controls={id.clone()}
                onclick={toggle} {onkeydown} aria-label={format!("What does “{}” mean?", t.term)}>{ "?" }</button>
            if *open {
                <span class="tip-body" id={id} role="note"><strong>{ t.term }{ ": " }</strong>{ t.definition }</span>
            }
        </span>
    }
}

/// The whole glossary as a definition list.
#[function_component(Glossary)]
pub fn glossary() -> Html {
    html! {
        <details class="glossary" id="glossary">
            <summary>{ "Words used here, in plain language" }</summary>
            <dl>
                { for TERMS.iter().map(|t| html! {
                    <>
                        <dt id={format!("g-{}", t.key)}>{ t.term }</dt>
                        <dd>{ t.definition }</dd>
                    </>
                }) }
            </dl>
        </details>
    }
}
