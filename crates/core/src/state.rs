//! The app's state transitions as plain Rust: every user action is an [`Action`], and [`reduce`]
//! turns the current [`ViewState`] into the next one plus how the browser history should record
//! it (discrete changes push an entry, continuous ones replace it). The yew `Reducible` in the
//! widget (`AppState` in `src/components/app.rs`, which adds the messages that never go in the
//! URL) only calls this.

use crate::model::{Evidence, Mechanism, OutcomeType, Phase, Scope};
use crate::view::{
    DesignFlag, Filters, Sort, SortColumn, Theme, ViewKind, ViewState, Window, YearRange,
};
use crate::view::{KeySet, Member};

/// The most treatments the compare view shows side by side.
pub const MAX_COMPARE: usize = 4;

/// How a change is recorded in the browser history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryOp {
    /// A discrete change (filter, open a study, switch view): back returns to before it.
    Push,
    /// A continuous change (typing, zoom, pan): updates the current entry.
    Replace,
    /// Restored from the history itself (back/forward): the URL already says this.
    None,
}

/// Everything a user (or the browser) can do to the view.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Back/forward or first load: the whole view comes from the URL.
    Restore(Box<ViewState>),
    SetView(ViewKind),
    /// Show one treatment in a view (its lane, its studies in the table, compare, its handout):
    /// the filters are cleared to that treatment alone, any open study closes. An empty key
    /// shows the view with the filters cleared.
    ShowTreatment(ViewKind, String),
    SetQuery(String),
    ToggleMechanism(Mechanism),
    ToggleTreatment(String),
    TogglePhase(Phase),
    ToggleEvidence(Evidence),
    ToggleDesign(DesignFlag),
    ToggleScope(Scope),
    ToggleOutcome(OutcomeType),
    SetYears(YearRange),
    /// Only studies added or changed since a date (`None`: all studies).
    SetSince(Option<crate::model::PartialDate>),
    /// Zoom or pan; `None` = fit all.
    SetWindow(Option<Window>),
    OpenStudy(String),
    CloseStudy,
    /// Sort the table by a column; choosing the current column flips the direction.
    SortBy(SortColumn),
    SetTheme(Option<Theme>),
    /// Add a treatment to (or remove it from) the comparison.
    ToggleCompare(String),
    ResetFilters,
}

fn toggle<T: Member>(set: &mut KeySet<T>, v: T) {
    if !set.remove(&v) {
        set.insert(v);
    }
}

/// The next view after `action`, and how to record it in the history.
pub fn reduce(current: &ViewState, action: Action) -> (ViewState, HistoryOp) {
    let mut s = current.clone();
    let f: &mut Filters = &mut s.filters;
    let op = match action {
        Action::Restore(v) => return (*v, HistoryOp::None),
        Action::SetView(v) => {
            s.view = v;
            HistoryOp::Push
        }
        Action::ShowTreatment(v, key) => {
            s.view = v;
            s.study = None;
            s.window = None;
            *f = Filters {
                treat: if key.is_empty() {
                    Vec::new()
                } else {
                    vec![key]
                },
                ..Filters::default()
            };
            HistoryOp::Push
        }
        Action::SetQuery(q) => {
            f.q = q;
            HistoryOp::Replace
        }
        Action::ToggleMechanism(m) => {
            toggle(&mut f.mech, m);
            HistoryOp::Push
        }
        Action::ToggleTreatment(t) | Action::ToggleCompare(t) => {
            if let Some(pos) = f.treat.iter().position(|k| *k == t) {
                f.treat.remove(pos);
            } else if s.view != ViewKind::Compare || f.treat.len() < MAX_COMPARE {
                f.treat.push(t);
            }
            HistoryOp::Push
        }
        Action::TogglePhase(p) => {
            toggle(&mut f.phase, p);
            HistoryOp::Push
        }
        Action::ToggleEvidence(e) => {
            toggle(&mut f.status, e);
            HistoryOp::Push
        }
        Action::ToggleDesign(d) => {
            toggle(&mut f.design, d);
            HistoryOp::Push
        }
        Action::ToggleScope(sc) => {
            toggle(&mut f.scope, sc);
            HistoryOp::Push
        }
        Action::ToggleOutcome(o) => {
            toggle(&mut f.outcome, o);
            HistoryOp::Push
        }
        Action::SetYears(y) => {
            f.years = y;
            HistoryOp::Push
        }
        Action::SetSince(d) => {
            f.since = d;
            HistoryOp::Push
        }
        Action::SetWindow(w) => {
            s.window = w
                .map(|w| Window {
                    from: round2(w.from),
                    to: round2(w.to),
                })
                .filter(|w| w.to > w.from);
            HistoryOp::Replace
        }
        Action::OpenStudy(id) => {
            s.study = Some(id);
            HistoryOp::Push
        }
        Action::CloseStudy => {
            s.study = None;
            HistoryOp::Push
        }
        Action::SortBy(c) => {
            s.sort = match &s.sort {
                Some(Sort { column, descending }) if *column == c => Some(Sort {
                    column: c,
                    descending: !descending,
                }),
                _ => Some(Sort {
                    column: c,
                    descending: false,
                }),
            };
            HistoryOp::Push
        }
        Action::SetTheme(t) => {
            s.theme = t;
            HistoryOp::Push
        }
        Action::ResetFilters => {
            // In the compare view the treatments are the comparison, not a filter.
            let keep = if s.view == ViewKind::Compare {
                std::mem::take(&mut f.treat)
            } else {
                Vec::new()
            };
            *f = Filters {
                treat: keep,
                ..Filters::default()
            };
            HistoryOp::Push
        }
    };
    if s == *current {
        return (s, HistoryOp::None);
    }
    (s, op)
}

/// Windows are kept to 2 decimals so URLs stay short and round-trip exactly.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_push_and_typing_replaces() {
        let s = ViewState::default();
        let (s1, op) = reduce(&s, Action::ToggleEvidence(Evidence::Positive));
        assert_eq!(op, HistoryOp::Push);
        assert!(s1.filters.status.contains(&Evidence::Positive));
        let (s2, op) = reduce(&s1, Action::SetQuery("rit".into()));
        assert_eq!(op, HistoryOp::Replace);
        let (s3, _) = reduce(&s2, Action::ToggleEvidence(Evidence::Positive));
        assert!(s3.filters.status.is_empty());
    }

    #[test]
    fn no_op_changes_do_not_touch_history() {
        let s = ViewState::default();
        assert_eq!(reduce(&s, Action::CloseStudy).1, HistoryOp::None);
        assert_eq!(reduce(&s, Action::ResetFilters).1, HistoryOp::None);
    }

    #[test]
    fn sorting_the_same_column_flips_direction() {
        let s = ViewState::default();
        let (s, _) = reduce(&s, Action::SortBy(SortColumn::Published));
        assert_eq!(
            s.sort,
            Some(Sort {
                column: SortColumn::Published,
                descending: false
            })
        );
        let (s, _) = reduce(&s, Action::SortBy(SortColumn::Published));
        assert_eq!(
            s.sort,
            Some(Sort {
                column: SortColumn::Published,
                descending: true
            })
        );
    }

    #[test]
    fn compare_is_capped_and_survives_reset() {
        let mut s = ViewState {
            view: ViewKind::Compare,
            ..Default::default()
        };
        for t in ["a", "b", "c", "d", "e"] {
            s = reduce(&s, Action::ToggleCompare(t.into())).0;
        }
        assert_eq!(s.filters.treat, vec!["a", "b", "c", "d"]);
        s = reduce(&s, Action::ToggleEvidence(Evidence::Mixed)).0;
        s = reduce(&s, Action::ResetFilters).0;
        assert_eq!(s.filters.treat.len(), 4);
        assert!(s.filters.status.is_empty());
    }

    #[test]
    fn windows_are_rounded_and_fit_all_clears() {
        let s = ViewState::default();
        let (s, op) = reduce(
            &s,
            Action::SetWindow(Some(Window {
                from: 2010.123,
                to: 2015.456,
            })),
        );
        assert_eq!(op, HistoryOp::Replace);
        assert_eq!(
            s.window,
            Some(Window {
                from: 2010.12,
                to: 2015.46
            })
        );
        let (s, _) = reduce(&s, Action::SetWindow(None));
        assert_eq!(s.window, None);
    }
}
