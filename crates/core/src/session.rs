//! What one page load computes once and every view shares: the embedded dataset, its filter
//! index and "today". Built on first use, never cloned; renders borrow it.

use crate::dataset::Dataset;
use crate::direction::Direction;
use crate::filter::FilterIndex;
use crate::url_state::Known;
use crate::verdict::Category;
use crate::verdict_table::{Names, VerdictTable};
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
static VERDICTS: OnceLock<VerdictTable> = OnceLock::new();

/// The verdicts `build.rs` computed for the embedded dataset (see `crate::verdict_table`).
const VERDICT_BYTES: &[u8] = include_bytes!(env!("MECFS_VERDICTS_BIN"));

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

    /// Every treatment's verdict, in the dataset's treatment order: computed at build time, decoded
    /// on first use (the lanes' badges and "What we know" share it).
    pub fn verdicts(&self) -> &'static [crate::verdict::Verdict] {
        &Self::table().verdicts
    }

    /// What the verdict rules said of treatment `treatment` year by year, `from..=to`, from the
    /// results public by the end of each year (the compare strip; see `crate::direction`).
    pub fn by_year(
        &self,
        treatment: usize,
        from: i32,
        to: i32,
    ) -> Vec<(i32, Category, Option<Direction>)> {
        let points = Self::table()
            .changes
            .get(treatment)
            .map_or(&[][..], |p| &p[..]);
        crate::direction::by_year_from(points, from, to)
    }

    /// The decoded verdict table, for the tests of its format.
    #[cfg(test)]
    pub(crate) fn table_for_tests() -> &'static VerdictTable {
        Self::table()
    }

    fn table() -> &'static VerdictTable {
        VERDICTS.get_or_init(|| {
            // `build.rs` decoded these bytes before the crate compiled, so this cannot fail; an
            // empty table would show every lane without a verdict rather than stop the widget.
            let data = Dataset::embedded();
            let treatments: Vec<&str> = data.treatments().iter().map(|t| t.key.as_str()).collect();
            let studies: Vec<&str> = data.studies().iter().map(|s| s.id.as_str()).collect();
            let names = Names {
                treatments: &treatments,
                studies: &studies,
            };
            crate::verdict_table::decode(VERDICT_BYTES, &names).unwrap_or(VerdictTable {
                verdicts: Vec::new(),
                changes: Vec::new(),
            })
        })
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
