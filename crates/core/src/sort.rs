//! Table ordering: a stable sort of study indices by a column. Unknown values always sort last,
//! whichever the direction, so "not reported" never masquerades as the smallest number.

use crate::dataset::{Dataset, SortKeys};
use crate::model::PartialDate;
use crate::view::{Sort, SortColumn};
use std::cmp::Ordering;

fn date_key(d: Option<PartialDate>) -> Option<(i32, u8, u8)> {
    d.map(|d| (d.year, d.month.unwrap_or(0), d.day.unwrap_or(0)))
}

/// Compares two optional keys with `None` last (ascending).
fn opt_cmp<T: Ord>(a: Option<T>, b: Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// A study's rank for an unknown value: after every known one, whichever the direction.
const UNKNOWN: u32 = u32::MAX;

/// The ranking rules. The dataset keeps the ranks ([`SortKeys`] lives in `dataset`, so this
/// module depends on `dataset` and not the other way round); they are computed here, on first use.
impl SortKeys {
    fn default_rank(&self, data: &Dataset) -> &[u32] {
        self.default_rank.get_or_init(|| {
            let studies = data.studies();
            let names = crate::caseless::lower_all(
                data.treatments().iter().map(|t| t.name.clone()).collect(),
            );
            let tname = |i: usize| &names[data.treatment_of[i]];
            let mut order: Vec<usize> = (0..studies.len()).collect();
            crate::order::sort_indices(&mut order, &|a, b| {
                tname(a)
                    .cmp(tname(b))
                    .then_with(|| {
                        opt_cmp(
                            date_key(studies[a].start.or(studies[a].published)),
                            date_key(studies[b].start.or(studies[b].published)),
                        )
                    })
                    .then_with(|| studies[a].id.cmp(&studies[b].id))
            });
            let mut rank = vec![0u32; studies.len()];
            for (pos, &i) in order.iter().enumerate() {
                rank[i] = pos as u32;
            }
            rank
        })
    }

    fn primary(&self, data: &Dataset, column: SortColumn) -> &[u32] {
        let slot = SortColumn::ALL
            .iter()
            .position(|&c| c == column)
            .unwrap_or(0);
        self.primary[slot].get_or_init(|| {
            let studies = data.studies();
            let n = studies.len();
            // One (non-generic) ranking routine for every column keeps the wasm to one copy of
            // the sort code instead of one per value type.
            match column {
                SortColumn::Treatment | SortColumn::Title => {
                    let text = crate::caseless::lower_all(
                        (0..n)
                            .map(|i| match column {
                                SortColumn::Treatment => data.treatment(i).name.clone(),
                                _ => studies[i].title.clone(),
                            })
                            .collect(),
                    );
                    dense_rank(n, &|_| true, &|a, b| text[a].cmp(&text[b]))
                }
                SortColumn::Start | SortColumn::Published => {
                    let date = |i: usize| {
                        date_key(match column {
                            SortColumn::Start => studies[i].start,
                            _ => studies[i].published,
                        })
                    };
                    dense_rank(n, &|i| date(i).is_some(), &|a, b| date(a).cmp(&date(b)))
                }
                SortColumn::Phase => dense_rank(n, &|_| true, &|a, b| {
                    studies[a].phase.cmp(&studies[b].phase)
                }),
                SortColumn::Evidence => dense_rank(n, &|_| true, &|a, b| {
                    studies[a].evidence.cmp(&studies[b].evidence)
                }),
                SortColumn::People => dense_rank(n, &|i| studies[i].best_n().is_some(), &|a, b| {
                    studies[a].best_n().cmp(&studies[b].best_n())
                }),
            }
        })
    }
}

/// Dense ranks of `n` values given by `known` (is the value reported?) and `cmp` (compares two
/// known values): equal values share a rank; unknown ones get [`UNKNOWN`].
fn dense_rank(
    n: usize,
    known: &dyn Fn(usize) -> bool,
    cmp: &dyn Fn(usize, usize) -> Ordering,
) -> Vec<u32> {
    let mut order: Vec<usize> = (0..n).filter(|&i| known(i)).collect();
    crate::order::sort_indices(&mut order, cmp);
    let mut rank = vec![UNKNOWN; n];
    let mut r = 0u32;
    for (k, &i) in order.iter().enumerate() {
        if k > 0 && cmp(order[k - 1], i) != Ordering::Equal {
            r += 1;
        }
        rank[i] = r;
    }
    rank
}

/// Sorts `rows` (dataset indices) in place. Without a sort: by treatment name, then start date.
/// With one: by the column (unknown values last either way), ties in the default order.
pub fn sort_rows(data: &Dataset, rows: &mut [usize], sort: Option<&Sort>) {
    let keys = data.sort_keys();
    let default_rank = keys.default_rank(data);
    let Some(sort) = sort else {
        crate::order::sort_indices(rows, &|a, b| default_rank[a].cmp(&default_rank[b]));
        return;
    };
    let primary = keys.primary(data, sort.column);
    let d = sort.descending;
    // Unique keys (the default rank breaks every tie): the order is fully determined.
    let key = |i: usize| {
        let p = primary[i];
        let p = if p == UNKNOWN || !d {
            p
        } else {
            UNKNOWN - 1 - p
        };
        (u64::from(p) << 32) | u64::from(default_rank[i])
    };
    crate::order::sort_indices(rows, &|a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    reason = "tests run natively: they check the shared routines against the standard library's"
)]
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

    /// The rank-based sort must give exactly the order of sorting by comparing the values.
    #[test]
    fn ranks_give_the_same_order_as_comparing_values() {
        let data = Dataset::embedded();
        let studies = data.studies();
        let tname = |i: usize| data.treatment(i).name.to_lowercase();
        let default_cmp = |a: &usize, b: &usize| {
            tname(*a)
                .cmp(&tname(*b))
                .then_with(|| {
                    opt_cmp(
                        date_key(studies[*a].start.or(studies[*a].published)),
                        date_key(studies[*b].start.or(studies[*b].published)),
                    )
                })
                .then_with(|| studies[*a].id.cmp(&studies[*b].id))
        };
        // Unknown last in both directions; the direction flips known values only.
        fn dir<T: Ord>(a: Option<T>, b: Option<T>, desc: bool) -> Ordering {
            match (a, b) {
                (Some(a), Some(b)) if desc => b.cmp(&a),
                (a, b) => opt_cmp(a, b),
            }
        }
        let all: Vec<usize> = (0..studies.len()).collect();
        let mut expected = all.clone();
        expected.sort_by(default_cmp);
        let mut got = all.clone();
        sort_rows(data, &mut got, None);
        assert_eq!(got, expected, "default order");
        for &column in SortColumn::ALL {
            for desc in [false, true] {
                let mut expected = all.clone();
                expected.sort_by(|&a, &b| {
                    let (sa, sb) = (&studies[a], &studies[b]);
                    let p = match column {
                        SortColumn::Treatment => dir(Some(tname(a)), Some(tname(b)), desc),
                        SortColumn::Title => dir(
                            Some(sa.title.to_lowercase()),
                            Some(sb.title.to_lowercase()),
                            desc,
                        ),
                        SortColumn::Start => dir(date_key(sa.start), date_key(sb.start), desc),
                        SortColumn::Published => {
                            dir(date_key(sa.published), date_key(sb.published), desc)
                        }
                        SortColumn::Phase => dir(Some(sa.phase), Some(sb.phase), desc),
                        SortColumn::Evidence => dir(Some(sa.evidence), Some(sb.evidence), desc),
                        SortColumn::People => dir(sa.best_n(), sb.best_n(), desc),
                    };
                    p.then_with(|| default_cmp(&a, &b))
                });
                let mut got = all.clone();
                // Start from a scrambled order: the result must not depend on the input order.
                got.reverse();
                sort_rows(
                    data,
                    &mut got,
                    Some(&Sort {
                        column,
                        descending: desc,
                    }),
                );
                assert_eq!(got, expected, "{column:?} descending={desc}");
            }
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
