//! A few recently computed values kept by key, so going back to a view (a filter switched off
//! again, zooming out after zooming in) reuses its layout instead of recomputing it: at 10,000
//! studies a layout costs milliseconds, a lookup among a handful of keys microseconds.

use std::rc::Rc;

/// The last `capacity` values by key, most recent first. Keys are compared with `==`, so a key
/// may hold the filtered study indices themselves (an `Rc<Vec<usize>>` compares by content).
#[derive(Debug)]
pub struct Recent<K, V> {
    capacity: usize,
    entries: Vec<(K, Rc<V>)>,
}

impl<K: PartialEq, V> Recent<K, V> {
    /// Keeps at most `capacity` values (at least one).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            entries: Vec::new(),
        }
    }

    /// The value for `key`, computed with `make` only when it is not among the recent ones. The
    /// value returned becomes the most recent; the least recent falls out when full.
    pub fn get_or_make(&mut self, key: K, make: impl FnOnce(&K) -> V) -> Rc<V> {
        let entry = match self.entries.iter().position(|(k, _)| *k == key) {
            Some(i) => self.entries.remove(i),
            None => {
                let value = Rc::new(make(&key));
                (key, value)
            }
        };
        let value = entry.1.clone();
        self.entries.insert(0, entry);
        self.entries.truncate(self.capacity);
        value
    }

    /// How many values are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Is nothing kept yet?
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_recent_key_is_not_recomputed() {
        let made = Cell::new(0);
        let mut r = Recent::new(2);
        let make = |k: &u32| {
            made.set(made.get() + 1);
            k * 10
        };
        assert_eq!(*r.get_or_make(1, make), 10);
        assert_eq!(*r.get_or_make(2, make), 20);
        assert_eq!(*r.get_or_make(1, make), 10);
        assert_eq!(made.get(), 2, "1 was kept");
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn the_least_recent_falls_out_when_full() {
        let made = Cell::new(0);
        let mut r = Recent::new(2);
        let make = |k: &u32| {
            made.set(made.get() + 1);
            *k
        };
        r.get_or_make(1, make);
        r.get_or_make(2, make);
        r.get_or_make(1, make); // 1 is now the most recent, 2 the least
        r.get_or_make(3, make); // 2 falls out
        assert_eq!(made.get(), 3);
        r.get_or_make(1, make);
        assert_eq!(made.get(), 3, "1 survived");
        r.get_or_make(2, make);
        assert_eq!(made.get(), 4, "2 had to be made again");
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn keys_compare_by_content_and_capacity_is_at_least_one() {
        let mut r: Recent<Rc<Vec<usize>>, usize> = Recent::new(0);
        assert!(r.is_empty());
        let a = r.get_or_make(Rc::new(vec![1, 2, 3]), |k| k.len());
        let b = r.get_or_make(Rc::new(vec![1, 2, 3]), |_| unreachable!("same content"));
        assert!(Rc::ptr_eq(&a, &b));
        assert_eq!(r.len(), 1);
    }
}
