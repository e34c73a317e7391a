//! The chart body (mechanism headings, lanes and study marks) written as one SVG markup string.
//!
//! A zoom, pan or filter step changes most of what is on screen. Building the markup in Rust and
//! handing it to the browser in one piece (yew inserts it with a single `innerHTML`) costs a few
//! milliseconds where building and diffing hundreds of virtual nodes, each reaching the DOM
//! through its own calls, cost over ten. Marks carry no listeners: the timeline listens once on
//! its container (clicks and hovers bubble up to it) and finds the study by `data-study-id`.
//!
//! Every string from the dataset in the markup goes through `markup::escape_into`, for text and
//! for attribute values alike.

use crate::components::glyph::{evidence_icon, num};
use crate::components::markup::{escape, escape_into};
use crate::model::{Evidence, Status};
use crate::session::Session;
use crate::timeline::labels::{self, Labels};
use crate::timeline::layout::{Layout, Mark};
use crate::timeline::scale::TimeScale;
use std::fmt::Write as _;

/// Vertical metrics of lanes (pixels), shared with the component.
pub const ROW_H: f64 = 24.0;
pub const LABEL_H: f64 = 16.0;
pub const HEADER_H: f64 = 30.0;
pub const MARK_H: f64 = 16.0;

/// Top of the mark in row `row` of a lane starting at `lane_y`.
pub fn mark_y(lane_y: f64, row: u16) -> f64 {
    lane_y + LABEL_H + 2.0 + row as f64 * ROW_H
}

/// Short, plain text describing a study (tooltip and screen-reader label).
pub fn describe(i: usize) -> String {
    let s = Session::get();
    let st = &s.data.studies()[i];
    let t = s.data.treatment(i);
    let when = match (st.start, st.end.or(st.published)) {
        (Some(a), Some(b)) => format!("{}–{}", a.year, b.year),
        (Some(a), None) if st.status == Status::Ongoing => format!("{}–ongoing", a.year),
        (Some(a), None) => a.year.to_string(),
        (None, Some(b)) => b.year.to_string(),
        (None, None) => st.status.label().to_string(),
    };
    let n = st
        .best_n()
        .map(|n| format!("{n} people"))
        .unwrap_or_else(|| "number of people not reported".into());
    format!(
        "{}: {} ({}). {}, {}, {}.",
        t.name,
        st.title,
        when,
        st.phase.label(),
        st.evidence.label(),
        n
    )
}

/// The escaped opening of a mark's group that depends only on its study (id, label for screen
/// readers) and its visible label: made once per study per page load.
struct MarkText {
    /// `id="mark-…" data-study-id="…" role="option" aria-label="…"`, escaped.
    attrs: String,
    /// The labels after the mark, longest first ("✓ Phase 3 · 40 people", "✓ Phase 3 · 40",
    /// "✓"), escaped, with their estimated widths (see `timeline::labels`).
    labels: Labels,
}

thread_local! {
    static MARK_TEXT: std::cell::RefCell<Vec<Option<std::rc::Rc<MarkText>>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

fn mark_text(i: usize) -> std::rc::Rc<MarkText> {
    MARK_TEXT.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() <= i {
            cache.resize(i + 1, None);
        }
        cache[i]
            .get_or_insert_with(|| {
                let s = &Session::get().data.studies()[i];
                let id = escape(&s.id);
                let attrs = format!(
                    r#"id="mark-{id}" data-study-id="{id}" role="option" aria-label="{}""#,
                    escape(&describe(i))
                );
                let mut labels = Labels::of(s, evidence_icon(s.evidence));
                for (text, _) in labels.variants.iter_mut() {
                    *text = escape(text);
                }
                std::rc::Rc::new(MarkText { attrs, labels })
            })
            .clone()
    })
}

/// What the chart body depends on besides the layout.
pub struct ChartView<'a> {
    pub lay: &'a Layout,
    pub scale: TimeScale,
    /// Vertical band to draw, in pixels (viewport plus overscan).
    pub top: f64,
    pub bottom: f64,
    pub selected: Option<usize>,
    pub focused: Option<usize>,
}

/// The headings, lanes and marks inside the band, as one `<g class="chart-body">` element.
pub fn chart_body(v: &ChartView) -> String {
    let data = Session::get().data;
    let lay = v.lay;
    let width = num(v.scale.width);
    let mut out = String::with_capacity(16 * 1024);
    out.push_str(r#"<g class="chart-body">"#);
    for gi in lay.groups_in(v.top, v.bottom) {
        let g = &lay.groups[gi];
        let _ = write!(
            out,
            r#"<g class="group-head" role="presentation"><rect x="0" y="{}" width="{width}" height="{}" class="group-band"></rect><text x="6" y="{}" class="group-label">"#,
            num(g.y),
            num(HEADER_H - 4.0),
            num(g.y + 18.0)
        );
        escape_into(&mut out, g.mechanism.label());
        out.push_str("</text></g>");
    }
    for (gi, li) in lay.lanes_in(v.top, v.bottom) {
        let lane = &lay.groups[gi].lanes[li];
        let t = &data.treatments()[lane.treatment];
        let n = lane.marks.len();
        let count = format!("{n} {}", if n == 1 { "study" } else { "studies" });
        let rule_y = num(lane.y + lane.height);
        out.push_str(r#"<g class="lane" role="group" aria-label=""#);
        escape_into(&mut out, &t.name);
        let _ = write!(
            out,
            r#": {count}, verdict: {}" data-lane=""#,
            Session::get().verdicts()[lane.treatment].category.label()
        );
        escape_into(&mut out, &t.key);
        let _ = write!(
            out,
            r#""><line class="lane-rule" x1="0" x2="{width}" y1="{rule_y}" y2="{rule_y}"></line><text x="6" y="{}" class="lane-label" aria-hidden="true">"#,
            num(lane.y + 12.0)
        );
        escape_into(&mut out, &t.name);
        // The treatment's verdict as a badge (icon and word, not colour alone; see `verdict`).
        let verdict = &Session::get().verdicts()[lane.treatment];
        let _ = write!(
            out,
            r#" · {n} · <tspan class="lane-verdict verdict-{}">{} {}</tspan></text>"#,
            verdict.category.key(),
            verdict.category.icon(),
            verdict.category.label()
        );
        for (i, m) in lay.marks_in_indexed(lane, v.scale.from, v.scale.to) {
            // The label may run up to the next mark in its row (a diamond reaches back half its
            // width) or the chart's right edge, whichever comes first.
            let limit = Layout::next_in_row(lane, i)
                .map(|n| v.scale.x(n.start) - if n.point { MARK_H / 2.0 } else { 0.0 })
                .unwrap_or(f64::INFINITY)
                .min(v.scale.width);
            mark(&mut out, v, m, lane.y, limit);
        }
        out.push_str("</g>");
    }
    out.push_str("</g>");
    out
}

/// One study's mark: a group translated to the mark's start, with the body (a bar with rounded
/// corners, or a diamond for a single date), start/end ticks, the open-end arrow, the
/// publication dot and the label. The pattern fill comes from the stylesheet by evidence class.
fn mark(out: &mut String, v: &ChartView, m: &Mark, lane_y: f64, limit: f64) {
    let data = Session::get().data;
    let s = &data.studies()[m.study];
    let scale = &v.scale;
    let text = mark_text(m.study);
    let x0 = scale.x(m.start).max(-20.0);
    let x1 = scale.x(m.end).min(scale.width + 20.0);
    let y = mark_y(lane_y, m.row);
    let w = (x1 - x0).max(if m.point { 0.0 } else { 8.0 });
    let ev = s.evidence;
    let planned = ev == Evidence::Planned || s.status == Status::Planned;
    let focused = v.focused == Some(m.study);
    out.push_str(r#"<g class="mark ev-"#);
    out.push_str(ev.key());
    for (on, name) in [
        (planned, " planned"),
        (m.open_end, " open-end"),
        (m.point, " point"),
        (v.selected == Some(m.study), " selected"),
        (focused, " focused"),
    ] {
        if on {
            out.push_str(name);
        }
    }
    let _ = write!(
        out,
        r#"" {} aria-selected="{focused}" transform="translate({} {})">"#,
        text.attrs,
        num(x0),
        num(y)
    );
    if m.point {
        out.push_str(r#"<path class="mark-body" d="M0 0L8 8L0 16L-8 8Z"></path>"#);
    } else {
        let (a, b) = (num(w - 3.0), num(w));
        let _ = write!(
            out,
            r#"<path class="mark-body" d="M3 0H{a}A3 3 0 0 1 {b} 3V13A3 3 0 0 1 {a} 16H3A3 3 0 0 1 0 13V3A3 3 0 0 1 3 0Z"></path>"#
        );
        if s.start.is_some() || s.end.is_some() {
            out.push_str(r#"<path class="ticks" d=""#);
            if s.start.is_some() {
                out.push_str("M0 -2V18");
            }
            if let Some(e) = s.end {
                let _ = write!(out, "M{} -2V18", num(scale.x(e.end_fraction()) - x0));
            }
            out.push_str(r#""></path>"#);
        }
        if m.open_end {
            let _ = write!(
                out,
                r#"<path class="open-arrow" d="M{b} 0l6 8l-6 8z"></path>"#
            );
        }
        if let Some(p) = s.published {
            let px = scale.x(p.start_fraction() + (p.end_fraction() - p.start_fraction()) / 2.0);
            let _ = write!(
                out,
                r#"<circle class="tick-pub" cx="{}" cy="8" r="3.5"></circle>"#,
                num(px - x0)
            );
        }
    }
    // Inside a bar long enough for a label, else after the mark, in the room up to `limit`:
    // the longest label that fits, or none (never over a neighbour; see `timeline::labels`).
    let labels = &text.labels;
    let inside = if m.point {
        None
    } else {
        labels.fit(w - 12.0).filter(|&k| k < 2)
    };
    let (class, text_dx, pick) = match inside {
        Some(k) => ("mark-label inside", 6.0, Some(k)),
        None => {
            let dx = if m.point {
                MARK_H / 2.0 + 4.0
            } else {
                w + (if m.open_end { 10.0 } else { 4.0 })
            };
            let room = limit - x0 - dx - labels::GAP;
            ("mark-label", dx, labels.fit(room))
        }
    };
    if let Some(k) = pick {
        let _ = write!(
            out,
            r#"<text class="{class}" x="{}" y="12">{}</text>"#,
            num(text_dx),
            labels.variants[k].0
        );
    }
    out.push_str("</g>");
}
