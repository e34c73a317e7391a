//! Native component tests: yew's server-side renderer turns components into HTML without a
//! browser, so what each view shows can be checked in plain `cargo test`.
#![cfg(not(target_arch = "wasm32"))]

use mecfs_timeline::components::detail::{Detail, DetailProps};
use mecfs_timeline::components::filters::{FilterPanel, FilterPanelProps};
use mecfs_timeline::components::legend::Legend;
use mecfs_timeline::dataset::Dataset;
use mecfs_timeline::model::Evidence;
use mecfs_timeline::session::Session;
use mecfs_timeline::view::Filters;
use yew::{Callback, LocalServerRenderer};

fn render<C: yew::BaseComponent>(props: C::Properties) -> String {
    futures::executor::block_on(LocalServerRenderer::<C>::with_props(props).render())
}

#[test]
fn detail_shows_attrition_checklist_and_sources() {
    let s = Session::get();
    let i = s
        .data
        .study_index("ruan-2025-rapamycin-pilot")
        .expect("rapamycin pilot in dataset");
    let html = render::<Detail>(DetailProps {
        study: i,
        on_close: Callback::noop(),
        link: "https://x/?study=ruan-2025-rapamycin-pilot".into(),
    });
    assert!(html.contains("data-study-id=\"ruan-2025-rapamycin-pilot\""));
    // The journal version: 86 started, 70 reached the first check; how many finished all 90
    // days is not in the journal abstract.
    for n in ["86", "70", "not reported"] {
        assert!(html.contains(&format!(">{n}<")), "attrition bar shows {n}");
    }
    // Harms come right after the result, as prominently.
    let found = html.find("What was found").expect("result heading");
    let harms = html.find("Harms and side effects").expect("harms heading");
    let design = html.find("How it was done").expect("design heading");
    assert!(found < harms && harms < design, "harms follow the result");
    assert!(html.contains("Serious adverse events: none."), "{html}");
    assert!(html.contains("Reported in: Peer-reviewed paper."));
    assert_eq!(
        html.matches("data-check=").count(),
        7,
        "seven checklist items"
    );
    assert!(html.contains("https://doi.org/10.1186/s12967-025-07213-8"));
    assert!(html.contains("Preliminary (uncontrolled)"));
}

#[test]
fn filter_panel_counts_come_from_the_index() {
    let s = Session::get();
    let f = Filters::default();
    let (_, counts) = s.index.apply(s.data, &f);
    let html = render::<FilterPanel>(FilterPanelProps {
        filters: f,
        counts,
        on_action: Callback::noop(),
    });
    let positive = Dataset::embedded()
        .studies()
        .iter()
        .filter(|s| s.evidence == Evidence::Positive)
        .count();
    assert!(
        html.contains(&format!("aria-label=\"{positive} studies\"")),
        "positive count {positive} shown"
    );
    assert!(html.contains("Reset all"));
}

#[test]
fn legend_explains_every_evidence_status() {
    let html = render::<Legend>(mecfs_timeline::components::legend::LegendProps { open: true });
    for e in Evidence::ALL {
        assert!(html.contains(e.definition()), "legend defines {e:?}");
    }
}
