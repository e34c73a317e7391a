//! What one page load computes once and every view shares: the embedded dataset, its filter
//! index and "today". Built on first use, never cloned; renders borrow it.

use crate::dataset::Dataset;
use crate::filter::FilterIndex;
use crate::url_state::Known;
use std::sync::OnceLock;

/// The shared, read-only context of a page load.
#[derive(Debug)]
pub struct Session {
    pub data: &'static Dataset,
    pub index: FilterIndex,
    /// Now, as a fractional year: where ongoing studies end on the timeline.
    pub today: f64,
}

static SESSION: OnceLock<Session> = OnceLock::new();
static VERDICTS: OnceLock<Vec<crate::verdict::Verdict>> = OnceLock::new();

impl Session {
    /// Initialises the session with the embedded dataset (first call wins).
    pub fn init(today: f64) -> &'static Session {
        SESSION.get_or_init(|| {
            let data = Dataset::embedded();
            Session {
                data,
                index: FilterIndex::new(data, today),
                today,
            }
        })
    }

    /// The session; initialises it with a fixed date when nothing did (native tests).
    pub fn get() -> &'static Session {
        SESSION.get().unwrap_or_else(|| Session::init(2026.9))
    }

    /// Every treatment's verdict, in the dataset's treatment order (computed on first use: the
    /// lanes' badges and "What we know" share it).
    pub fn verdicts(&self) -> &'static [crate::verdict::Verdict] {
        VERDICTS.get_or_init(|| crate::verdict::all(self.data))
    }

    /// Index of a treatment key, for filters.
    pub fn treatment_index(&self, key: &str) -> Option<usize> {
        self.data.treatment_index(key)
    }
}

impl Known for Dataset {
    fn treatment(&self, key: &str) -> bool {
        self.treatment_index(key).is_some()
    }
    fn study(&self, id: &str) -> bool {
        self.study_index(id).is_some()
    }
}
