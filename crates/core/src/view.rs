//! The view state: everything that defines what the user is looking at, as a plain, fully
//! serialisable value. `url_state` turns it into a query string and back; the app's reducer
//! (`state`) changes it; `filter` applies its filters. No yew, no browser.

mod key_set;

use crate::model::{Evidence, Mechanism, OutcomeType, Phase, Scope};
pub use key_set::{KeySet, Member};

mecfs_data::keyed! {
    /// Which main view is shown.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
    pub enum ViewKind {
        /// "What we know": one plain verdict per treatment, summary first (calm mode opens on it).
        Treatments = "treatments", "What we know";
        #[default]
        Timeline = "timeline", "Timeline";
        Table = "table", "Table";
        Compare = "compare", "Compare treatments";
    }
}

mecfs_data::keyed! {
    /// Design properties a user can require; all selected ones must hold (AND).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum DesignFlag {
        /// Randomised.
        Rct = "rct", "Randomised";
        /// Placebo- or sham-controlled.
        Placebo = "placebo", "Placebo or sham controlled";
        /// Single-blind or more.
        Blinded = "blinded", "Blinded";
        /// No comparison group at all.
        Uncontrolled = "uncontrolled", "No comparison group";
        /// A registered trial whose results are overdue (`reporting::results_overdue`).
        Overdue = "overdue", "Results overdue";
        /// The result was not peer-reviewed: a preprint, a talk or a press release.
        Unreviewed = "unreviewed", "Result not peer-reviewed";
    }
}

mecfs_data::keyed! {
    /// Colour theme. `None` in [`ViewState::theme`] means "follow the system".
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Theme {
        Light = "light", "Light";
        Dark = "dark", "Dark";
        Contrast = "contrast", "High contrast";
        Calm = "calm", "Calm";
    }
}

/// An inclusive range of years, open at either end. Studies *overlapping* it match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct YearRange {
    pub from: Option<i32>,
    pub to: Option<i32>,
}

impl YearRange {
    pub fn is_all(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// Does the span `[a, b)` in fractional years overlap this range (whole years, inclusive)?
    pub fn overlaps(&self, a: f64, b: f64) -> bool {
        let lo = self.from.map_or(f64::NEG_INFINITY, |y| y as f64);
        let hi = self.to.map_or(f64::INFINITY, |y| y as f64 + 1.0);
        a < hi && b > lo || (a == b && a >= lo && a < hi)
    }
}

/// The visible time window of the timeline, in fractional years (`from < to`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Window {
    pub from: f64,
    pub to: f64,
}

/// A table sort: column key plus direction.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sort {
    pub column: SortColumn,
    pub descending: bool,
}

mecfs_data::keyed! {
    /// Sortable table columns.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum SortColumn {
        Treatment = "treatment", "Treatment";
        Title = "title", "Study";
        Start = "start", "Started";
        Published = "published", "Published";
        Phase = "phase", "Phase";
        Evidence = "evidence", "Evidence";
        People = "people", "People analysed";
    }
}

/// The filters. Within one set any value matches (OR); across sets all must match (AND);
/// `design` flags must all hold. Empty set = no restriction.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filters {
    pub q: String,
    pub mech: KeySet<Mechanism>,
    pub phase: KeySet<Phase>,
    pub status: KeySet<Evidence>,
    pub design: KeySet<DesignFlag>,
    pub scope: KeySet<Scope>,
    pub outcome: KeySet<OutcomeType>,
    /// Treatment keys (in the compare view: the compared treatments, in order of choice).
    pub treat: Vec<String>,
    pub years: YearRange,
    /// Only studies added or changed on or after this date (`since=`; see `Study::changed_since`).
    pub since: Option<crate::model::PartialDate>,
}

impl Filters {
    /// True when nothing is filtered.
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }
}

/// The whole view. `Default` is the plain view a bare URL shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ViewState {
    pub view: ViewKind,
    pub filters: Filters,
    pub window: Option<Window>,
    /// Id of the study whose detail is open.
    pub study: Option<String>,
    pub sort: Option<Sort>,
    pub theme: Option<Theme>,
    /// The host's colour for links and highlights (light themes only; see `crate::accent`).
    pub accent: Option<crate::accent::Accent>,
    /// Draw no background of its own, so an embed sits on the host page's.
    pub transparent: bool,
    pub embed: bool,
}

impl ViewState {
    /// The view a link shows when it names none: "What we know" in calm mode (short, large text,
    /// no chart until asked), the timeline otherwise.
    pub fn default_view(&self) -> ViewKind {
        if self.theme == Some(Theme::Calm) {
            ViewKind::Treatments
        } else {
            ViewKind::Timeline
        }
    }
}
