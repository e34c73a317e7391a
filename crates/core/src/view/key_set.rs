//! A set of values from one small vocabulary (mechanisms, phases, evidence kinds, design flags,
//! scopes, outcome types), stored as one word of bits.
//!
//! Filters are compared, cloned and hashed on every render; a word does each in one operation,
//! and the wasm carries no B-tree code for six sets of at most a dozen values.

use crate::model::{Evidence, Mechanism, OutcomeType, Phase, Scope};
use crate::view::DesignFlag;
use std::fmt;
use std::marker::PhantomData;

/// A vocabulary a [`KeySet`] can hold: every value, and each value's place among them.
pub trait Member: Copy + Eq + 'static {
    /// Every value, in display order (which is also their `Ord` order).
    const ALL: &'static [Self];
    /// Position in [`Self::ALL`], below 64.
    fn position(self) -> usize;
}

macro_rules! members {
    ($($t:ty),+) => {$(
        impl Member for $t {
            const ALL: &'static [Self] = <$t>::ALL;
            fn position(self) -> usize {
                self.index()
            }
        }
    )+};
}
members!(Mechanism, Phase, Evidence, DesignFlag, Scope, OutcomeType);

/// A set of `T` values. Iterates in display order.
pub struct KeySet<T> {
    bits: u64,
    member: PhantomData<T>,
}

impl<T: Member> KeySet<T> {
    /// The empty set.
    pub const fn new() -> Self {
        Self {
            bits: 0,
            member: PhantomData,
        }
    }

    fn bit(v: T) -> u64 {
        1 << v.position()
    }

    /// Adds `v`; true when it was not in the set.
    pub fn insert(&mut self, v: T) -> bool {
        let had = self.contains(&v);
        self.bits |= Self::bit(v);
        !had
    }

    /// Removes `v`; true when it was in the set.
    pub fn remove(&mut self, v: &T) -> bool {
        let had = self.contains(v);
        self.bits &= !Self::bit(*v);
        had
    }

    pub fn contains(&self, v: &T) -> bool {
        self.bits & Self::bit(*v) != 0
    }

    pub fn is_empty(&self) -> bool {
        self.bits == 0
    }

    pub fn len(&self) -> usize {
        self.bits.count_ones() as usize
    }

    pub fn clear(&mut self) {
        self.bits = 0;
    }

    /// The values in the set, in display order.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        T::ALL.iter().copied().filter(|v| self.contains(v))
    }
}

// Written out rather than derived: a derive would demand the same traits of `T` itself.
impl<T> Clone for KeySet<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for KeySet<T> {}
impl<T> PartialEq for KeySet<T> {
    fn eq(&self, other: &Self) -> bool {
        self.bits == other.bits
    }
}
impl<T> Eq for KeySet<T> {}
impl<T> std::hash::Hash for KeySet<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.bits.hash(state);
    }
}
impl<T: Member> Default for KeySet<T> {
    fn default() -> Self {
        Self::new()
    }
}
impl<T: Member + fmt::Debug> fmt::Debug for KeySet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}
impl<T: Member> FromIterator<T> for KeySet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut s = Self::new();
        s.extend(iter);
        s
    }
}
impl<T: Member> Extend<T> for KeySet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for v in iter {
            self.insert(v);
        }
    }
}
impl<T: Member, const N: usize> From<[T; N]> for KeySet<T> {
    fn from(values: [T; N]) -> Self {
        values.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Display order must be `Ord` order, so iterating a `KeySet` lists values as the
    /// `BTreeSet` it replaced did (URLs and facet lists depend on that order).
    fn all_in_ord_order<T: Member + Ord + fmt::Debug>() {
        assert!(T::ALL.len() <= 64);
        assert!(T::ALL.windows(2).all(|w| w[0] < w[1]), "{:?}", T::ALL);
        for (i, v) in T::ALL.iter().enumerate() {
            assert_eq!(v.position(), i);
        }
    }

    #[test]
    fn every_vocabulary_fits_and_lists_in_ord_order() {
        all_in_ord_order::<Mechanism>();
        all_in_ord_order::<Phase>();
        all_in_ord_order::<Evidence>();
        all_in_ord_order::<DesignFlag>();
        all_in_ord_order::<Scope>();
        all_in_ord_order::<OutcomeType>();
    }

    #[test]
    fn behaves_like_a_btree_set() {
        let ops: &[(bool, usize)] = &[
            (true, 3),
            (true, 0),
            (true, 3),
            (false, 1),
            (true, 5),
            (false, 3),
            (true, 2),
        ];
        let mut ours = KeySet::<Phase>::new();
        let mut model = BTreeSet::new();
        for &(add, i) in ops {
            let v = Phase::ALL[i % Phase::ALL.len()];
            if add {
                assert_eq!(ours.insert(v), model.insert(v));
            } else {
                assert_eq!(ours.remove(&v), model.remove(&v));
            }
            assert_eq!(
                ours.iter().collect::<Vec<_>>(),
                model.iter().copied().collect::<Vec<_>>()
            );
            assert_eq!(ours.len(), model.len());
            assert_eq!(ours.is_empty(), model.is_empty());
            for &p in Phase::ALL {
                assert_eq!(ours.contains(&p), model.contains(&p));
            }
        }
        let copy = ours;
        assert_eq!(copy, ours);
        ours.clear();
        assert!(ours.is_empty());
        assert_ne!(copy, ours);
        assert_eq!(format!("{copy:?}"), format!("{model:?}"));
    }
}
