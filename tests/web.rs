//! Browser tier (wasm-bindgen-test in headless Chromium, and Firefox with GECKODRIVER): the
//! widget mounts into a real DOM and shows the embedded dataset; the browser module reads and
//! writes the URL and survives missing APIs.
#![cfg(target_arch = "wasm32")]

use gloo::timers::future::sleep;
use mecfs_timeline::dataset::Dataset;
use mecfs_timeline::state::HistoryOp;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Waits (bounded) until `f` holds; yew renders asynchronously.
async fn until(mut f: impl FnMut() -> bool) -> bool {
    for _ in 0..100 {
        if f() {
            return true;
        }
        sleep(Duration::from_millis(20)).await;
    }
    false
}

#[wasm_bindgen_test]
async fn app_mounts_and_shows_the_embedded_dataset() {
    browser_history_writes_and_reads_the_query();
    let doc = document();
    let root = doc.create_element("div").unwrap();
    root.set_id("mecfs-timeline");
    doc.body().unwrap().append_child(&root).unwrap();
    mecfs_timeline::start();

    let n = Dataset::embedded().studies().len();
    let expected = format!("{n} studies");
    let shown = until(|| {
        doc.get_element_by_id("count-live")
            .and_then(|e| e.text_content())
            .as_deref()
            == Some(expected.as_str())
    })
    .await;
    assert!(shown, "count should read {expected}");
    // The timeline renders study marks, each with its stable hook (once it has measured its
    // width, which can be a scheduler slice after the count).
    let marks = until(|| {
        doc.query_selector_all(".tl-svg [data-study-id]")
            .unwrap()
            .length()
            > 0
    })
    .await;
    assert!(marks, "timeline should draw study marks");
    // Every mark's id is a real study.
    let first = doc
        .query_selector(".tl-svg [data-study-id]")
        .unwrap()
        .unwrap();
    let id = first.get_attribute("data-study-id").unwrap();
    assert!(Dataset::embedded().study_index(&id).is_some());

    // Filtering through the UI updates the count and the URL.
    let positive: web_sys::HtmlInputElement = doc
        .query_selector("input[data-facet='status'][data-value='positive']")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    positive.click();
    let n_pos = Dataset::embedded()
        .studies()
        .iter()
        .filter(|s| s.evidence == mecfs_timeline::model::Evidence::Positive)
        .count();
    let want = format!("{n_pos} studies");
    assert!(
        until(|| doc
            .get_element_by_id("count-live")
            .and_then(|e| e.text_content())
            .as_deref()
            == Some(want.as_str()))
        .await
    );
    assert!(
        until(|| mecfs_timeline::browser::query().contains("status=positive")).await,
        "URL follows the filter"
    );
}

/// Runs inside the mount test, before mounting: async tests interleave, and two tests writing
/// the same page's URL would race.
fn browser_history_writes_and_reads_the_query() {
    mecfs_timeline::browser::write("view=table&q=x", HistoryOp::Push);
    assert_eq!(mecfs_timeline::browser::query(), "view=table&q=x");
    mecfs_timeline::browser::write("view=compare", HistoryOp::Replace);
    assert_eq!(mecfs_timeline::browser::query(), "view=compare");
    assert!(mecfs_timeline::browser::link_to("a=1").ends_with("?a=1"));
    mecfs_timeline::browser::write("", HistoryOp::Replace);
    assert_eq!(mecfs_timeline::browser::query(), "");
}

#[wasm_bindgen_test]
fn non_ascii_text_is_lowercased_by_the_browser_like_rust_does() {
    use mecfs_timeline::caseless::{lower, lower_all};
    // The browser's toLowerCase does the work here (see crates/core/src/caseless.rs); these are
    // Rust's answers.
    assert_eq!(lower("Straße ÄÖÜ"), "straße äöü");
    assert_eq!(lower("ΟΔΟΣ Σ"), "οδος σ", "final sigma");
    assert_eq!(lower("β-Blocker İ"), "β-blocker i\u{307}");
    assert_eq!(lower("IVIG"), "ivig");
    let texts = vec![
        "Émile".to_string(),
        "ABC".into(),
        String::new(),
        "ÜBER\nZWEI".into(),
    ];
    assert_eq!(lower_all(texts), vec!["émile", "abc", "", "über\nzwei"]);
    // Caseless sorting goes through the same lowering (order::sort_caseless).
    let mut names = vec!["äpfel", "Ärzte", "Zebra", "ärzte"];
    mecfs_timeline::order::sort_caseless(&mut names, &|n| n.to_string());
    assert_eq!(
        names,
        vec!["Zebra", "äpfel", "Ärzte", "ärzte"],
        "z sorts before ä, as in Rust; equal names keep their order"
    );
}

#[wasm_bindgen_test]
fn today_comes_from_the_browser_clock() {
    let t = mecfs_timeline::browser::today();
    assert!((2024.0..2100.0).contains(&t), "today = {t}");
}

#[wasm_bindgen_test]
async fn copying_without_a_clipboard_reports_a_reason() {
    // Hide the clipboard on this navigator, as sandboxed frames and old browsers do.
    let nav = web_sys::window().unwrap().navigator();
    let desc = js_sys::Object::new();
    js_sys::Reflect::set(&desc, &"value".into(), &wasm_bindgen::JsValue::UNDEFINED).unwrap();
    js_sys::Reflect::set(&desc, &"configurable".into(), &true.into()).unwrap();
    js_sys::Object::define_property(&nav, &"clipboard".into(), &desc);
    let r = mecfs_timeline::browser::copy_text("hello").await;
    assert!(
        r.is_err(),
        "copy must fail gracefully when navigator.clipboard is missing"
    );
}
