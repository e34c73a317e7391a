//! The chart body (mechanism headings, lanes and study marks) written as one SVG markup string.
//!
//! A zoom, pan or filter step changes most of what is on screen. Building the markup in Rust and
//! handing it to the browser in one piece (yew inserts it with a single `innerHTML`) costs a few
//! milliseconds where building and diffing hundreds of virtual nodes, each reaching the DOM
//! through its own calls, cost over ten. Marks carry no listeners: the timeline listens once on
//! its container (clicks and hovers bubble up to it) and finds the study by `data-study-id`.
//!
//! What the browser styles, lays out and paints per step is kept to about two elements per mark:
//! the mark is its body (the shape that carries the study's id, accessible name and state) and
//! its label; a lane's ticks, publication dots and open-end arrows are one path each, and the
//! rules between lanes one path for the whole band.
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

/// The escaped attributes of a mark's shape that depend only on its study (id, label for screen
/// readers) and its visible label: made once per study per page load.
struct MarkText {
    /// `id="mark-…" data-study-id="…" role="option" aria-label="…"`, escaped.
    attrs: String,
    /// The label variants (drawn inside the bar or after it), longest first ("✓ Phase 3 · 40
    /// people", "✓ Phase 3 · 40", "✓"), escaped, with their estimated widths (see
    /// `timeline::labels`).
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
    // The rules between lanes, one path under everything else.
    let lanes = lay.lanes_in(v.top, v.bottom);
    let mut rules = String::new();
    for &(gi, li) in &lanes {
        let lane = &lay.groups[gi].lanes[li];
        let _ = write!(rules, "M0 {}H{width}", num(lane.y + lane.height));
    }
    if !rules.is_empty() {
        let _ = write!(out, r#"<path class="lane-rule" d="{rules}"></path>"#);
    }
    for (gi, li) in lanes {
        let lane = &lay.groups[gi].lanes[li];
        let t = &data.treatments()[lane.treatment];
        let n = lane.marks.len();
        let count = format!("{n} {}", if n == 1 { "study" } else { "studies" });
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
            r#""><text x="6" y="{}" class="lane-label" aria-hidden="true">"#,
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
        // Each mark is one shape (its body, the option screen readers move through); the
        // lane's ticks, publication dots and open-end arrows are one path each, drawn after the
        // bodies, and the labels come last, so no tick or dot covers a label. A filter or zoom
        // step rebuilds a few hundred elements instead of four or five per mark.
        let mut extras = LaneExtras::default();
        for (i, m) in lay.marks_in_indexed(lane, v.scale.from, v.scale.to) {
            // The label may run up to the next mark in its row (a diamond reaches back half its
            // width) or the chart's right edge, whichever comes first.
            let limit = Layout::next_in_row(lane, i)
                .map(|n| v.scale.x(n.start) - if n.point { MARK_H / 2.0 } else { 0.0 })
                .unwrap_or(f64::INFINITY)
                .min(v.scale.width);
            mark(&mut out, &mut extras, v, m, lane.y, limit);
        }
        extras.write_into(&mut out);
        out.push_str("</g>");
    }
    out.push_str("</g>");
    out
}

/// What a lane draws after its marks' bodies: one path each for the start/end ticks, the
/// publication dots and the open-end arrows, then the labels (all in chart coordinates).
#[derive(Default)]
struct LaneExtras {
    ticks: String,
    dots: String,
    arrows: String,
    labels: String,
}

impl LaneExtras {
    fn write_into(&self, out: &mut String) {
        for (class, d) in [
            ("ticks", &self.ticks),
            ("open-arrow", &self.arrows),
            ("tick-pub", &self.dots),
        ] {
            if !d.is_empty() {
                let _ = write!(out, r#"<path class="{class}" d="{d}"></path>"#);
            }
        }
        out.push_str(&self.labels);
    }
}

/// One study's mark: its body (a bar with rounded corners, or a diamond for a single date)
/// translated to the mark's start, carrying the study's id, label for screen readers and state
/// classes; its start/end ticks, open-end arrow, publication dot and label go to the lane's
/// `extras`. The pattern fill comes from the stylesheet by evidence class.
fn mark(
    out: &mut String,
    extras: &mut LaneExtras,
    v: &ChartView,
    m: &Mark,
    lane_y: f64,
    limit: f64,
) {
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
    out.push_str(r#"<path class="mark mark-body ev-"#);
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
        r#"" {} aria-selected="{focused}" transform="translate({} {})" d=""#,
        text.attrs,
        num(x0),
        num(y)
    );
    if m.point {
        out.push_str(r#"M0 0L8 8L0 16L-8 8Z"></path>"#);
    } else {
        let (a, b) = (num(w - 3.0), num(w));
        let _ = write!(
            out,
            r#"M3 0H{a}A3 3 0 0 1 {b} 3V13A3 3 0 0 1 {a} 16H3A3 3 0 0 1 0 13V3A3 3 0 0 1 3 0Z"></path>"#
        );
        let (top, bottom) = (num(y - 2.0), num(y + 18.0));
        if s.start.is_some() {
            let _ = write!(extras.ticks, "M{} {top}V{bottom}", num(x0));
        }
        if let Some(e) = s.end {
            let _ = write!(
                extras.ticks,
                "M{} {top}V{bottom}",
                num(scale.x(e.end_fraction()))
            );
        }
        if m.open_end {
            let _ = write!(extras.arrows, "M{} {}l6 8l-6 8z", num(x0 + w), num(y));
        }
        if let Some(p) = s.published {
            let px = scale.x(p.start_fraction() + (p.end_fraction() - p.start_fraction()) / 2.0);
            // A circle of radius 3.5 as two arcs.
            let _ = write!(
                extras.dots,
                "M{} {}a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0",
                num(px - 3.5),
                num(y + 8.0)
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
    let (dx, pick) = match inside {
        Some(k) => (6.0, Some(k)),
        None => {
            let dx = if m.point {
                MARK_H / 2.0 + 4.0
            } else {
                w + (if m.open_end { 10.0 } else { 4.0 })
            };
            let room = limit - x0 - dx - labels::GAP;
            (dx, labels.fit(room))
        }
    };
    if let Some(k) = pick {
        let l = &mut extras.labels;
        l.push_str(r#"<text class="mark-label"#);
        if inside.is_some() {
            l.push_str(" inside");
            // Dark evidence colours take white text inside the bar.
            if matches!(
                ev,
                Evidence::Approved | Evidence::Negative | Evidence::Positive | Evidence::Refuted
            ) {
                l.push_str(" on-dark");
            }
        }
        if focused {
            l.push_str(" focused");
        }
        let _ = write!(
            l,
            r#"" aria-hidden="true" x="{}" y="{}">{}</text>"#,
            num(x0 + dx),
            num(y + 12.0),
            labels.variants[k].0
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::layout::{layout, LayoutInput};

    /// The whole embedded dataset laid out at 1280 px, drawn from top to bottom.
    fn whole_chart() -> (String, usize) {
        let s = Session::get();
        let all: Vec<usize> = (0..s.data.studies().len()).collect();
        let lay = layout(
            &LayoutInput {
                studies: s.data.studies(),
                visible: &all,
                treatment_of: &s.data.treatment_of,
                treatments: s.data.treatments(),
                today: s.today,
            },
            &crate::components::timeline::metrics(4.0),
        );
        let scale = TimeScale::new(1985.0, 2035.0, 1278.0);
        let focused = lay.groups[0].lanes[0].marks[0].study;
        let body = chart_body(&ChartView {
            lay: &lay,
            scale,
            top: 0.0,
            bottom: lay.height,
            selected: Some(focused),
            focused: Some(focused),
        });
        (body, focused)
    }

    #[test]
    fn every_mark_is_one_shape_and_labels_come_after_ticks_and_dots() {
        let (body, focused) = whole_chart();
        let marks = body.matches("data-study-id=").count();
        assert_eq!(
            marks,
            Session::get().data.studies().len(),
            "every study drawn once"
        );
        // Bodies are the only elements carrying a study: no per-mark group, tick or dot.
        assert_eq!(
            body.matches(r#"<path class="mark mark-body ev-"#).count(),
            marks
        );
        assert!(!body.contains("<circle"));
        assert!(!body.contains(r#"<g class="mark"#));
        // Within each lane: the bodies, then the lane's tick and dot paths, then its labels.
        let lanes: Vec<&str> = body.split(r#"<g class="lane""#).skip(1).collect();
        assert!(lanes.len() > 50);
        for lane in &lanes {
            let last_body = lane
                .rfind(r#"class="mark mark-body"#)
                .expect("a lane has marks");
            let first_label = lane.find(r#"<text class="mark-label"#);
            for extra in [r#"<path class="ticks""#, r#"<path class="tick-pub""#] {
                if let Some(at) = lane.find(extra) {
                    assert!(at > last_body, "{extra} after the bodies");
                    assert!(
                        first_label.is_none_or(|l| at < l),
                        "{extra} before the labels"
                    );
                }
            }
            if let Some(l) = first_label {
                assert!(l > last_body, "labels after the bodies");
            }
        }
        assert!(body.contains(r#"<path class="tick-pub""#));
        assert!(body.contains(r#"<path class="ticks""#));
        // Labels repeat the mark's accessible name, so screen readers skip them.
        let labels = body.matches(r#"<text class="mark-label"#).count();
        assert!(labels > 0 && labels <= marks);
        assert_eq!(
            body.matches(r#"aria-hidden="true" x="#).count(),
            labels,
            "every mark label is hidden from screen readers"
        );
        // The focused study's state is on its shape and on its label.
        let id = escape(&Session::get().data.studies()[focused].id);
        let at = body.find(&format!(r#"id="mark-{id}""#)).unwrap();
        let open = body[..at].rfind("<path").unwrap();
        assert!(body[open..at].contains(" selected focused"));
        assert!(
            body.contains(r#"class="mark-label focused""#)
                || body.contains(" inside focused")
                || body.contains(" on-dark focused")
        );
    }
}
