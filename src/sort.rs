//! Table ordering: a stable sort of study indices by a column. Unknown values always sort last,
//! whichever the direction, so "not reported" never masquerades as the smallest number.

use crate::dataset::Dataset;
use crate::model::PartialDate;
use crate::view::{Sort, SortColumn};
use std::cmp::Ordering;

fn date_key(d: Option<PartialDate>) -> Option<(i32, u8, u8)> {
    d.map(|d| (d.year, d.month.unwrap_or(0), d.day.unwrap_or(0)))
}

/// Compares two optional keys with `None` last regardless of direction.
fn opt_cmp<T: Ord>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => {
            if descending {
                b.cmp(&a)
            } else {
                a.cmp(&b)
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Sorts `rows` (dataset indices) in place. Without a sort: by treatment name, then start date.
pub fn sort_rows(data: &Dataset, rows: &mut [usize], sort: Option<&Sort>) {
    let studies = data.studies();
    // Precompute lower-case names once instead of per comparison.
    let names: Vec<String> = data
        .treatments()
        .iter()
        .map(|t| t.name.to_lowercase())
        .collect();
    let tname = |i: usize| &names[data.treatment_of[i]];
    let default_cmp = |a: &usize, b: &usize| {
        tname(*a)
            .cmp(tname(*b))
            .then_with(|| {
                opt_cmp(
                    date_key(studies[*a].start.or(studies[*a].published)),
                    date_key(studies[*b].start.or(studies[*b].published)),
                    false,
                )
            })
            .then_with(|| studies[*a].id.cmp(&studies[*b].id))
    };
    let Some(sort) = sort else {
        rows.sort_by(default_cmp);
        return;
    };
    let d = sort.descending;
    let flip = |o: Ordering| if d { o.reverse() } else { o };
    rows.sort_by(|a, b| {
        let (sa, sb) = (&studies[*a], &studies[*b]);
        let primary = match sort.column {
            SortColumn::Treatment => flip(tname(*a).cmp(tname(*b))),
            SortColumn::Title => flip(sa.title.to_lowercase().cmp(&sb.title.to_lowercase())),
            SortColumn::Start => opt_cmp(date_key(sa.start), date_key(sb.start), d),
            SortColumn::Published => opt_cmp(date_key(sa.published), date_key(sb.published), d),
            SortColumn::Phase => flip(sa.phase.cmp(&sb.phase)),
            SortColumn::Evidence => flip(sa.evidence.cmp(&sb.evidence)),
            SortColumn::People => opt_cmp(sa.best_n(), sb.best_n(), d),
        };
        primary.then_with(|| default_cmp(a, b))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_sort_last_both_ways() {
        let d = Dataset::embedded();
        let mut rows: Vec<usize> = (0..d.studies().len()).collect();
        for desc in [false, true] {
            sort_rows(
                d,
                &mut rows,
                Some(&Sort {
                    column: SortColumn::People,
                    descending: desc,
                }),
            );
            let ns: Vec<Option<u32>> = rows.iter().map(|&i| d.studies()[i].best_n()).collect();
            let first_none = ns.iter().position(|n| n.is_none()).unwrap_or(ns.len());
            assert!(
                ns[first_none..].iter().all(|n| n.is_none()),
                "None must be last"
            );
            let known: Vec<u32> = ns[..first_none].iter().map(|n| n.unwrap()).collect();
            let mut sorted = known.clone();
            sorted.sort();
            if desc {
                sorted.reverse();
            }
            assert_eq!(known, sorted);
        }
    }

    #[test]
    fn default_order_groups_by_treatment() {
        let d = Dataset::embedded();
        let mut rows: Vec<usize> = (0..d.studies().len()).collect();
        sort_rows(d, &mut rows, None);
        let names: Vec<String> = rows
            .iter()
            .map(|&i| d.treatment(i).name.to_lowercase())
            .collect();
        assert!(names.windows(2).all(|w| w[0] <= w[1]));
    }
}
