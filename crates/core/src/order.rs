//! The one sorting routine in the widget. Every ordering of studies, lanes, marks, ticks and
//! options goes through it, so the wasm carries one compiled copy of the standard library's sort
//! instead of one per element type and comparison (there were eleven, about 36 KB of code).

use std::cmp::Ordering;

/// Sorts positions stably by `cmp`. The comparison is reached through a `dyn` reference, which
/// is what lets every caller share one compiled sort.
#[allow(
    clippy::disallowed_methods,
    reason = "the one call of the standard sort that clippy.toml sends every other ordering to"
)]
pub fn sort_indices(v: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    v.sort_by(|&a, &b| cmp(a, b));
}

/// Reorders `items` stably by `cmp`: the positions are sorted with [`sort_indices`], then each
/// item is moved once into its place.
pub fn sort_by<T>(items: &mut Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indices(&mut order, &|a, b| cmp(&items[a], &items[b]));
    permute(items, order);
}

/// Reorders `items` stably by the text `name` gives for each, ignoring case. Each name is
/// lowered once (all in one browser call when any is not ASCII), not once per comparison.
pub fn sort_caseless<T>(items: &mut Vec<T>, name: &dyn Fn(&T) -> String) {
    let keys = crate::caseless::lower_all(items.iter().map(name).collect());
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indices(&mut order, &|a, b| keys[a].cmp(&keys[b]));
    permute(items, order);
}

/// Moves each item once to its place in `order` (a permutation of the positions).
fn permute<T>(items: &mut Vec<T>, order: Vec<usize>) {
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    reason = "tests run natively: they check the shared routines against the standard library's"
)]
mod tests {
    use super::*;

    #[test]
    fn sort_by_is_stable_and_moves_every_item_once() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by(&mut v, &|x, y| x.0.cmp(&y.0));
        assert_eq!(v, vec![(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        let mut empty: Vec<String> = Vec::new();
        sort_by(&mut empty, &|x, y| x.cmp(y));
        assert!(empty.is_empty());
    }

    #[test]
    fn sort_caseless_orders_as_lowercase_copies_would_and_keeps_ties_in_place() {
        let mut v = vec![
            (0, "beta"),
            (1, "Alpha"),
            (2, "ÄRZTE"),
            (3, "alpha"),
            (4, "Zed"),
            (5, "ärzte"),
        ];
        let mut expected = v.clone();
        expected.sort_by_key(|(_, s)| s.to_lowercase());
        sort_caseless(&mut v, &|x| x.1.to_string());
        assert_eq!(v, expected);
        assert_eq!(v[0], (1, "Alpha"), "equal names keep their order");
    }

    #[test]
    fn sort_indices_orders_positions_by_the_comparison() {
        let key = [30, 10, 20, 10];
        let mut v = vec![0, 1, 2, 3];
        sort_indices(&mut v, &|a, b| key[a].cmp(&key[b]));
        assert_eq!(v, vec![1, 3, 2, 0]);
    }
}
