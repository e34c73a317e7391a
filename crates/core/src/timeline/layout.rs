//! Where every study sits on the timeline, vertically: one heading per mechanism (in
//! [`Mechanism::ALL`] order), one lane per treatment under it (sorted by name), and inside a lane
//! as many rows as it takes for overlapping studies not to cover each other. Also the lookups
//! that keep rendering virtualised (which lanes, groups and marks are inside the viewport, each
//! answered by binary search) and the keyboard navigation between marks.
//!
//! Horizontal positions stay in fractional years here; `scale` turns them into pixels, so a zoom
//! or pan never recomputes the layout.

use crate::model::{Mechanism, Status, Study, Treatment};
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// What to lay out.
#[derive(Clone, Copy, Debug)]
pub struct LayoutInput<'a> {
    /// The dataset's studies.
    pub studies: &'a [Study],
    /// Indices into `studies`, already filtered. Out-of-range and repeated indices are skipped.
    pub visible: &'a [usize],
    /// Study index → index into `treatments`.
    pub treatment_of: &'a [usize],
    /// The dataset's treatments (their mechanism picks the group, their name orders the lanes).
    pub treatments: &'a [Treatment],
    /// Today as a fractional year: where ongoing studies end and undated ones are drawn.
    pub today: f64,
}

/// Sizes, in pixels except `min_mark_years`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metrics {
    /// Height of a mechanism heading.
    pub header_height: f64,
    /// Height of one row of marks.
    pub row_height: f64,
    /// Space above and below the rows of a lane.
    pub lane_padding: f64,
    /// Marks shorter than this (in years) still reserve this much horizontal room when stacking,
    /// so labels and points don't collide.
    pub min_mark_years: f64,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            header_height: 32.0,
            row_height: 22.0,
            lane_padding: 4.0,
            min_mark_years: 0.6,
        }
    }
}

/// One study on the timeline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mark {
    /// Index into the dataset's studies.
    pub study: usize,
    /// Row within the lane, 0 at the top.
    pub row: u16,
    /// Fractional year the mark starts.
    pub start: f64,
    /// Fractional year the mark ends (`>= start`).
    pub end: f64,
    /// Only a single date is known (or none: a planned study drawn at today). `start..end` is
    /// then the precision of that date, e.g. the whole of 2019 for "2019".
    pub point: bool,
    /// Ongoing with no end date: runs to today, drawn without a closing edge.
    pub open_end: bool,
}

impl Mark {
    /// Where the mark stops reserving room in its row: short marks still take `min_years`.
    pub fn reach(&self, min_years: f64) -> f64 {
        self.end.max(self.start + min_years)
    }
}

/// One treatment's lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    /// Index into the dataset's treatments.
    pub treatment: usize,
    /// Number of rows its marks use (at least 1).
    pub rows: u16,
    /// Top edge, in pixels from the top of the timeline.
    pub y: f64,
    /// `rows * row_height + 2 * lane_padding`.
    pub height: f64,
    /// Sorted by start (then end, then study index).
    pub marks: Vec<Mark>,
    /// `end_max[i]` is the latest end among `marks[..=i]`: non-decreasing, so a binary search
    /// finds the first mark that can still reach into a window even when a long mark started
    /// well before it.
    end_max: Vec<f64>,
}

/// One mechanism heading and its lanes.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub mechanism: Mechanism,
    /// Top edge of the heading, in pixels.
    pub y: f64,
    pub header_height: f64,
    /// Sorted by treatment name, ignoring case; never empty.
    pub lanes: Vec<Lane>,
}

impl Group {
    /// Bottom edge of the group's last lane (or of its heading).
    pub fn bottom(&self) -> f64 {
        self.lanes
            .last()
            .map_or(self.y + self.header_height, |l| l.y + l.height)
    }
}

/// Where a study ended up, for [`Layout::find`].
#[derive(Clone, Copy, Debug, PartialEq)]
struct Place {
    study: usize,
    group: u32,
    lane: u32,
    mark: u32,
}

/// The whole vertical layout. Build it with [`layout`]; it also keeps private indexes, so treat
/// it as read-only.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Layout {
    /// Non-empty groups in [`Mechanism::ALL`] order.
    pub groups: Vec<Group>,
    /// Total height in pixels.
    pub height: f64,
    /// Earliest start and latest end over all marks; `None` when there are none.
    pub extent: Option<(f64, f64)>,
    pub lane_count: usize,
    pub mark_count: usize,
    /// Sorted by study.
    places: Vec<Place>,
}

/// The mark a study gets, before stacking gives it a row.
fn mark_for(study: &Study, index: usize, today: f64) -> Mark {
    let Some((start, end)) = study.span(today) else {
        // No date at all: nothing has happened yet, so it is drawn as planned, at today.
        return Mark {
            study: index,
            row: 0,
            start: today,
            end: today,
            point: true,
            open_end: false,
        };
    };
    let known = [study.start, study.end, study.published]
        .iter()
        .filter(|d| d.is_some())
        .count();
    let open_end = study.status == Status::Ongoing && study.end.is_none();
    Mark {
        study: index,
        row: 0,
        start,
        // An interim paper must not cut short a study that is still running.
        end: if open_end { end.max(today) } else { end },
        point: known == 1 && study.status != Status::Ongoing,
        open_end,
    }
}

/// A row's reach, ordered so the heap pops the row that frees up first (ties: lowest row).
#[derive(Clone, Copy, Debug)]
struct Busy {
    reach: f64,
    row: usize,
}

impl Ord for Busy {
    fn cmp(&self, other: &Self) -> Ordering {
        self.reach
            .total_cmp(&other.reach)
            .then(self.row.cmp(&other.row))
    }
}

impl PartialOrd for Busy {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Busy {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Busy {}

/// Gives each mark (sorted by start) the first row whose last reach is at or before its start;
/// returns the number of rows. First-fit in start order uses the fewest rows possible (the most
/// marks overlapping at any moment). Rows that have freed up wait in a min-heap so "first" costs
/// O(log n) instead of a scan over all rows.
fn stack(marks: &mut [Mark], min_years: f64) -> usize {
    let mut busy: BinaryHeap<Reverse<Busy>> = BinaryHeap::new();
    let mut free: BinaryHeap<Reverse<usize>> = BinaryHeap::new();
    let mut rows = 0;
    for mark in marks.iter_mut() {
        while let Some(Reverse(b)) = busy.peek() {
            if b.reach > mark.start {
                break;
            }
            free.push(Reverse(b.row));
            busy.pop();
        }
        let row = match free.pop() {
            Some(Reverse(row)) => row,
            None => {
                rows += 1;
                rows - 1
            }
        };
        // More than 65,535 studies overlapping in one lane cannot happen with real data; if it
        // did, the excess would share the last row rather than wrap to the top.
        mark.row = u16::try_from(row).unwrap_or(u16::MAX);
        busy.push(Reverse(Busy {
            reach: mark.reach(min_years),
            row,
        }));
    }
    rows
}

fn build_lane(treatment: usize, mut marks: Vec<Mark>, y: f64, m: &Metrics) -> Lane {
    crate::order::sort_by(&mut marks, &|a, b| {
        a.start
            .total_cmp(&b.start)
            .then(a.end.total_cmp(&b.end))
            .then(a.study.cmp(&b.study))
    });
    let rows = u16::try_from(stack(&mut marks, m.min_mark_years).max(1)).unwrap_or(u16::MAX);
    let mut end_max = Vec::with_capacity(marks.len());
    let mut latest = f64::NEG_INFINITY;
    for mark in &marks {
        latest = latest.max(mark.end);
        end_max.push(latest);
    }
    let height = f64::from(rows) * m.row_height + 2.0 * m.lane_padding;
    Lane {
        treatment,
        rows,
        y,
        height,
        marks,
        end_max,
    }
}

/// Lays out the visible studies. O(n log n) in the number of visible studies, plus O(t) in the
/// number of treatments.
///
/// Groups follow [`Mechanism::ALL`] and only non-empty ones appear; lanes are sorted by treatment
/// name ignoring case and only treatments with a visible study get one. A study with no date at
/// all is a point at `today`; one with a single known date is a point unless it is ongoing; an
/// ongoing study without an end date runs to `today` (`open_end`). Indices that don't resolve to
/// a study or treatment are skipped (the dataset validator rules them out).
pub fn layout(input: &LayoutInput, metrics: &Metrics) -> Layout {
    // Negative or NaN sizes would make y go backwards and break every binary search below.
    let m = Metrics {
        header_height: metrics.header_height.max(0.0),
        row_height: metrics.row_height.max(0.0),
        lane_padding: metrics.lane_padding.max(0.0),
        min_mark_years: metrics.min_mark_years.max(0.0),
    };

    let mut per_treatment: Vec<Vec<Mark>> = vec![Vec::new(); input.treatments.len()];
    let mut seen = vec![false; input.studies.len()];
    for &s in input.visible {
        let Some(study) = input.studies.get(s) else {
            continue;
        };
        let Some(&t) = input.treatment_of.get(s) else {
            continue;
        };
        if t >= input.treatments.len() || seen[s] {
            continue;
        }
        seen[s] = true;
        per_treatment[t].push(mark_for(study, s, input.today));
    }

    let mut by_mechanism: Vec<Vec<usize>> = vec![Vec::new(); Mechanism::ALL.len()];
    for (t, marks) in per_treatment.iter().enumerate() {
        if !marks.is_empty() {
            by_mechanism[input.treatments[t].mechanism.index()].push(t);
        }
    }

    let mut out = Layout::default();
    let mut y = 0.0;
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for &mechanism in Mechanism::ALL {
        let treatments = &mut by_mechanism[mechanism.index()];
        if treatments.is_empty() {
            continue;
        }
        // The list is in dataset order and the sort is stable, so equal names keep that order.
        crate::order::sort_caseless(treatments, &|&t| input.treatments[t].name.clone());
        let group_index = out.groups.len() as u32;
        let mut group = Group {
            mechanism,
            y,
            header_height: m.header_height,
            lanes: Vec::new(),
        };
        y += m.header_height;
        for &t in treatments.iter() {
            let lane = build_lane(t, std::mem::take(&mut per_treatment[t]), y, &m);
            y += lane.height;
            let lane_index = group.lanes.len() as u32;
            for (i, mark) in lane.marks.iter().enumerate() {
                lo = lo.min(mark.start);
                hi = hi.max(mark.end);
                out.places.push(Place {
                    study: mark.study,
                    group: group_index,
                    lane: lane_index,
                    mark: i as u32,
                });
            }
            out.mark_count += lane.marks.len();
            group.lanes.push(lane);
        }
        out.lane_count += group.lanes.len();
        out.groups.push(group);
    }
    crate::order::sort_by(&mut out.places, &|a, b| a.study.cmp(&b.study));
    out.height = y;
    out.extent = (lo <= hi).then_some((lo, hi));
    out
}

impl Layout {
    /// Lanes whose vertical extent intersects [top, bottom] (pixel offsets), as (group index,
    /// lane index) in top-to-bottom order. A lane counts when it starts above `bottom` and ends
    /// below `top`. O(log n + k) via binary search on y, for virtualised rendering.
    pub fn lanes_in(&self, top: f64, bottom: f64) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let first = self.groups.partition_point(|g| g.bottom() <= top);
        for (g, group) in self.groups.iter().enumerate().skip(first) {
            if group.y >= bottom {
                break;
            }
            let from = group.lanes.partition_point(|l| l.y + l.height <= top);
            for (l, lane) in group.lanes.iter().enumerate().skip(from) {
                if lane.y >= bottom {
                    break;
                }
                out.push((g, l));
            }
        }
        out
    }

    /// Groups intersecting [top, bottom] (for headings), top to bottom; the first is the one
    /// whose heading should stick to the top of the viewport.
    pub fn groups_in(&self, top: f64, bottom: f64) -> Vec<usize> {
        let first = self.groups.partition_point(|g| g.bottom() <= top);
        (first..self.groups.len())
            .take_while(|&g| self.groups[g].y < bottom)
            .collect()
    }

    /// Marks of a lane intersecting the year window [from, to], in start order. Binary search
    /// bounds both ends, so a lane of thousands of marks costs O(log n + k); long marks that
    /// started before `from` are still included. Points are zero-width here: callers that draw
    /// them with a radius should widen the window by that radius.
    pub fn marks_in<'l>(
        &self,
        lane: &'l Lane,
        from: f64,
        to: f64,
    ) -> impl Iterator<Item = &'l Mark> {
        let hi = lane.marks.partition_point(|m| m.start <= to);
        // A lane assembled by hand has no end index; fall back to a scan from the start.
        let lo = if lane.end_max.len() == lane.marks.len() {
            lane.end_max.partition_point(|&e| e < from).min(hi)
        } else {
            0
        };
        lane.marks[lo..hi].iter().filter(move |m| m.end >= from)
    }

    /// [`Layout::marks_in`] with each mark's index in `lane.marks`.
    pub fn marks_in_indexed<'l>(
        &self,
        lane: &'l Lane,
        from: f64,
        to: f64,
    ) -> impl Iterator<Item = (usize, &'l Mark)> {
        let hi = lane.marks.partition_point(|m| m.start <= to);
        let lo = if lane.end_max.len() == lane.marks.len() {
            lane.end_max.partition_point(|&e| e < from).min(hi)
        } else {
            0
        };
        (lo..hi)
            .map(move |i| (i, &lane.marks[i]))
            .filter(move |(_, m)| m.end >= from)
    }

    /// The next mark after `lane.marks[i]` in the same row (marks are sorted by start, so it is
    /// the first later one with that row): the room a label has ends there.
    pub fn next_in_row(lane: &Lane, i: usize) -> Option<&Mark> {
        let row = lane.marks.get(i)?.row;
        lane.marks[i + 1..].iter().find(|m| m.row == row)
    }

    /// Position of a study (group, lane, mark index) for keyboard navigation and scroll-into-view;
    /// `None` when it is not laid out (filtered out). O(log n).
    pub fn find(&self, study: usize) -> Option<(usize, usize, usize)> {
        let i = self.places.binary_search_by_key(&study, |p| p.study).ok()?;
        let p = self.places[i];
        Some((p.group as usize, p.lane as usize, p.mark as usize))
    }

    /// The lane at (group, lane), if it exists.
    pub fn lane(&self, group: usize, lane: usize) -> Option<&Lane> {
        self.groups.get(group)?.lanes.get(lane)
    }

    /// The lane after (g, l) in top-to-bottom order, crossing into the next group.
    fn lane_after(&self, g: usize, l: usize) -> Option<(usize, usize)> {
        if l + 1 < self.groups.get(g)?.lanes.len() {
            return Some((g, l + 1));
        }
        (g + 1..self.groups.len())
            .find(|&n| !self.groups[n].lanes.is_empty())
            .map(|n| (n, 0))
    }

    /// The lane before (g, l) in top-to-bottom order, crossing into the previous group.
    fn lane_before(&self, g: usize, l: usize) -> Option<(usize, usize)> {
        if l > 0 {
            return Some((g, l - 1));
        }
        (0..g.min(self.groups.len()))
            .rev()
            .find(|&n| !self.groups[n].lanes.is_empty())
            .map(|n| (n, self.groups[n].lanes.len() - 1))
    }

    fn first_mark(&self) -> Option<usize> {
        self.groups
            .iter()
            .flat_map(|g| &g.lanes)
            .find_map(|l| l.marks.first())
            .map(|m| m.study)
    }

    fn last_mark(&self) -> Option<usize> {
        self.groups
            .iter()
            .rev()
            .flat_map(|g| g.lanes.iter().rev())
            .find_map(|l| l.marks.last())
            .map(|m| m.study)
    }
}

/// A navigation key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Nav {
    /// Next mark along the lane (→).
    Next,
    /// Previous mark along the lane (←).
    Prev,
    /// The lane below (↓).
    LaneDown,
    /// The lane above (↑).
    LaneUp,
    /// First mark overall (Home).
    First,
    /// Last mark overall (End).
    Last,
}

/// From the focused study, the study that a key moves to: Next/Prev along the lane (then wrap
/// into the next/previous lane), LaneDown/LaneUp to the mark in the adjacent lane (across
/// groups) whose start is nearest the current one (the earlier on a tie), First/Last: first/last
/// mark overall.
///
/// With nothing focused, or a focused study that is filtered out, every key goes to the first
/// mark except `Last`, which goes to the last. At the edges (Next on the very last mark, LaneUp in
/// the top lane, …) focus stays where it is rather than jumping to the other end. `None` only
/// when the layout has no marks.
pub fn navigate(layout: &Layout, focused: Option<usize>, nav: Nav) -> Option<usize> {
    let Some((g, l, m)) = focused.and_then(|s| layout.find(s)) else {
        return match nav {
            Nav::Last => layout.last_mark(),
            _ => layout.first_mark(),
        };
    };
    let lane = layout.lane(g, l)?;
    let here = lane.marks.get(m)?;
    let moved = match nav {
        Nav::First => layout.first_mark(),
        Nav::Last => layout.last_mark(),
        Nav::Next => lane.marks.get(m + 1).map(|n| n.study).or_else(|| {
            let (ng, nl) = layout.lane_after(g, l)?;
            layout.lane(ng, nl)?.marks.first().map(|n| n.study)
        }),
        Nav::Prev => m
            .checked_sub(1)
            .and_then(|p| lane.marks.get(p))
            .map(|n| n.study)
            .or_else(|| {
                let (pg, pl) = layout.lane_before(g, l)?;
                layout.lane(pg, pl)?.marks.last().map(|n| n.study)
            }),
        Nav::LaneDown => layout
            .lane_after(g, l)
            .and_then(|(ng, nl)| nearest(layout.lane(ng, nl)?, here.start)),
        Nav::LaneUp => layout
            .lane_before(g, l)
            .and_then(|(pg, pl)| nearest(layout.lane(pg, pl)?, here.start)),
    };
    Some(moved.unwrap_or(here.study))
}

/// The study in `lane` whose start is nearest `start` (the earlier one on a tie).
fn nearest(lane: &Lane, start: f64) -> Option<usize> {
    let i = lane.marks.partition_point(|m| m.start < start);
    let before = i.checked_sub(1).and_then(|b| lane.marks.get(b));
    let after = lane.marks.get(i);
    match (before, after) {
        (Some(b), Some(a)) => Some(if start - b.start <= a.start - start {
            b.study
        } else {
            a.study
        }),
        (Some(only), None) | (None, Some(only)) => Some(only.study),
        (None, None) => None,
    }
}

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    reason = "tests run natively: they check the shared routines against the standard library's"
)]
mod tests {
    use super::*;
    use crate::model::{Confidence, PartialDate};
    use crate::testing::bare_study;

    const TODAY: f64 = 2026.4;

    fn date(s: &str) -> Option<PartialDate> {
        Some(PartialDate::parse(s).unwrap())
    }

    fn study(
        start: Option<PartialDate>,
        end: Option<PartialDate>,
        published: Option<PartialDate>,
        status: Status,
    ) -> Study {
        Study {
            start,
            end,
            published,
            status,
            confidence: Confidence::High,
            last_reviewed: PartialDate::year(2025),
            ..bare_study()
        }
    }

    fn treatment(name: &str, mechanism: Mechanism) -> Treatment {
        Treatment {
            key: name.to_lowercase(),
            name: name.to_string(),
            target: String::new(),
            mechanism,
            note: None,
        }
    }

    /// A study spanning exactly `a..b` in fractional years, with month precision.
    fn span_study(a: (i32, u8), b: (i32, u8)) -> Study {
        let d = |(y, m): (i32, u8)| {
            Some(PartialDate {
                year: y,
                month: Some(m),
                day: None,
            })
        };
        study(d(a), d(b), None, Status::Completed)
    }

    const M: Metrics = Metrics {
        header_height: 30.0,
        row_height: 20.0,
        lane_padding: 5.0,
        min_mark_years: 0.6,
    };

    fn lay(studies: &[Study], treatment_of: &[usize], treatments: &[Treatment]) -> Layout {
        let visible: Vec<usize> = (0..studies.len()).collect();
        layout(
            &LayoutInput {
                studies,
                visible: &visible,
                treatment_of,
                treatments,
                today: TODAY,
            },
            &M,
        )
    }

    #[test]
    fn point_open_end_and_planned_rules() {
        let studies = [
            study(
                date("2019-03"),
                date("2021-06"),
                date("2022"),
                Status::Published,
            ),
            study(date("2020"), None, None, Status::Completed),
            study(None, None, date("2018-05"), Status::Published),
            study(date("2024-01"), None, None, Status::Ongoing),
            study(date("2023-01"), None, date("2024-06"), Status::Ongoing),
            study(None, None, None, Status::Planned),
            study(date("2027"), None, None, Status::Planned),
        ];
        let treatments = [treatment("A", Mechanism::Immune)];
        let out = lay(&studies, &[0; 7], &treatments);
        let get = |s: usize| {
            let (g, l, m) = out.find(s).unwrap();
            out.groups[g].lanes[l].marks[m]
        };
        let full = get(0);
        assert!(!full.point && !full.open_end);
        assert!((full.start - 2019.0 - 2.0 / 12.0).abs() < 1e-9 && full.end == 2023.0);
        let single = get(1);
        assert!(single.point && !single.open_end);
        assert_eq!((single.start, single.end), (2020.0, 2021.0));
        assert!(get(2).point);
        let ongoing = get(3);
        assert!(ongoing.open_end && !ongoing.point);
        assert_eq!((ongoing.start, ongoing.end), (2024.0, TODAY));
        // An interim paper does not end an ongoing study.
        let interim = get(4);
        assert!(interim.open_end && !interim.point);
        assert_eq!(interim.end, TODAY);
        let planned = get(5);
        assert!(planned.point && !planned.open_end);
        assert_eq!((planned.start, planned.end), (TODAY, TODAY));
        let future = get(6);
        assert!(future.point && future.start == 2027.0);
        assert_eq!(out.mark_count, 7);
        assert_eq!(out.extent, Some((2018.0 + 4.0 / 12.0, 2028.0)));
    }

    #[test]
    fn groups_follow_mechanism_order_and_lanes_sort_by_name() {
        let treatments = [
            treatment("zinc", Mechanism::Metabolic),
            treatment("Rituximab", Mechanism::Immune),
            treatment("Ampligen", Mechanism::Immune),
            treatment("beta blocker", Mechanism::Autonomic),
            treatment("Unused", Mechanism::Gut),
            treatment("CoQ10", Mechanism::Metabolic),
            treatment("filtered", Mechanism::Neuro),
        ];
        let studies: Vec<Study> = (0..7).map(|_| span_study((2015, 1), (2016, 1))).collect();
        let treatment_of = [0, 1, 2, 3, 5, 5, 6];
        let visible = [0, 1, 2, 3, 4, 5];
        let input = LayoutInput {
            studies: &studies,
            visible: &visible,
            treatment_of: &treatment_of,
            treatments: &treatments,
            today: TODAY,
        };
        let out = layout(&input, &M);
        let mechs: Vec<Mechanism> = out.groups.iter().map(|g| g.mechanism).collect();
        assert_eq!(
            mechs,
            [
                Mechanism::Immune,
                Mechanism::Metabolic,
                Mechanism::Autonomic
            ]
        );
        let names: Vec<Vec<&str>> = out
            .groups
            .iter()
            .map(|g| {
                g.lanes
                    .iter()
                    .map(|l| treatments[l.treatment].name.as_str())
                    .collect()
            })
            .collect();
        assert_eq!(
            names,
            [
                vec!["Ampligen", "Rituximab"],
                vec!["CoQ10", "zinc"],
                vec!["beta blocker"]
            ]
        );
        assert_eq!(out.lane_count, 5);
        assert_eq!(out.mark_count, 6);
        // Two overlapping studies of CoQ10 take two rows.
        assert_eq!(out.groups[1].lanes[0].rows, 2);
        assert_eq!(out.groups[1].lanes[0].height, 2.0 * 20.0 + 10.0);
        // y: heading, then lanes, group after group.
        assert_eq!(out.groups[0].y, 0.0);
        assert_eq!(out.groups[0].lanes[0].y, 30.0);
        assert_eq!(out.groups[0].lanes[1].y, 60.0);
        assert_eq!(out.groups[1].y, 90.0);
        assert_eq!(out.groups[1].lanes[1].y, 120.0 + 50.0);
        assert_eq!(out.height, 30.0 * 3.0 + 30.0 * 4.0 + 50.0);
        assert_eq!(out.find(6), None);
    }

    #[test]
    fn repeated_and_bad_indices_are_skipped() {
        let studies = vec![span_study((2015, 1), (2016, 1)); 3];
        let treatments = [treatment("A", Mechanism::Immune)];
        let treatment_of = [0, 0, 7];
        let visible = [0, 0, 1, 2, 99];
        let input = LayoutInput {
            studies: &studies,
            visible: &visible,
            treatment_of: &treatment_of,
            treatments: &treatments,
            today: TODAY,
        };
        let out = layout(&input, &M);
        assert_eq!(out.mark_count, 2);
        assert_eq!(out.find(2), None);
        let empty = layout(
            &LayoutInput {
                visible: &[],
                ..input
            },
            &M,
        );
        assert_eq!(
            (empty.groups.len(), empty.height, empty.extent),
            (0, 0.0, None)
        );
        assert_eq!(navigate(&empty, None, Nav::Next), None);
        assert!(empty.lanes_in(0.0, 1000.0).is_empty());
    }

    #[test]
    fn stacking_reuses_the_first_free_row() {
        // Months given as (year, month); a month-precision end covers that month.
        let studies = [
            span_study((2010, 1), (2014, 12)), // row 0 until 2015
            span_study((2011, 1), (2011, 12)), // row 1 until 2012
            span_study((2012, 1), (2012, 12)), // row 1 is free again at 2012
            span_study((2015, 1), (2015, 1)),  // row 0 is free from 2015
            span_study((2015, 3), (2015, 3)),  // short: row 0 reserves 0.6 years, so row 1
        ];
        let treatments = [treatment("A", Mechanism::Immune)];
        let out = lay(&studies, &[0; 5], &treatments);
        let lane = &out.groups[0].lanes[0];
        let rows: Vec<(usize, u16)> = lane.marks.iter().map(|m| (m.study, m.row)).collect();
        assert_eq!(rows, [(0, 0), (1, 1), (2, 1), (3, 0), (4, 1)]);
        assert_eq!(lane.rows, 2);
    }

    #[test]
    fn marks_in_includes_long_marks_started_earlier() {
        let studies = [
            span_study((2000, 1), (2020, 12)),
            span_study((2005, 1), (2005, 6)),
            span_study((2010, 1), (2010, 6)),
            span_study((2018, 1), (2019, 6)),
        ];
        let treatments = [treatment("A", Mechanism::Immune)];
        let out = lay(&studies, &[0; 4], &treatments);
        let lane = &out.groups[0].lanes[0];
        let ids = |from, to| {
            out.marks_in(lane, from, to)
                .map(|m| m.study)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(2015.0, 2017.0), [0]);
        assert_eq!(ids(2009.0, 2018.5), [0, 2, 3]);
        assert_eq!(ids(2021.5, 2030.0), Vec::<usize>::new());
        assert_eq!(ids(1990.0, 2000.0), [0]);
    }

    #[test]
    fn keyboard_navigation() {
        // Group Immune: lane "A" (studies 0, 1), lane "B" (2). Group Metabolic: lane "C" (3, 4).
        let studies = [
            span_study((2010, 1), (2011, 1)),
            span_study((2015, 1), (2016, 1)),
            span_study((2012, 1), (2013, 1)),
            span_study((2008, 1), (2009, 1)),
            span_study((2013, 1), (2014, 1)),
        ];
        let treatments = [
            treatment("A", Mechanism::Immune),
            treatment("B", Mechanism::Immune),
            treatment("C", Mechanism::Metabolic),
        ];
        let out = lay(&studies, &[0, 0, 1, 2, 2], &treatments);
        let nav = |f, n| navigate(&out, f, n);
        assert_eq!(nav(None, Nav::Next), Some(0));
        assert_eq!(nav(None, Nav::LaneDown), Some(0));
        assert_eq!(nav(None, Nav::Last), Some(4));
        assert_eq!(nav(Some(99), Nav::Prev), Some(0));
        assert_eq!(nav(Some(0), Nav::Next), Some(1));
        assert_eq!(nav(Some(1), Nav::Next), Some(2), "wraps into the next lane");
        assert_eq!(nav(Some(2), Nav::Next), Some(3), "wraps across groups");
        assert_eq!(nav(Some(4), Nav::Next), Some(4), "stays at the very end");
        assert_eq!(nav(Some(3), Nav::Prev), Some(2));
        assert_eq!(
            nav(Some(2), Nav::Prev),
            Some(1),
            "wraps to the previous lane's last mark"
        );
        assert_eq!(nav(Some(0), Nav::Prev), Some(0));
        assert_eq!(nav(Some(1), Nav::LaneDown), Some(2));
        assert_eq!(
            nav(Some(2), Nav::LaneDown),
            Some(4),
            "2012 is nearer 2013 than 2008"
        );
        assert_eq!(nav(Some(4), Nav::LaneDown), Some(4));
        assert_eq!(nav(Some(3), Nav::LaneUp), Some(2));
        assert_eq!(
            nav(Some(2), Nav::LaneUp),
            Some(0),
            "2012 is nearer 2010 than 2015"
        );
        assert_eq!(nav(Some(0), Nav::LaneUp), Some(0));
        assert_eq!(nav(Some(4), Nav::First), Some(0));
        assert_eq!(nav(Some(0), Nav::Last), Some(4));
    }

    /// Deterministic xorshift, so the big test needs no dependency and always sees the same data.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    #[test]
    fn ten_thousand_studies_in_a_thousand_lanes() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let treatments: Vec<Treatment> = (0..1000)
            .map(|i| {
                // Mixed case and a mechanism that is never used, to exercise sorting and omission.
                let name = if rng.below(2) == 0 {
                    format!("treatment {i:04}")
                } else {
                    format!("Treatment {i:04}")
                };
                treatment(&name, Mechanism::ALL[i % 8])
            })
            .collect();
        let statuses = [
            Status::Planned,
            Status::Ongoing,
            Status::Completed,
            Status::Terminated,
            Status::Published,
        ];
        let mut treatment_of = Vec::new();
        let studies: Vec<Study> = (0..10_000)
            .map(|s| {
                // Studies s and s + 1000 share a treatment and cannot both be filtered out below
                // (s % 7 == 3 and (s + 1000) % 7 == 3 never both hold), so every treatment that is
                // not filtered as a whole keeps its lane.
                treatment_of.push(if s < 2000 {
                    s % 1000
                } else {
                    rng.below(1000) as usize
                });
                let y = 1985 + rng.below(40) as i32;
                let start = Some(PartialDate {
                    year: y,
                    month: Some(1 + rng.below(12) as u8),
                    day: None,
                });
                let end = match rng.below(4) {
                    0 => None,
                    _ => Some(PartialDate::year(y + rng.below(6) as i32)),
                };
                let published =
                    (rng.below(3) == 0).then(|| PartialDate::year(y + 1 + rng.below(3) as i32));
                let status = statuses[rng.below(5) as usize];
                match rng.below(20) {
                    0 => study(None, None, None, Status::Planned),
                    1 => study(None, None, published.or(Some(PartialDate::year(y))), status),
                    _ => study(start, end, published, status),
                }
            })
            .collect();
        // Filter some studies out, and every study of some treatments (their lanes must vanish).
        let visible: Vec<usize> = (0..studies.len())
            .filter(|&s| s % 7 != 3 && treatment_of[s] % 50 != 7)
            .collect();
        let input = LayoutInput {
            studies: &studies,
            visible: &visible,
            treatment_of: &treatment_of,
            treatments: &treatments,
            today: TODAY,
        };
        let out = layout(&input, &M);

        // Every visible study appears exactly once, where `find` says.
        let mut count = vec![0u32; studies.len()];
        for (g, group) in out.groups.iter().enumerate() {
            for (l, lane) in group.lanes.iter().enumerate() {
                for (i, mark) in lane.marks.iter().enumerate() {
                    count[mark.study] += 1;
                    assert_eq!(out.find(mark.study), Some((g, l, i)));
                    assert_eq!(treatment_of[mark.study], lane.treatment);
                    assert_eq!(treatments[lane.treatment].mechanism, group.mechanism);
                }
            }
        }
        for (s, &c) in count.iter().enumerate() {
            assert_eq!(c, u32::from(visible.binary_search(&s).is_ok()), "study {s}");
        }
        assert_eq!(out.mark_count, visible.len());

        // Groups in mechanism order, without the unused one; lanes by name ignoring case.
        let order: Vec<usize> = out.groups.iter().map(|g| g.mechanism.index()).collect();
        assert_eq!(order, (0..8).collect::<Vec<_>>());
        let mut lanes_seen = 0;
        for group in &out.groups {
            for pair in group.lanes.windows(2) {
                let (a, b) = (
                    &treatments[pair[0].treatment].name,
                    &treatments[pair[1].treatment].name,
                );
                assert!(a.to_lowercase() < b.to_lowercase(), "{a} before {b}");
            }
            lanes_seen += group.lanes.len();
        }
        assert_eq!(out.lane_count, lanes_seen);
        assert_eq!(
            out.lane_count,
            1000 - 20,
            "treatments 7, 57, … have no visible study"
        );

        // No two marks in the same row overlap, and no lane uses more rows than it must.
        for lane in out.groups.iter().flat_map(|g| &g.lanes) {
            assert!(lane.marks.windows(2).all(|p| p[0].start <= p[1].start));
            let mut by_row: Vec<Vec<&Mark>> = vec![Vec::new(); lane.rows as usize];
            for mark in &lane.marks {
                by_row[mark.row as usize].push(mark);
            }
            for row in &by_row {
                assert!(!row.is_empty(), "unused row");
                for p in row.windows(2) {
                    assert!(
                        p[0].reach(M.min_mark_years) <= p[1].start,
                        "{:?} overlaps {:?}",
                        p[0],
                        p[1]
                    );
                }
            }
            let mut events: Vec<(f64, i32)> = lane
                .marks
                .iter()
                .flat_map(|m| [(m.start, 1), (m.reach(M.min_mark_years), -1)])
                .collect();
            // Ends before starts at the same moment: touching marks share a row.
            events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let (mut open, mut most) = (0, 0);
            for (_, d) in events {
                open += d;
                most = most.max(open);
            }
            assert_eq!(i32::from(lane.rows), most);
            assert_eq!(
                lane.height,
                f64::from(lane.rows) * M.row_height + 2.0 * M.lane_padding
            );
        }

        // y strictly increasing: each heading, then its lanes, each starting where the last ended.
        let mut y = -1.0;
        let mut expect = 0.0;
        for group in &out.groups {
            assert!(group.y > y && group.y == expect);
            y = group.y;
            expect = group.y + group.header_height;
            for lane in &group.lanes {
                assert!(lane.y > y && lane.y == expect);
                y = lane.y;
                expect = lane.y + lane.height;
            }
        }
        assert_eq!(out.height, expect);

        // lanes_in and groups_in agree with a brute-force scan.
        let all: Vec<(usize, usize, f64, f64)> = out
            .groups
            .iter()
            .enumerate()
            .flat_map(|(g, group)| {
                group
                    .lanes
                    .iter()
                    .enumerate()
                    .map(move |(l, lane)| (g, l, lane.y, lane.height))
            })
            .collect();
        let mut queries: Vec<(f64, f64)> = (0..300)
            .map(|_| {
                let top = rng.below(out.height as u64 + 400) as f64 - 200.0 + 0.5;
                (top, top + rng.below(3000) as f64)
            })
            .collect();
        // Exactly on lane and group edges, and degenerate windows.
        for &(_, _, y, h) in all.iter().step_by(97) {
            queries.push((y, y + h));
            queries.push((y + h, y + h + 1.0));
            queries.push((y, y));
        }
        queries.extend([
            (-100.0, 0.0),
            (0.0, out.height),
            (out.height, out.height + 50.0),
            (500.0, 100.0),
        ]);
        for (top, bottom) in queries {
            let brute: Vec<(usize, usize)> = all
                .iter()
                .filter(|&&(_, _, y, h)| y < bottom && y + h > top)
                .map(|&(g, l, _, _)| (g, l))
                .collect();
            assert_eq!(
                out.lanes_in(top, bottom),
                brute,
                "lanes_in({top}, {bottom})"
            );
            let groups: Vec<usize> = (0..out.groups.len())
                .filter(|&g| out.groups[g].y < bottom && out.groups[g].bottom() > top)
                .collect();
            assert_eq!(
                out.groups_in(top, bottom),
                groups,
                "groups_in({top}, {bottom})"
            );
        }

        // marks_in agrees with a scan.
        for lane in out.groups.iter().flat_map(|g| &g.lanes).step_by(13) {
            for _ in 0..5 {
                let from = 1980.0 + rng.below(500) as f64 / 10.0;
                let to = from + rng.below(100) as f64 / 10.0;
                let fast: Vec<usize> = out.marks_in(lane, from, to).map(|m| m.study).collect();
                let slow: Vec<usize> = lane
                    .marks
                    .iter()
                    .filter(|m| m.start <= to && m.end >= from)
                    .map(|m| m.study)
                    .collect();
                assert_eq!(fast, slow, "{from}..{to}");
            }
        }

        // Next from the first mark walks every mark exactly once, in lane order.
        let mut walked = vec![out.groups[0].lanes[0].marks[0].study];
        while let Some(n) = navigate(&out, walked.last().copied(), Nav::Next) {
            if Some(&n) == walked.last() {
                break;
            }
            walked.push(n);
        }
        assert_eq!(walked.len(), visible.len());
        assert_eq!(walked.last().copied(), navigate(&out, None, Nav::Last));
    }
}
