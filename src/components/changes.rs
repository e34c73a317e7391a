//! "What changed in this version", inside "About this data": the current version's changelog
//! entry (`DatasetFile::changelog`), its counts, and the studies it added or changed, each a
//! button that opens the study. Its props never change, so the long lists render once, not on
//! every zoom step of the page around them.

use crate::session::Session;
use crate::state::Action;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChangesProps {
    pub on_action: Callback<Action>,
}

#[function_component(ChangesInVersion)]
pub fn changes_in_version(props: &ChangesProps) -> Html {
    let data = Session::get().data;
    let Some(c) = data.file.current_changes() else {
        return html! {};
    };
    let list = |ids: &[String], what: &str| {
        let shown: Vec<(usize, &str)> = ids
            .iter()
            .filter_map(|id| data.study_index(id).map(|i| (i, id.as_str())))
            .collect();
        if shown.is_empty() {
            return html! {};
        }
        html! {
            <details class="changes-list" data-changes={what.to_string()}>
                <summary>{ format!("Studies {what} ({})", shown.len()) }</summary>
                <ul>
                    { for shown.into_iter().map(|(i, id)| {
                        let on = props.on_action.clone();
                        let id = id.to_string();
                        html! { <li><button type="button" class="linkish" data-study-open={id.clone()}
                            onclick={Callback::from(move |_: MouseEvent| on.emit(Action::OpenStudy(id.clone())))}>
                            { &data.studies()[i].title }</button></li> }
                    }) }
                </ul>
            </details>
        }
    };
    let count = |n: usize, word: &str| match n {
        1 => format!("1 study {word}"),
        n => format!("{n} studies {word}"),
    };
    html! {
        <section class="about-changes" aria-labelledby="changes-h">
            <h3 id="changes-h">{ "What changed in this version" }</h3>
            <p class="changes-summary">
                { format!("Version {} ({}): {} ", c.version, c.date.human(), c.summary) }
                <strong>{ format!("{}, {}, {}.", count(c.added.len(), "added"), count(c.changed.len(), "changed"), count(c.removed.len(), "removed")) }</strong>
            </p>
            { list(&c.added, "added") }
            { list(&c.changed, "changed") }
            <p><a href="feed.xml" type="application/atom+xml">{ "Every version's changes as a feed (Atom)" }</a></p>
        </section>
    }
}
