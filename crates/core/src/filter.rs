//! Filtering and facet counts. Plain Rust, no yew.
//!
//! At start-up [`FilterIndex`] turns the dataset into one bitset per facet option, so applying a
//! filter is a few word operations per 64 studies, and each option's count "under the other active
//! filters" is one AND + popcount. Text search scans a lower-case haystack per study, built on the first search.

use crate::dataset::Dataset;
use crate::model::{Evidence, Mechanism, OutcomeType, Phase, Scope};
use crate::view::{DesignFlag, Filters};

/// A fixed-size set of study indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BitSet {
    words: Vec<u64>,
    len: usize,
}

impl BitSet {
    /// An empty set able to hold `len` studies.
    pub fn empty(len: usize) -> Self {
        BitSet {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    /// The set of all `len` studies.
    pub fn full(len: usize) -> Self {
        let mut s = BitSet {
            words: vec![u64::MAX; len.div_ceil(64)],
            len,
        };
        s.trim();
        s
    }

    fn trim(&mut self) {
        let rem = self.len % 64;
        if rem != 0 {
            if let Some(last) = self.words.last_mut() {
                *last &= (1u64 << rem) - 1;
            }
        }
    }

    pub fn insert(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }

    pub fn contains(&self, i: usize) -> bool {
        i < self.len && self.words[i / 64] & (1 << (i % 64)) != 0
    }

    pub fn and_with(&mut self, other: &BitSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }

    pub fn or_with(&mut self, other: &BitSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Size of the intersection, without allocating.
    pub fn count_and(&self, other: &BitSet) -> usize {
        self.words
            .iter()
            .zip(&other.words)
            .map(|(a, b)| (a & b).count_ones() as usize)
            .sum()
    }

    /// Indices in the set, ascending.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(wi, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let b = w.trailing_zeros() as usize;
                w &= w - 1;
                Some(wi * 64 + b)
            })
        })
    }
}

/// One facet of the filter panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Facet {
    Mechanism,
    Treatment,
    Phase,
    Evidence,
    Design,
    Scope,
    Outcome,
}

/// Per-option bitsets and search text, built once per dataset.
#[derive(Debug)]
pub struct FilterIndex {
    len: usize,
    mech: Vec<BitSet>,
    treat: Vec<BitSet>,
    phase: Vec<BitSet>,
    status: Vec<BitSet>,
    design: Vec<BitSet>,
    scope: Vec<BitSet>,
    outcome: Vec<BitSet>,
    /// Lower-cased treatment name, title, authors and result of each study, built on the first
    /// search: most visits never search, and at 10,000 studies it is megabytes of text.
    haystack: std::sync::OnceLock<Vec<String>>,
    /// Fractional-year span of each study (None: no dates), for the year filter.
    spans: Vec<Option<(f64, f64)>>,
}

/// How many studies each option would give under the other active filters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FacetCounts {
    pub mech: Vec<usize>,
    pub treat: Vec<usize>,
    pub phase: Vec<usize>,
    pub status: Vec<usize>,
    pub design: Vec<usize>,
    pub scope: Vec<usize>,
    pub outcome: Vec<usize>,
}

impl FilterIndex {
    /// Builds the index. `today` is the fractional year ongoing studies run to.
    pub fn new(data: &Dataset, today: f64) -> Self {
        let n = data.studies().len();
        let sets = |k: usize| vec![BitSet::empty(n); k];
        let mut ix = FilterIndex {
            len: n,
            mech: sets(Mechanism::ALL.len()),
            treat: sets(data.treatments().len()),
            phase: sets(Phase::ALL.len()),
            status: sets(Evidence::ALL.len()),
            design: sets(DesignFlag::ALL.len()),
            scope: sets(Scope::ALL.len()),
            outcome: sets(OutcomeType::ALL.len()),
            haystack: std::sync::OnceLock::new(),
            spans: Vec::with_capacity(n),
        };
        let cutoff = data.file.cutoff;
        for (i, s) in data.studies().iter().enumerate() {
            let t = data.treatment(i);
            ix.mech[t.mechanism.index()].insert(i);
            ix.treat[data.treatment_of[i]].insert(i);
            ix.phase[s.phase.index()].insert(i);
            ix.status[s.evidence.index()].insert(i);
            ix.scope[s.scope.index()].insert(i);
            if let Some(o) = s.outcome_type {
                ix.outcome[o.index()].insert(i);
            }
            for flag in DesignFlag::ALL {
                let holds = match flag {
                    DesignFlag::Rct => s.design.randomised == Some(true),
                    DesignFlag::Placebo => s.is_placebo_controlled(),
                    DesignFlag::Blinded => s.is_blinded(),
                    DesignFlag::Uncontrolled => s.is_uncontrolled(),
                    DesignFlag::Overdue => crate::reporting::results_overdue(s, cutoff).is_some(),
                    DesignFlag::Unreviewed => crate::reporting::not_peer_reviewed(s),
                };
                if holds {
                    ix.design[flag.index()].insert(i);
                }
            }
            ix.spans.push(s.span(today));
        }
        ix
    }

    /// The search text of every study (see `haystack`).
    fn haystack(&self, data: &Dataset) -> &[String] {
        self.haystack.get_or_init(|| {
            let raw = data
                .studies()
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let t = data.treatment(i);
                    let mut hay = String::new();
                    for part in [
                        Some(t.name.as_str()),
                        Some(t.key.as_str()),
                        Some(s.title.as_str()),
                        s.authors.as_deref(),
                        s.result.as_deref(),
                    ]
                    .into_iter()
                    .flatten()
                    {
                        hay.push_str(part);
                        hay.push('\n');
                    }
                    hay
                })
                .collect();
            crate::caseless::lower_all(raw)
        })
    }

    /// Number of studies indexed.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The union of the selected options' sets, or every study when none is selected.
    fn any_of(&self, sets: &[BitSet], selected: impl Iterator<Item = usize>) -> BitSet {
        let mut out: Option<BitSet> = None;
        for i in selected {
            if let Some(set) = sets.get(i) {
                out.get_or_insert_with(|| BitSet::empty(self.len))
                    .or_with(set);
            }
        }
        out.unwrap_or_else(|| BitSet::full(self.len))
    }

    /// Studies matching the text query, the year range and `since` (the filters that are not bitsets).
    fn text_and_years(&self, data: &Dataset, f: &Filters) -> BitSet {
        let q = crate::caseless::lower(f.q.trim());
        let terms: Vec<&str> = q.split_whitespace().collect();
        if terms.is_empty() && f.years.is_all() && f.since.is_none() {
            return BitSet::full(self.len);
        }
        let hay: &[String] = if terms.is_empty() {
            &[]
        } else {
            self.haystack(data)
        };
        let mut out = BitSet::empty(self.len);
        for (i, span) in self.spans.iter().enumerate() {
            let text_ok = terms.is_empty() || terms.iter().all(|t| hay[i].contains(t));
            let years_ok = f.years.is_all() || span.is_some_and(|(a, b)| f.years.overlaps(a, b));
            let since_ok = f.since.is_none_or(|d| data.studies()[i].changed_since(&d));
            if text_ok && years_ok && since_ok {
                out.insert(i);
            }
        }
        out
    }

    fn facet_mask(&self, facet: Facet, f: &Filters, data: &Dataset) -> BitSet {
        match facet {
            Facet::Mechanism => self.any_of(&self.mech, f.mech.iter().map(|m| m.index())),
            Facet::Treatment => self.any_of(
                &self.treat,
                f.treat.iter().filter_map(|k| data.treatment_index(k)),
            ),
            Facet::Phase => self.any_of(&self.phase, f.phase.iter().map(|p| p.index())),
            Facet::Evidence => self.any_of(&self.status, f.status.iter().map(|e| e.index())),
            Facet::Scope => self.any_of(&self.scope, f.scope.iter().map(|s| s.index())),
            Facet::Outcome => self.any_of(&self.outcome, f.outcome.iter().map(|o| o.index())),
            // Design flags are requirements: all selected must hold.
            Facet::Design => {
                let mut m = BitSet::full(self.len);
                for d in f.design.iter() {
                    m.and_with(&self.design[d.index()]);
                }
                m
            }
        }
    }

    const FACETS: [Facet; 7] = [
        Facet::Mechanism,
        Facet::Treatment,
        Facet::Phase,
        Facet::Evidence,
        Facet::Design,
        Facet::Scope,
        Facet::Outcome,
    ];

    /// The studies matching every filter, plus each facet option's count under the other filters.
    /// `data` must be the dataset the index was built from.
    pub fn apply(&self, data: &Dataset, f: &Filters) -> (BitSet, FacetCounts) {
        let base = self.text_and_years(data, f);
        let masks: Vec<BitSet> = Self::FACETS
            .iter()
            .map(|&fa| self.facet_mask(fa, f, data))
            .collect();
        let mut all = base.clone();
        for m in &masks {
            all.and_with(m);
        }
        // For each facet, the studies passing every *other* filter.
        let others = |skip: usize| {
            let mut m = base.clone();
            for (i, mask) in masks.iter().enumerate() {
                if i != skip {
                    m.and_with(mask);
                }
            }
            m
        };
        let counts = |sets: &[BitSet], mask: &BitSet| {
            sets.iter().map(|s| s.count_and(mask)).collect::<Vec<_>>()
        };
        let design_counts = {
            // A design flag's count is what ticking it *as well* would give.
            let mut without = others(4);
            without.and_with(&masks[4]);
            self.design.iter().map(|s| s.count_and(&without)).collect()
        };
        let fc = FacetCounts {
            mech: counts(&self.mech, &others(0)),
            treat: counts(&self.treat, &others(1)),
            phase: counts(&self.phase, &others(2)),
            status: counts(&self.status, &others(3)),
            design: design_counts,
            scope: counts(&self.scope, &others(5)),
            outcome: counts(&self.outcome, &others(6)),
        };
        (all, fc)
    }
}

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    reason = "tests run natively: they check the shared routines against the standard library's"
)]
mod tests {
    use super::*;
    use crate::view::YearRange;

    fn fixture() -> Dataset {
        let text = include_str!("../../../tests/fixtures/valid.json");
        Dataset::from_json(text).expect("valid fixture")
    }

    /// Brute-force reference: does study `i` match `f`?
    fn matches(data: &Dataset, i: usize, f: &Filters) -> bool {
        let d = data;
        let s = &d.studies()[i];
        let t = d.treatment(i);
        let q = f.q.to_lowercase();
        let hay = format!(
            "{}\n{}\n{}\n{}\n{}",
            t.name.to_lowercase(),
            t.key,
            s.title.to_lowercase(),
            s.authors.clone().unwrap_or_default().to_lowercase(),
            s.result.clone().unwrap_or_default().to_lowercase()
        );
        (f.mech.is_empty() || f.mech.contains(&t.mechanism))
            && (f.treat.is_empty() || f.treat.contains(&t.key))
            && (f.phase.is_empty() || f.phase.contains(&s.phase))
            && (f.status.is_empty() || f.status.contains(&s.evidence))
            && (f.scope.is_empty() || f.scope.contains(&s.scope))
            && (f.outcome.is_empty() || s.outcome_type.is_some_and(|o| f.outcome.contains(&o)))
            && f.design.iter().all(|flag| match flag {
                DesignFlag::Rct => s.design.randomised == Some(true),
                DesignFlag::Placebo => s.is_placebo_controlled(),
                DesignFlag::Blinded => s.is_blinded(),
                DesignFlag::Uncontrolled => s.is_uncontrolled(),
                DesignFlag::Overdue => {
                    crate::reporting::results_overdue(s, data.file.cutoff).is_some()
                }
                DesignFlag::Unreviewed => crate::reporting::not_peer_reviewed(s),
            })
            && q.split_whitespace().all(|w| hay.contains(w))
            && (f.years.is_all() || s.span(2026.9).is_some_and(|(a, b)| f.years.overlaps(a, b)))
            && f.since.is_none_or(|d| {
                s.added.is_some_and(|a| a.to_string() >= d.to_string())
                    || s.history
                        .iter()
                        .any(|h| h.date.to_string() >= d.to_string())
            })
    }

    fn check_all(d: &Dataset, f: &Filters) {
        let ix = FilterIndex::new(d, 2026.9);
        let (set, counts) = ix.apply(d, f);
        let expected: Vec<usize> = (0..d.studies().len())
            .filter(|&i| matches(d, i, f))
            .collect();
        assert_eq!(set.iter().collect::<Vec<_>>(), expected, "filters {f:?}");
        // Facet counts equal what toggling that option alone (replacing the facet) would give.
        for (mi, m) in Mechanism::ALL.iter().enumerate() {
            let mut g = f.clone();
            g.mech = [*m].into();
            let n = (0..d.studies().len())
                .filter(|&i| matches(d, i, &g))
                .count();
            assert_eq!(counts.mech[mi], n, "mechanism {m:?} under {f:?}");
        }
        for (ei, e) in Evidence::ALL.iter().enumerate() {
            let mut g = f.clone();
            g.status = [*e].into();
            let n = (0..d.studies().len())
                .filter(|&i| matches(d, i, &g))
                .count();
            assert_eq!(counts.status[ei], n, "evidence {e:?} under {f:?}");
        }
        for (di, flag) in DesignFlag::ALL.iter().enumerate() {
            let mut g = f.clone();
            g.design.insert(*flag);
            let n = (0..d.studies().len())
                .filter(|&i| matches(d, i, &g))
                .count();
            assert_eq!(counts.design[di], n, "design {flag:?} under {f:?}");
        }
    }

    #[test]
    fn bitset_basics() {
        let mut b = BitSet::empty(130);
        for i in [0, 63, 64, 129] {
            b.insert(i);
        }
        assert_eq!(b.iter().collect::<Vec<_>>(), vec![0, 63, 64, 129]);
        assert_eq!(BitSet::full(130).count(), 130);
        assert_eq!(b.count_and(&BitSet::full(130)), 4);
        assert!(!b.contains(130));
    }

    #[test]
    fn filters_match_brute_force_on_the_fixture() {
        let d = fixture();
        let mut cases = vec![Filters::default()];
        cases.push(Filters {
            q: "rapamycin".into(),
            ..Default::default()
        });
        let mut f = Filters::default();
        f.design.insert(DesignFlag::Rct);
        cases.push(f);
        let mut f = Filters::default();
        f.status.insert(Evidence::Preliminary);
        f.status.insert(Evidence::Negative);
        f.mech.insert(Mechanism::Immune);
        cases.push(f);
        cases.push(Filters {
            years: YearRange {
                from: Some(2024),
                to: None,
            },
            ..Default::default()
        });
        let mut f = Filters {
            treat: vec!["rituximab".into()],
            ..Default::default()
        };
        f.phase.insert(Phase::Phase3);
        cases.push(f);
        for since in ["2026-11-21", "2026-11-22", "2026-11-23"] {
            cases.push(Filters {
                since: crate::model::PartialDate::parse(since).ok(),
                ..Default::default()
            });
        }
        for f in &cases {
            check_all(&d, f);
        }
    }

    #[test]
    fn since_keeps_studies_added_or_changed_on_or_after_the_day() {
        let d = Dataset::embedded();
        let ix = FilterIndex::new(d, 2026.9);
        let count = |since: &str| {
            let f = Filters {
                since: crate::model::PartialDate::parse(since).ok(),
                ..Default::default()
            };
            check_all(d, &f);
            ix.apply(d, &f).0.count()
        };
        // Every record was added on 22 November or 1 December 2026 (data/studies.json's
        // changelog), and the 66 older ones were all changed on 1 December: since the 1st, all.
        // Version 2026.12.2 (4 December) changed 89 records after an audit.
        assert_eq!(count("2026-11-22"), d.studies().len());
        assert_eq!(count("2026-12-01"), d.studies().len());
        assert_eq!(count("2026-12-02"), 89);
        assert_eq!(count("2026-12-04"), 89);
        assert_eq!(count("2026-12-05"), 0);
        assert_eq!(count("2027"), 0);
    }

    #[test]
    fn filters_match_brute_force_on_the_embedded_dataset() {
        let d = Dataset::embedded();
        let mut f = Filters::default();
        check_all(d, &f);
        f.design.insert(DesignFlag::Placebo);
        check_all(d, &f);
        f.design.clear();
        f.q = "  the ".into();
        f.status.insert(Evidence::Mixed);
        check_all(d, &f);
        f.q.clear();
        f.status.clear();
        f.years = YearRange {
            from: None,
            to: Some(2005),
        };
        f.scope.insert(Scope::MeCfs);
        check_all(d, &f);
    }

    #[test]
    fn uncontrolled_and_rct_are_disjoint_in_practice() {
        let d = fixture();
        let ix = FilterIndex::new(&d, 2026.9);
        let mut f = Filters::default();
        f.design.insert(DesignFlag::Rct);
        f.design.insert(DesignFlag::Uncontrolled);
        let (set, _) = ix.apply(&d, &f);
        assert_eq!(set.count(), 0);
    }
}
