//! The embedded dataset: the JSON file chosen at build time (`MECFS_DATASET`, default
//! `data/studies.json` at the workspace root), validated by this crate's `build.rs` before the
//! crate compiles and embedded in the compact binary encoding of [`crate::codec`]
//! (`include_bytes!`), decoded exactly once at start-up. Also the lookups every view shares
//! (study → treatment → mechanism), built once so renders never clone or search the data.

// Native only (build.rs, examples, tests): it needs serde_json, which the wasm does without. The
// rules live in the data crate (`crates/data/src/validate.rs`).
#[cfg(not(target_arch = "wasm32"))]
pub use mecfs_data::validate;

use crate::codec;
use crate::model::{DatasetFile, Mechanism, Study, Treatment};
use crate::view::SortColumn;
use std::sync::OnceLock;

/// The dataset this build embeds, encoded by `build.rs` with [`crate::codec::encode`].
pub const EMBEDDED_BYTES: &[u8] = include_bytes!(env!("MECFS_DATASET_BIN"));

/// The JSON source of the embedded dataset, for native tests only (the wasm never holds it).
#[cfg(test)]
const EMBEDDED_JSON: &str = include_str!(env!("MECFS_DATASET_JSON"));

/// Path of the embedded dataset relative to the crate (for messages and the README).
pub const EMBEDDED_NAME: &str = env!("MECFS_DATASET_NAME");

static EMBEDDED: OnceLock<Dataset> = OnceLock::new();

/// Decodes the embedded dataset a slice at a time, so start-up can spread the work over several
/// browser tasks (unpacking the string table is most of it: ~28 ms natively for 272 studies, four
/// to eight times that on a throttled phone). Once [`EmbeddedDecode::step`] says it is done,
/// [`Dataset::embedded`] returns at once; the result is the same dataset either way.
pub struct EmbeddedDecode(Option<crate::pack::Unpack<'static>>);

impl EmbeddedDecode {
    /// Starts decoding (nothing to do when the dataset is decoded already).
    pub fn new() -> Self {
        if EMBEDDED.get().is_some() {
            return EmbeddedDecode(None);
        }
        let unpack = codec::packed_table(EMBEDDED_BYTES)
            .ok()
            .and_then(|(at, size)| crate::pack::Unpack::new(EMBEDDED_BYTES, at, size).ok());
        EmbeddedDecode(unpack)
    }

    /// Unpacks up to `budget` more bytes of the string table, and decodes the records once it is
    /// complete; `true` when [`Dataset::embedded`] is ready. A damaged table falls back to
    /// [`Dataset::embedded`], which reports the decoder's error.
    pub fn step(&mut self, budget: usize) -> bool {
        let Some(unpack) = self.0.as_mut() else {
            Dataset::embedded();
            return true;
        };
        match unpack.step(budget) {
            Ok(false) => false,
            Ok(true) => {
                if let Some(unpack) = self.0.take() {
                    let table = unpack.finish();
                    EMBEDDED.get_or_init(|| {
                        Dataset::from_decoded(codec::decode_unpacked(EMBEDDED_BYTES, table))
                    });
                }
                true
            }
            Err(_) => {
                self.0 = None;
                Dataset::embedded();
                true
            }
        }
    }
}

impl Default for EmbeddedDecode {
    fn default() -> Self {
        Self::new()
    }
}

/// A validated dataset plus the indexes every view needs.
#[derive(Debug)]
pub struct Dataset {
    pub file: DatasetFile,
    /// `treatment_of[i]` is the index in `file.treatments` of study `i`'s treatment.
    pub treatment_of: Vec<usize>,
    /// Study indices sorted by id, and treatment indices sorted by key: binary-searched lookups
    /// that cost no copy of any string (at 10,000 studies a map of ids took longer to build than
    /// decoding the whole dataset).
    by_id: Vec<u32>,
    by_key: Vec<u32>,
    /// The table's sort ranks, computed on first use.
    sort_keys: SortKeys,
}

/// Ranks of every study, computed once per dataset (lazily, per column) so that sorting 10,000
/// rows compares integers instead of lower-casing titles on every comparison. The dataset only
/// keeps them; `crate::sort` computes them (its rules), so `sort` depends on `dataset` and not
/// the other way round.
#[derive(Debug, Default)]
pub struct SortKeys {
    /// Position of each study in the default order (treatment name, start, id).
    pub(crate) default_rank: OnceLock<Vec<u32>>,
    /// Per column (in [`SortColumn::ALL`] order): a dense rank of each study's value, equal
    /// values sharing a rank, `u32::MAX` where it is not reported.
    pub(crate) primary: [OnceLock<Vec<u32>>; SortColumn::ALL.len()],
}

/// Indices `0..n` ordered by `key`: with [`find`], a lookup by string that copies no string.
fn sorted<'a>(n: usize, key: impl Fn(usize) -> &'a str) -> Vec<u32> {
    let mut v: Vec<usize> = (0..n).collect();
    crate::order::sort_indices(&mut v, &|a, b| key(a).cmp(key(b)));
    v.into_iter().map(|i| i as u32).collect()
}

/// The index whose `key` is `wanted`, by binary search over `order` (made by [`sorted`]).
fn find<'a>(order: &[u32], key: impl Fn(usize) -> &'a str, wanted: &str) -> Option<usize> {
    order
        .binary_search_by(|&i| key(i as usize).cmp(wanted))
        .ok()
        .map(|p| order[p] as usize)
}

impl Dataset {
    /// Validates `text` and builds the lookups.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_json(text: &str) -> Result<Self, Vec<validate::Problem>> {
        let file = validate::validate(text)?;
        Ok(Self::from_file(file))
    }

    /// Builds the lookups for an already validated file.
    pub fn from_file(file: DatasetFile) -> Self {
        let by_key = sorted(file.treatments.len(), |i| &file.treatments[i].key);
        let by_id = sorted(file.studies.len(), |i| &file.studies[i].id);
        let mut d = Dataset {
            file,
            treatment_of: Vec::new(),
            by_id,
            by_key,
            sort_keys: SortKeys::default(),
        };
        d.treatment_of = d
            .file
            .studies
            .iter()
            .map(|s| d.treatment_index(&s.treatment).unwrap_or(0))
            .collect();
        d
    }

    /// The dataset compiled into this build. `build.rs` has already validated and encoded it, so
    /// failure here is a bug; it panics with the decoder's message (which the panic hook shows).
    pub fn embedded() -> &'static Dataset {
        // build.rs already ran every validation rule on the JSON, so the browser only decodes
        // (keeping the validator, serde_json and serde_path_to_error out of the wasm).
        EMBEDDED.get_or_init(|| Dataset::from_decoded(codec::decode(EMBEDDED_BYTES)))
    }

    fn from_decoded(file: Result<DatasetFile, codec::DecodeError>) -> Dataset {
        let file = file
            .unwrap_or_else(|e| panic!("{EMBEDDED_NAME}: embedded dataset does not decode: {e}"));
        Dataset::from_file(file)
    }

    pub fn studies(&self) -> &[Study] {
        &self.file.studies
    }

    pub fn treatments(&self) -> &[Treatment] {
        &self.file.treatments
    }

    /// The precomputed ranks the table sorts by.
    pub fn sort_keys(&self) -> &SortKeys {
        &self.sort_keys
    }

    /// Index of a study by id.
    pub fn study_index(&self, id: &str) -> Option<usize> {
        find(&self.by_id, |i| &self.file.studies[i].id, id)
    }

    /// Index of a treatment by key.
    pub fn treatment_index(&self, key: &str) -> Option<usize> {
        find(&self.by_key, |i| &self.file.treatments[i].key, key)
    }

    /// The treatment of study `i`.
    pub fn treatment(&self, study: usize) -> &Treatment {
        &self.file.treatments[self.treatment_of[study]]
    }

    /// The mechanism of study `i` (through its treatment).
    pub fn mechanism(&self, study: usize) -> Mechanism {
        self.treatment(study).mechanism
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_dataset_passes_every_rule() {
        if let Err(p) = validate::validate(EMBEDDED_JSON) {
            panic!("{}", validate::report(EMBEDDED_NAME, &p));
        }
    }

    #[test]
    fn embedded_bytes_decode_to_the_json() {
        let json: DatasetFile = serde_json::from_str(EMBEDDED_JSON).unwrap();
        assert_eq!(codec::decode(EMBEDDED_BYTES), Ok(json.clone()));
        // Unpacking the string table in slices gives the same dataset.
        let (at, size) = codec::packed_table(EMBEDDED_BYTES).unwrap();
        let mut unpack = crate::pack::Unpack::new(EMBEDDED_BYTES, at, size).unwrap();
        let mut steps = 0;
        while !unpack.step(size / 7 + 1).unwrap() {
            steps += 1;
        }
        assert_eq!(steps + 1, 7, "seven slices");
        assert_eq!(
            codec::decode_unpacked(EMBEDDED_BYTES, unpack.finish()),
            Ok(json)
        );
    }

    #[test]
    fn embedded_dataset_parses_and_is_indexed() {
        let d = Dataset::embedded();
        assert!(!d.studies().is_empty());
        for (i, s) in d.studies().iter().enumerate() {
            assert_eq!(d.study_index(&s.id), Some(i));
            assert_eq!(d.treatment(i).key, s.treatment);
        }
    }
}
