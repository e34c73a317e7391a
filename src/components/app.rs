//! The root component: holds the one reducer, computes the filtered set once per change and
//! hands each view exactly what it renders. Its effects (the URL both ways, the embed height,
//! new-tab links in a frame, the look, print mode, the next-frame action queue) are the hooks in
//! `crate::hooks`.

use super::changes::ChangesInVersion;
use super::compare::CompareView;
use super::detail::Detail;
use super::dialogs::SharePanel;
use super::filters::FilterPanel;
use super::glossary::Glossary;
use super::glyph::evidence_icon;
use super::legend::Legend;
use super::link_fallback::LinkFallback;
use super::notice::Notice;
use super::table::StudyTable;
use super::timeline::TimelineView;
use super::treatments::TreatmentsView;
use crate::browser;
use crate::filter::FacetCounts;
use crate::hooks;
use crate::session::Session;
use crate::share;
use crate::sort::sort_rows;
use crate::state::{reduce, Action, HistoryOp};
use crate::url_state;
use crate::view::{Theme, ViewKind, ViewState};
use std::rc::Rc;
use yew::prelude::*;

/// The app state: the serialisable view plus transient messages that never go in the URL.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub view: ViewState,
    /// How the last change should be recorded in the history.
    pub op: HistoryOp,
    /// What the link contained that was ignored (dismissable).
    pub ignored: Option<String>,
    /// The data version a shared link was made with, when it differs from the data shown
    /// (said in the same notice, with how many of the studies shown changed since).
    pub pin: Option<url_state::Pin>,
    /// A short confirmation or warning ("Link copied").
    pub message: Option<(String, &'static str)>,
    /// Text the clipboard refused, offered for manual copying.
    pub fallback: Option<String>,
    /// A link the frame's sandbox would not open in a new tab, offered for copying, and where
    /// the link is (top and bottom in page coordinates).
    pub blocked_link: Option<(String, (f64, f64))>,
}

/// Actions on the app state: view changes go through `state::reduce`.
#[derive(Debug, Clone, PartialEq)]
pub enum AppAction {
    View(Action),
    /// Back/forward: a view parsed from the URL plus what was ignored in it and its data pin.
    FromUrl(Box<ViewState>, Option<String>, Option<url_state::Pin>),
    DismissIgnored,
    Message(Option<(String, &'static str)>),
    Fallback(Option<String>),
    BlockedLink(Option<(String, (f64, f64))>),
}

impl Reducible for AppState {
    type Action = AppAction;

    fn reduce(self: Rc<Self>, action: AppAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            AppAction::View(a) => {
                let (v, op) = reduce(&self.view, a);
                if op == HistoryOp::None && v == self.view {
                    return self;
                }
                next.view = v;
                next.op = op;
            }
            AppAction::FromUrl(v, ignored, pin) => {
                next.view = *v;
                next.op = HistoryOp::None;
                next.ignored = ignored;
                next.pin = pin;
            }
            AppAction::DismissIgnored => {
                next.ignored = None;
                next.pin = None;
            }
            AppAction::Message(m) => next.message = m,
            AppAction::Fallback(f) => next.fallback = f,
            AppAction::BlockedLink(l) => next.blocked_link = l,
        }
        Rc::new(next)
    }
}

/// The widget.
#[function_component(App)]
pub fn app() -> Html {
    #[cfg(feature = "test-hooks")]
    if browser::query().contains("__panic=1") {
        // The release build's panics run no hook (panic = "immediate-abort"), so the test's
        // marker goes to the console first; the crash screen comes from static/boot.js.
        web_sys::console::error_1(&"deliberate test panic (test-hooks build)".into());
        panic!("deliberate test panic (test-hooks build)");
    }
    let session = Session::init(browser::today());
    let data = session.data;
    let state = use_reducer(|| {
        let (view, ignored, pin) = hooks::from_url();
        AppState {
            view,
            op: HistoryOp::None,
            ignored,
            pin,
            message: None,
            fallback: None,
            blocked_link: None,
        }
    });
    let root = use_node_ref();

    hooks::use_url_sync(&state.view, state.op, state.dispatcher());
    hooks::use_new_tab_guard(&root, state.dispatcher());
    hooks::use_look(&root, &state.view);
    hooks::use_embed_height(&root, state.view.embed);
    let on_action = hooks::use_next_frame_actions(state.dispatcher());

    // Filter once per change of the filters; each view gets the same set.
    let filtered: Rc<(Rc<Vec<usize>>, FacetCounts)> = use_memo(state.view.filters.clone(), |f| {
        let (set, counts) = session.index.apply(session.data, f);
        (Rc::new(set.iter().collect::<Vec<usize>>()), counts)
    });
    let visible = filtered.0.clone();
    // Printing is rare: the print summary renders only between beforeprint and afterprint.
    let printing = hooks::use_printing();
    // Sorted rows are only needed by the table and the print summary; the timeline never pays
    // for sorting 10,000 studies.
    let need_rows = state.view.view == ViewKind::Table || *printing;
    let rows: Rc<Vec<usize>> = use_memo(
        (
            state.view.filters.clone(),
            state.view.sort.clone(),
            need_rows,
        ),
        {
            let visible = visible.clone();
            move |(_, sort, need)| {
                if !*need {
                    return Vec::new();
                }
                let mut rows = (*visible).clone();
                sort_rows(data, &mut rows, sort.as_ref());
                rows
            }
        },
    );

    let v = &state.view;
    let total = data.studies().len();
    let shown = visible.len();
    let selected = v.study.as_deref().and_then(|id| data.study_index(id));
    // Links made to be shared (copied, embedded, printed, "Link to this study") carry the data
    // version they were made with (`data=`), so a reader on newer data is told what changed; the
    // address bar and "Open full view" do not.
    let version = data.file.version.as_str();
    let link = browser::link_to(&url_state::format_shared(v, version));
    let embed_query = url_state::format_shared(
        &ViewState {
            embed: true,
            study: None,
            ..v.clone()
        },
        version,
    );
    let embed_link = browser::link_to(&embed_query);
    // The embedded view as a plain page: the snippet's link after the frame. A full page has
    // no host to show through, so it keeps the accent but not the transparent background.
    let embedded_view_link = browser::link_to(&url_state::format_shared(
        &ViewState {
            embed: false,
            study: None,
            transparent: false,
            ..v.clone()
        },
        version,
    ));
    // The notice of a pinned link made with other data: how many of the studies shown changed.
    let pin_text = state.pin.as_ref().map(|pin| {
        let shown_changed = visible
            .iter()
            .filter(|&&i| pin.changed(&data.file, &data.studies()[i].id))
            .count();
        url_state::describe_pin(pin, shown_changed, version)
    });
    let notice_text = match (state.ignored.clone(), pin_text) {
        (Some(a), Some(b)) => Some(format!("{a} {b}")),
        (a, b) => a.or(b),
    };
    let full_link = browser::link_to(&url_state::format(&ViewState {
        embed: false,
        transparent: false,
        ..v.clone()
    }));

    let on_share = share::on_share(
        state.dispatcher(),
        link.clone(),
        visible.clone(),
        state.view.sort.clone(),
        printing.clone(),
    );

    let set_view = |k: ViewKind| {
        let on = on_action.clone();
        Callback::from(move |_: MouseEvent| on.emit(Action::SetView(k)))
    };
    let on_theme = {
        let on = on_action.clone();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            on.emit(Action::SetTheme(Theme::from_key(&sel.value())));
        })
    };
    let close_detail: Callback<()> = {
        let on = on_action.clone();
        (*use_memo((), move |_| {
            Callback::from(move |_| on.emit(Action::CloseStudy))
        }))
        .clone()
    };

    let theme_class = v.theme.map(|t| format!("theme-{}", t.key()));
    let main_view = match v.view {
        ViewKind::Timeline => html! {
            <TimelineView visible={visible.clone()} window={v.window} selected={selected} on_action={on_action.clone()} />
        },
        ViewKind::Table => html! {
            <StudyTable rows={rows.clone()} sort={v.sort.clone()} selected={selected} on_action={on_action.clone()} />
        },
        ViewKind::Compare => html! {
            <CompareView treatments={v.filters.treat.clone()} on_action={on_action.clone()} />
        },
        ViewKind::Treatments => html! {
            <TreatmentsView visible={visible.clone()} focus={v.filters.treat.clone()} on_action={on_action.clone()}
                on_print={Callback::from(|_| browser::print())} />
        },
    };
    let handout = v.view == ViewKind::Treatments && v.filters.treat.len() == 1;

    html! {
        <div ref={root} class={super::class_list(&[
            "app",
            theme_class.as_deref().unwrap_or(""),
            if v.accent.is_some() { "accent-custom" } else { "" },
            if v.transparent { "bg-transparent" } else { "" },
            if v.embed { "embed" } else { "" },
            if handout { "handout-mode" } else { "" },
        ])} data-view={v.view.key()}
            data-live={cfg!(target_arch = "wasm32").then_some("true")}>
            <a class="skip" href="#results">{ "Skip to the results" }</a>
            <header class="top">
                if !v.embed {
                    <h1>{ "ME/CFS treatment studies" }</h1>
                    <p class="tagline">{ "Every study we track, when it ran, how it was designed and how strong its evidence is." }</p>
                }
                <div class="top-row">
                    <p class="count" id="study-count">
                        <span aria-live="polite" aria-atomic="true" id="count-live">{ format!("{shown} studies") }</span>
                        <span class="count-of">{ format!(" shown of {total}") }</span>
                    </p>
                    if !v.embed {
                    <nav class="views" aria-label="Choose a view">
                        { for ViewKind::ALL.iter().map(|k| html! {
                            <button type="button" class="view-btn" aria-pressed={(v.view == *k).to_string()} onclick={set_view(*k)} data-view-button={k.key()}>{ k.label() }</button>
                        }) }
                    </nav>
                    }
                    if !v.embed {
                    <label class="theme-pick">
                        <span>{ "Display" }</span>
                        <select onchange={on_theme} id="theme">
                            <option value="" selected={v.theme.is_none()}>{ "Follow my device" }</option>
                            { for Theme::ALL.iter().map(|t| html! {
                                <option value={t.key()} selected={v.theme == Some(*t)}>{ t.label() }</option>
                            }) }
                        </select>
                    </label>
                    }
                </div>
            </header>
            if let Some(text) = notice_text {
                <Notice text={text} kind="warn" on_dismiss={{ let d = state.dispatcher(); Callback::from(move |_| d.dispatch(AppAction::DismissIgnored)) }} />
            }
            if let Some(since) = v.filters.since {
                <p class="notice info since-note" role="status" data-since={since.to_string()}>
                    <span class="notice-text">{ format!("Showing only the {shown} studies added or changed since {} (from the link's “since”).", since.human()) }</span>
                    <button type="button" id="since-clear" onclick={{ let on = on_action.clone(); Callback::from(move |_: MouseEvent| on.emit(Action::SetSince(None))) }}>{ "Show all studies" }</button>
                </p>
            }
            if let Some((text, kind)) = state.message.clone() {
                <Notice text={text} kind={kind} on_dismiss={{ let d = state.dispatcher(); Callback::from(move |_| d.dispatch(AppAction::Message(None))) }} />
            }
            if let Some((link, near)) = state.blocked_link.clone() {
                <LinkFallback link={link} near={near} on_dismiss={{ let d = state.dispatcher(); Callback::from(move |_| d.dispatch(AppAction::BlockedLink(None))) }} />
            }
            <div class={if selected.is_some() { "layout with-detail" } else { "layout" }}>
                if v.view != ViewKind::Compare && !v.embed {
                    <details class="filters-box" open={v.theme != Some(Theme::Calm)}>
                        <summary>{ if v.filters.is_empty() { "Filters".to_string() } else { "Filters (some are on)".to_string() } }</summary>
                        <FilterPanel filters={v.filters.clone()} counts={filtered.1.clone()} on_action={on_action.clone()} />
                    </details>
                }
                <main id="results" class="results" tabindex="-1">
                    { main_view }
                    if v.view == ViewKind::Timeline { <Legend /> }
                    if !v.embed { <Glossary /> }
                </main>
                if let Some(i) = selected {
                    <Detail study={i} on_close={close_detail} link={browser::link_to(&url_state::format_shared(&ViewState { study: Some(data.studies()[i].id.clone()), ..ViewState::default() }, version))} />
                }
            </div>
            if !v.embed {
                <SharePanel link={link.clone()} embed_link={embed_link} view_link={embedded_view_link} base={browser::base_url()} count={shown}
                    on_request={on_share} fallback={state.fallback.clone().map(AttrValue::from)} />
            }
            if *printing {
            <section class="print-summary" aria-hidden="true">
                <h2>{ format!("ME/CFS treatment studies: {shown} of {total}") }</h2>
                <p>{ format!("Printed from {link}") }</p>
                <p>{ "People: how many were analysed (or enrolled when that is all a source gives). Each study's sources are listed at the link above." }</p>
                <table>
                    <thead><tr><th>{ "Treatment" }</th><th>{ "Study" }</th><th>{ "Years" }</th><th>{ "Phase" }</th><th>{ "Evidence" }</th><th>{ "People" }</th></tr></thead>
                    <tbody>
                        { for rows.iter().map(|&i| {
                            let s = &data.studies()[i];
                            html! { <tr>
                                <td>{ &data.treatment(i).name }</td>
                                <td>{ &s.title }</td>
                                <td>{ s.start.or(s.published).map(|d| d.year.to_string()).unwrap_or_default() }</td>
                                <td>{ crate::timeline::labels::phase_words(s.phase) }</td>
                                <td>{ evidence_icon(s.evidence) }{ " " }{ s.evidence.label() }</td>
                                <td>{ s.best_n().map(|n| n.to_string()).unwrap_or_else(|| "not reported".into()) }</td>
                            </tr> }
                        }) }
                    </tbody>
                </table>
            </section>
            }
            <footer class="foot">
                if v.embed {
                    <a href={full_link} target="_blank" rel="noopener" class="open-full">{ "Open full view ↗" }</a>
                }
                <p>
                    { format!("Data version {} · reviewed {} · ", data.file.version, data.file.last_reviewed.human()) }
                    <a href={data.file.licence.url.clone()} rel="license noopener" target="_blank">{ format!("Licence: {}", data.file.licence.name) }</a>
                    { " · Every study links to its sources. Not medical advice." }
                </p>
                <details class="about-data" id="about-data">
                    <summary>{ "About this data" }</summary>
                    <p class="about-inclusion">{ &data.file.inclusion }</p>
                    <p class="about-cutoff">{ format!("Sources were searched up to {}; anything published later is not included yet. {} studies of {} treatments.", data.file.cutoff.human(), data.studies().len(), data.treatments().len()) }</p>
                    <ChangesInVersion on_action={on_action.clone()} />
                </details>
            </footer>
        </div>
    }
}
