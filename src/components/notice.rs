//! The small, dismissable notice that says what a link contained that we ignored, and other
//! short messages (copy confirmations, unavailable browser features).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub text: AttrValue,
    pub on_dismiss: Callback<()>,
    /// "info" or "warn"; styles only, the text always says what happened.
    #[prop_or(AttrValue::Static("info"))]
    pub kind: AttrValue,
}

#[function_component(Notice)]
pub fn notice(props: &NoticeProps) -> Html {
    let on = props.on_dismiss.clone();
    html! {
        <div class={super::class_list(&["notice", &props.kind])} role="status" data-notice={props.kind.clone()}>
            <span class="notice-text">{ props.text.clone() }</span>
            <button type="button" class="notice-close" aria-label="Dismiss this message"
                onclick={Callback::from(move |_| on.emit(()))}>{ "×" }</button>
        </div>
    }
}
