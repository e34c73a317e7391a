//! The direction of a treatment's evidence over time, for "Compare treatments": for each year,
//! what the verdict rules (`crate::verdict`) would have said from the results public by the end of
//! that year, reduced to for / against / unclear. The ladder says how a treatment was tested; this
//! says what those tests found, so a negative phase 3 reads as strong evidence of no benefit
//! rather than as a high rung.
//!
//! | verdict category | direction |
//! |---|---|
//! | Approved somewhere, Confirmed, One positive trial | for |
//! | No benefit found, Dropped | against |
//! | Mixed | unclear |
//! | Not tested, Uncontrolled only, Not yet controlled | none (no controlled result yet) |
//!
//! A study counts from the year its result became public ([`crate::ladder::result_year`]);
//! undated results count only in the verdict of the whole record, never in a year.

use crate::ladder::result_year;
use crate::model::Study;
use crate::verdict::{verdict, Category};

/// Which way the controlled evidence pointed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    For,
    Against,
    Unclear,
}

impl Direction {
    /// Stable key for CSS classes and tests.
    pub fn key(self) -> &'static str {
        match self {
            Direction::For => "for",
            Direction::Against => "against",
            Direction::Unclear => "unclear",
        }
    }

    /// Plain words.
    pub fn label(self) -> &'static str {
        match self {
            Direction::For => "for benefit",
            Direction::Against => "against benefit",
            Direction::Unclear => "unclear",
        }
    }

    /// A glyph, so the strip never relies on colour.
    pub fn icon(self) -> &'static str {
        match self {
            Direction::For => "✓",
            Direction::Against => "✗",
            Direction::Unclear => "±",
        }
    }

    /// The direction a verdict category points, if it rests on controlled results.
    pub fn of(c: Category) -> Option<Direction> {
        match c {
            Category::Approved | Category::Confirmed | Category::OnePositive => {
                Some(Direction::For)
            }
            Category::NoBenefit | Category::Removed => Some(Direction::Against),
            Category::Mixed => Some(Direction::Unclear),
            Category::NotTested | Category::UncontrolledOnly | Category::AwaitingControlled => None,
        }
    }
}

/// For each year `from..=to`, the verdict category and direction from the results public by the
/// end of that year.
pub fn by_year(studies: &[&Study], from: i32, to: i32) -> Vec<(i32, Category, Option<Direction>)> {
    let dated: Vec<(Option<i32>, &Study)> = studies.iter().map(|s| (result_year(s), *s)).collect();
    (from..=to)
        .map(|year| {
            let known: Vec<&Study> = dated
                .iter()
                .filter(|(y, _)| y.is_some_and(|y| y <= year))
                .map(|(_, s)| *s)
                .collect();
            let c = verdict(&known).category;
            (year, c, Direction::of(c))
        })
        .collect()
}

/// The years `studies`' verdict category changed, from the results public by the end of each
/// year, with the category from that year on; before the first, no result was public and the
/// category is [`Category::NotTested`] (the verdict of no studies). [`by_year`] in a compact form
/// that `build.rs` computes once (see `crate::verdict_table`): the category can change only in a
/// year a result became public.
pub fn changes(studies: &[&Study]) -> Vec<(i32, Category)> {
    let mut years: Vec<i32> = studies.iter().filter_map(|s| result_year(s)).collect();
    crate::order::sort_by(&mut years, &|a, b| a.cmp(b));
    years.dedup();
    let mut out = Vec::new();
    let mut last = Category::NotTested;
    for (year, c, _) in years.iter().flat_map(|&y| by_year(studies, y, y)) {
        if c != last {
            out.push((year, c));
            last = c;
        }
    }
    out
}

/// [`by_year`] from the change points [`changes`] gave.
pub fn by_year_from(
    changes: &[(i32, Category)],
    from: i32,
    to: i32,
) -> Vec<(i32, Category, Option<Direction>)> {
    (from..=to)
        .map(|year| {
            let c = changes
                .iter()
                .take_while(|(y, _)| *y <= year)
                .last()
                .map_or(Category::NotTested, |p| p.1);
            (year, c, Direction::of(c))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Dataset;

    fn real(key: &str) -> Vec<&'static Study> {
        Dataset::embedded()
            .studies()
            .iter()
            .filter(|s| s.treatment == key)
            .collect()
    }

    #[test]
    fn rituximab_turns_against_with_its_negative_phase_3() {
        let studies = real("rituximab");
        let years = by_year(&studies, 2008, 2024);
        let at = |y: i32| years.iter().find(|r| r.0 == y).unwrap().2;
        assert_eq!(at(2008), None, "no controlled result before the 2011 trial");
        assert_eq!(
            at(2012),
            Some(Direction::Unclear),
            "the 2011 trial was mixed"
        );
        assert_eq!(
            at(2020),
            Some(Direction::Against),
            "the 2019 phase 3 found no benefit"
        );
    }

    #[test]
    fn categories_map_to_directions() {
        assert_eq!(Direction::of(Category::Approved), Some(Direction::For));
        assert_eq!(Direction::of(Category::Removed), Some(Direction::Against));
        assert_eq!(Direction::of(Category::Mixed), Some(Direction::Unclear));
        assert_eq!(Direction::of(Category::UncontrolledOnly), None);
    }

    #[test]
    fn change_points_give_the_same_years_as_the_rules() {
        assert_eq!(verdict(&[]).category, Category::NotTested);
        let data = Dataset::embedded();
        for t in data.treatments() {
            let studies = real(&t.key);
            let points = changes(&studies);
            assert_eq!(
                by_year_from(&points, 1950, 2030),
                by_year(&studies, 1950, 2030),
                "{}",
                t.key
            );
        }
    }
}
