//! What the share panel's buttons do: copy the link, the citations (plain, BibTeX, RIS), download
//! the shown studies as CSV or JSON, print. Each copy or download reports back through the app's
//! notice line (a clipboard refusal offers the text for copying by hand); the exports themselves
//! are plain functions in `crate::export`, and the clipboard, downloads and printing go through
//! `crate::browser`.

use crate::browser;
use crate::components::app::{AppAction, AppState};
use crate::components::dialogs::ShareRequest;
use crate::export;
use crate::session::Session;
use crate::sort::sort_rows;
use crate::view::Sort;
use std::rc::Rc;
use yew::prelude::*;

/// The callback behind the share panel: the shown studies (`visible`, in the table's `sort`
/// order), the link to share (`link`, with its data pin), and `printing` (the print mode the
/// summary renders in).
pub fn on_share(
    dispatch: UseReducerDispatcher<AppState>,
    link: String,
    visible: Rc<Vec<usize>>,
    sort: Option<Sort>,
    printing: UseStateHandle<bool>,
) -> Callback<ShareRequest> {
    let data = Session::get().data;
    Callback::from(move |r: ShareRequest| {
        let mut rows = (*visible).clone();
        sort_rows(data, &mut rows, sort.as_ref());
        let studies: Vec<&crate::model::Study> = rows.iter().map(|&i| &data.studies()[i]).collect();
        let copy = |text: String, what: &'static str| {
            let dispatch = dispatch.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::copy_text(&text).await {
                    Ok(()) => {
                        dispatch.dispatch(AppAction::Fallback(None));
                        dispatch.dispatch(AppAction::Message(Some((
                            format!("{what} copied."),
                            "info",
                        ))));
                    }
                    Err(reason) => {
                        dispatch.dispatch(AppAction::Fallback(Some(text)));
                        dispatch.dispatch(AppAction::Message(Some((format!("Could not copy automatically ({reason}); the text is shown below to copy by hand."), "warn"))));
                    }
                }
            });
        };
        let download = |name: &str, mime: &str, text: String| {
            let msg = match browser::download(name, mime, &text) {
                Ok(()) => (format!("Downloaded {name}."), "info"),
                Err(e) => (format!("Download is not available here ({e})."), "warn"),
            };
            dispatch.dispatch(AppAction::Message(Some(msg)));
        };
        let f = &data.file;
        match r {
            ShareRequest::CopyLink => copy(link.clone(), "Link"),
            ShareRequest::CopyCitations => copy(export::citations_text(&studies), "Citations"),
            ShareRequest::CopyBibtex => copy(export::bibtex(&studies), "BibTeX"),
            ShareRequest::CopyRis => copy(export::ris(&studies), "RIS"),
            ShareRequest::DownloadCsv => download(
                "mecfs-studies.csv",
                "text/csv;charset=utf-8",
                export::to_csv(&studies, &|k: &str| {
                    data.treatment_index(k)
                        .map(|i| data.treatments()[i].name.clone())
                        .unwrap_or_else(|| k.to_string())
                }),
            ),
            ShareRequest::DownloadJson => download(
                "mecfs-studies.json",
                "application/json",
                export::to_json(
                    &studies,
                    &export::ExportMeta {
                        title: &f.title,
                        version: &f.version,
                        cutoff: &f.cutoff.to_string(),
                        inclusion: &f.inclusion,
                        licence_name: &f.licence.name,
                        licence_url: &f.licence.url,
                    },
                ),
            ),
            ShareRequest::Print => {
                // Render the summary first, then open the print dialog on the next tick.
                printing.set(true);
                let dispatch = dispatch.clone();
                gloo::timers::callback::Timeout::new(50, move || {
                    if web_sys::window()
                        .map(|w| w.print().is_err())
                        .unwrap_or(true)
                    {
                        dispatch.dispatch(AppAction::Message(Some((
                            "Printing is not available here.".into(),
                            "warn",
                        ))));
                    }
                })
                .forget();
            }
        }
    })
}
