//! The time axis: the mapping between fractional years and horizontal pixels, the year/month
//! ticks drawn along it, and the zoom, pan and fit operations that produce the next visible
//! [`Window`]. Every operation returns a new value, so the app's reducer can store the result in
//! the view state (and the URL) unchanged.

use crate::view::Window;

/// Earliest year the timeline can show (the dataset's dates are checked to 1900–2100 too).
pub const MIN_YEAR: f64 = 1900.0;
/// Latest year the timeline can show.
pub const MAX_YEAR: f64 = 2100.0;
/// Narrowest window zooming can reach, in years: a quarter is the finest grain the data has
/// beyond single days, and narrower windows only show empty space between marks.
pub const MIN_SPAN: f64 = 0.25;
/// Widest window zooming can reach, in years.
pub const MAX_SPAN: f64 = 150.0;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Maps fractional years to pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeScale {
    /// Year at the left edge (x = 0).
    pub from: f64,
    /// Year at the right edge (x = `width`); always greater than `from`.
    pub to: f64,
    /// Drawing width in pixels; at least 1.
    pub width: f64,
}

/// One tick on the time axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// Fractional year the tick marks.
    pub year: f64,
    /// Its pixel position on the scale that produced it.
    pub x: f64,
    /// Text to print beside it: "2019" for years, "Apr" for months and quarters.
    pub label: String,
    /// True for quarter or month ticks between years (drawn smaller).
    pub minor: bool,
}

impl TimeScale {
    /// A scale showing `from..to` across `width` pixels. An empty or reversed window becomes one
    /// year wide and the width is at least one pixel, so `x` and `year_at` never divide by zero.
    pub fn new(from: f64, to: f64, width: f64) -> Self {
        let from = if from.is_finite() {
            from
        } else {
            (MIN_YEAR + MAX_YEAR) / 2.0
        };
        // `!(to > from)` also catches NaN.
        let to = if to.is_finite() && to > from {
            to
        } else {
            from + 1.0
        };
        let width = if width.is_finite() && width >= 1.0 {
            width
        } else {
            1.0
        };
        TimeScale { from, to, width }
    }

    /// The scale for a stored view window.
    pub fn from_window(window: Window, width: f64) -> Self {
        Self::new(window.from, window.to, width)
    }

    /// Years shown, `to - from`.
    pub fn span(&self) -> f64 {
        self.to - self.from
    }

    /// Pixels per year.
    pub fn px_per_year(&self) -> f64 {
        self.width / self.span()
    }

    /// Pixel position of a fractional year (may be outside `0..width`).
    pub fn x(&self, year: f64) -> f64 {
        (year - self.from) * self.px_per_year()
    }

    /// Fractional year at a pixel position; the inverse of [`Self::x`].
    pub fn year_at(&self, x: f64) -> f64 {
        self.from + x / self.px_per_year()
    }

    /// Ticks along the axis, sorted by year, no two closer than `min_px_between` pixels.
    ///
    /// Year ticks fall on multiples of the smallest step in 1, 2, 5, 10, 20, 50 (then 100, 200,
    /// 500, …) years that keeps them that far apart. When a single year is wide enough, quarter
    /// ticks (at four times the gap) or month ticks (at twelve times) are added between years,
    /// flagged `minor` and labelled with the month they start.
    pub fn ticks(&self, min_px_between: f64) -> Vec<Tick> {
        if min_px_between == f64::INFINITY {
            return Vec::new();
        }
        // Below one pixel the tick count would grow without bound on a wide window.
        let min_px = if min_px_between >= 1.0 {
            min_px_between
        } else {
            1.0
        };
        let ppy = self.px_per_year();
        let step = major_step(ppy, min_px);

        let mut ticks = Vec::new();
        let first = (self.from / step).ceil() as i64;
        let last = (self.to / step).floor() as i64;
        for k in first..=last {
            let year = k as f64 * step;
            ticks.push(Tick {
                year,
                x: self.x(year),
                label: format!("{}", year as i64),
                minor: false,
            });
        }

        let per_year: usize = if ppy / 12.0 >= min_px {
            12
        } else if ppy / 4.0 >= min_px {
            4
        } else {
            0
        };
        if per_year > 0 {
            // Here step == 1, so every whole year in view already has its major tick.
            for y in (self.from.floor() as i64)..=(self.to.floor() as i64) {
                for i in 1..per_year {
                    let year = y as f64 + i as f64 / per_year as f64;
                    if year < self.from || year > self.to {
                        continue;
                    }
                    let month = i * 12 / per_year;
                    ticks.push(Tick {
                        year,
                        x: self.x(year),
                        label: MONTHS[month].to_string(),
                        minor: true,
                    });
                }
            }
            crate::order::sort_by(&mut ticks, &|a, b| a.year.total_cmp(&b.year));
        }
        ticks
    }

    /// Zooms by `factor` (above 1 zooms in) keeping `anchor_year` at the same pixel, e.g. the
    /// year under the mouse. The span stays within [`MIN_SPAN`, `MAX_SPAN`] and the window within
    /// [`MIN_YEAR`, `MAX_YEAR`]; only when that clamp bites does the anchor move.
    pub fn zoom(&self, factor: f64, anchor_year: f64) -> Self {
        if !(factor.is_finite() && factor > 0.0) {
            return *self;
        }
        let anchor = if anchor_year.is_finite() {
            anchor_year
        } else {
            (self.from + self.to) / 2.0
        };
        let span = self.span();
        let new_span = (span / factor).max(MIN_SPAN).min(MAX_SPAN);
        let from = anchor - (anchor - self.from) * (new_span / span);
        let (from, to) = clamp_window(from, new_span);
        TimeScale {
            from,
            to,
            width: self.width,
        }
    }

    /// Moves the window by `years` (positive shows later years), stopping at the bounds.
    pub fn pan(&self, years: f64) -> Self {
        if !years.is_finite() {
            return *self;
        }
        let (from, to) = clamp_window(self.from + years, self.span());
        TimeScale {
            from,
            to,
            width: self.width,
        }
    }

    /// Moves the window by `px` pixels' worth of years (positive shows later years, so a drag
    /// that moves the content right by `dx` is `pan_px(-dx)`).
    pub fn pan_px(&self, px: f64) -> Self {
        self.pan(px / self.px_per_year())
    }

    /// The visible window, for storing in the view state.
    pub fn window(&self) -> Window {
        Window {
            from: self.from,
            to: self.to,
        }
    }
}

/// Smallest 1-2-5 step (in years, at least one) whose ticks are `min_px` apart.
fn major_step(px_per_year: f64, min_px: f64) -> f64 {
    let mut decade = 1.0;
    loop {
        for m in [1.0, 2.0, 5.0] {
            let step = decade * m;
            if step * px_per_year >= min_px {
                return step;
            }
        }
        decade *= 10.0;
        // Unreachable for real windows; stops the loop if px_per_year underflows to zero.
        if decade > 1e12 {
            return decade;
        }
    }
}

/// Puts a window of `span` years starting at `from` inside [`MIN_YEAR`, `MAX_YEAR`], shifting it
/// rather than shrinking it unless it is wider than the whole range.
fn clamp_window(from: f64, span: f64) -> (f64, f64) {
    let span = span.min(MAX_YEAR - MIN_YEAR);
    // `max`/`min`, not `f64::clamp`: clamp's check that its bounds do not cross formats floats
    // in its panic message, which links all of Rust's float formatting (~9 KB gzip) into the wasm.
    let from = from.max(MIN_YEAR).min(MAX_YEAR - span);
    (from, from + span)
}

/// The window that fits all given spans with a small margin, at least 2 years wide.
///
/// The margin is 5% of the data's extent (at least a quarter) on each side, so the first and
/// last marks are not cut by the edge. With no usable span the window is two years centred on
/// `today`. The result lies within [`MIN_YEAR`, `MAX_YEAR`].
pub fn fit(spans: impl Iterator<Item = (f64, f64)>, today: f64) -> Window {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (a, b) in spans {
        if a.is_finite() && b.is_finite() {
            lo = lo.min(a.min(b));
            hi = hi.max(a.max(b));
        }
    }
    if lo > hi {
        let t = if today.is_finite() {
            today
        } else {
            (MIN_YEAR + MAX_YEAR) / 2.0
        };
        lo = t;
        hi = t;
    }
    let margin = ((hi - lo) * 0.05).max(0.25);
    let (mut from, mut to) = (lo - margin, hi + margin);
    if to - from < 2.0 {
        let mid = (from + to) / 2.0;
        from = mid - 1.0;
        to = mid + 1.0;
    }
    let (from, to) = clamp_window(from, to - from);
    Window { from, to }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-9;

    #[test]
    fn x_and_year_at_are_inverse() {
        let s = TimeScale::new(2000.0, 2020.0, 1000.0);
        assert_eq!(s.x(2000.0), 0.0);
        assert_eq!(s.x(2020.0), 1000.0);
        assert!((s.x(2010.0) - 500.0).abs() < EPS);
        for x in [-50.0, 0.0, 123.4, 999.0, 1500.0] {
            assert!((s.x(s.year_at(x)) - x).abs() < 1e-6);
        }
        assert_eq!(
            s.window(),
            Window {
                from: 2000.0,
                to: 2020.0
            }
        );
        assert_eq!(TimeScale::from_window(s.window(), 1000.0), s);
    }

    #[test]
    fn new_guards_degenerate_input() {
        let s = TimeScale::new(2010.0, 2010.0, 0.0);
        assert_eq!((s.from, s.to, s.width), (2010.0, 2011.0, 1.0));
        let s = TimeScale::new(2010.0, 2000.0, -5.0);
        assert_eq!((s.from, s.to, s.width), (2010.0, 2011.0, 1.0));
        let s = TimeScale::new(2010.0, f64::NAN, f64::NAN);
        assert_eq!((s.from, s.to, s.width), (2010.0, 2011.0, 1.0));
        assert!(TimeScale::new(f64::NAN, 2000.0, 100.0)
            .x(2000.0)
            .is_finite());
    }

    #[test]
    fn ticks_never_overlap() {
        for width in [360.0, 1000.0, 1920.0] {
            for span in [0.5, 5.0, 40.0, 150.0] {
                for min_px in [40.0, 60.0, 80.0, 120.0] {
                    // Deliberately not aligned to whole years.
                    let s = TimeScale::new(1930.3, 1930.3 + span, width);
                    let ticks = s.ticks(min_px);
                    let ctx = format!("width {width}, span {span}, min {min_px}");
                    if min_px <= 80.0 {
                        assert!(ticks.len() >= 2, "{ctx}: too few ticks {ticks:?}");
                    }
                    for t in &ticks {
                        assert!(
                            t.year >= s.from && t.year <= s.to,
                            "{ctx}: {t:?} outside window"
                        );
                        assert!((t.x - s.x(t.year)).abs() < EPS);
                        assert!(
                            !t.minor || span <= 5.0,
                            "{ctx}: minor ticks on a wide window"
                        );
                    }
                    for pair in ticks.windows(2) {
                        let gap = pair[1].x - pair[0].x;
                        assert!(gap >= min_px - 1e-6, "{ctx}: gap {gap} between {pair:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn tick_step_is_the_smallest_that_fits() {
        // 25 px a year: 2 years is 50 px (< 60), 5 years is 125 px.
        let s = TimeScale::new(1990.0, 2030.0, 1000.0);
        let ticks = s.ticks(60.0);
        let years: Vec<f64> = ticks.iter().map(|t| t.year).collect();
        assert_eq!(
            years,
            vec![1990.0, 1995.0, 2000.0, 2005.0, 2010.0, 2015.0, 2020.0, 2025.0, 2030.0]
        );
        assert_eq!(ticks[1].label, "1995");
        assert!(ticks.iter().all(|t| !t.minor));
        // 150 years in 360 px at 200 px apart needs a step beyond 50.
        let wide = TimeScale::new(1900.0, 2050.0, 360.0).ticks(200.0);
        assert!(wide.iter().all(|t| t.year % 100.0 == 0.0), "{wide:?}");
    }

    #[test]
    fn minor_ticks_when_zoomed_in() {
        // 400 px a year: quarters need 4 × 60, months 12 × 60 = 720 would not fit.
        let quarters = TimeScale::new(2019.0, 2021.0, 800.0).ticks(60.0);
        let labels: Vec<&str> = quarters.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(
            labels,
            ["2019", "Apr", "Jul", "Oct", "2020", "Apr", "Jul", "Oct", "2021"]
        );
        assert_eq!(quarters.iter().filter(|t| t.minor).count(), 6);
        // 1000 px a year: months.
        let months = TimeScale::new(2019.0, 2020.0, 1000.0).ticks(60.0);
        assert_eq!(months.len(), 13);
        assert_eq!(months[3].label, "Apr");
        assert!((months[3].year - (2019.0 + 3.0 / 12.0)).abs() < EPS);
        assert!(!months[0].minor && months[1].minor && !months[12].minor);
        // 200 px a year is below 4 × 60: years only.
        assert!(TimeScale::new(2019.0, 2024.0, 1000.0)
            .ticks(60.0)
            .iter()
            .all(|t| !t.minor));
    }

    #[test]
    fn silly_tick_gaps_do_not_hang() {
        let s = TimeScale::new(2000.0, 2010.0, 1000.0);
        assert!(s.ticks(f64::INFINITY).is_empty());
        // NaN and tiny gaps fall back to one pixel: still finite.
        assert!(s.ticks(f64::NAN).len() <= 1001);
        assert!(s.ticks(0.0).len() <= 1001);
    }

    #[test]
    fn zoom_keeps_anchor_fixed_on_screen() {
        let s = TimeScale::new(2000.0, 2020.0, 1000.0);
        for (factor, anchor) in [(2.0, 2005.0), (0.5, 2012.5), (1.7, 2000.0), (3.0, 2019.9)] {
            let z = s.zoom(factor, anchor);
            assert!(
                (z.x(anchor) - s.x(anchor)).abs() < 1e-6,
                "factor {factor} anchor {anchor}"
            );
            assert!((z.span() - 20.0 / factor).abs() < 1e-9);
            assert_eq!(z.width, s.width);
        }
        assert_eq!(s.zoom(0.0, 2005.0), s);
        assert_eq!(s.zoom(f64::NAN, 2005.0), s);
    }

    #[test]
    fn zoom_clamps_span_and_bounds() {
        let s = TimeScale::new(2000.0, 2020.0, 1000.0);
        assert!((s.zoom(1e6, 2010.0).span() - MIN_SPAN).abs() < EPS);
        let out = s.zoom(1e-6, 2010.0);
        assert!((out.span() - MAX_SPAN).abs() < EPS);
        assert!(out.from >= MIN_YEAR && out.to <= MAX_YEAR);
        // Zooming out near the lower bound shifts instead of crossing it.
        let early = TimeScale::new(1901.0, 1911.0, 800.0).zoom(0.25, 1911.0);
        assert_eq!(early.from, MIN_YEAR);
        assert!((early.span() - 40.0).abs() < EPS);
        let late = TimeScale::new(2090.0, 2099.0, 800.0).zoom(0.1, 2090.0);
        assert_eq!(late.to, MAX_YEAR);
        assert!((late.span() - 90.0).abs() < EPS);
    }

    #[test]
    fn pan_moves_and_clamps() {
        let s = TimeScale::new(2000.0, 2020.0, 1000.0);
        assert_eq!(
            s.pan(3.0).window(),
            Window {
                from: 2003.0,
                to: 2023.0
            }
        );
        // 50 px a year.
        assert!((s.pan_px(100.0).from - 2002.0).abs() < EPS);
        assert!((s.pan_px(-100.0).from - 1998.0).abs() < EPS);
        assert_eq!(
            s.pan(-500.0).window(),
            Window {
                from: 1900.0,
                to: 1920.0
            }
        );
        assert_eq!(
            s.pan(500.0).window(),
            Window {
                from: 2080.0,
                to: 2100.0
            }
        );
        assert_eq!(s.pan(f64::NAN), s);
        // A window wider than the whole range is cut down to it.
        let huge = TimeScale::new(1800.0, 2200.0, 1000.0).pan(0.0);
        assert_eq!(
            huge.window(),
            Window {
                from: 1900.0,
                to: 2100.0
            }
        );
    }

    #[test]
    fn fit_covers_spans_with_margin() {
        let w = fit(
            [(2010.0, 2012.0), (2015.5, 2020.0), (2008.0, 2009.0)].into_iter(),
            2026.0,
        );
        assert!(w.from < 2008.0 && w.to > 2020.0);
        assert!(w.from > 2007.0 && w.to < 2021.0, "margin too large: {w:?}");
        // A single point still gets two years.
        let p = fit(std::iter::once((2019.5, 2019.5)), 2026.0);
        assert!((p.to - p.from - 2.0).abs() < EPS);
        assert!(p.from < 2019.5 && p.to > 2019.5);
        // Nothing to fit: around today.
        let e = fit(std::iter::empty(), 2026.3);
        assert!(e.from < 2026.3 && e.to > 2026.3 && (e.to - e.from - 2.0).abs() < EPS);
        // Non-finite spans are ignored; bounds hold.
        let b = fit([(1900.0, 1901.0), (f64::NAN, 2000.0)].into_iter(), 2026.0);
        assert_eq!(b.from, MIN_YEAR);
        assert!(b.to > 1901.0);
    }
}
