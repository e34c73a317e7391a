//! The embedded dataset: the JSON file chosen at build time (`MECFS_DATASET`, default
//! `data/studies.json`), validated by `build.rs` before the crate compiles and embedded in the
//! compact binary encoding of [`crate::codec`] (`include_bytes!`), decoded exactly once at
//! start-up. Also the lookups every view shares (study →
//! treatment → mechanism), built once so renders never clone or search the data.

// Native only (build.rs, examples, tests): it needs serde_json, which the wasm does without.
#[cfg(not(target_arch = "wasm32"))]
pub mod validate;

use crate::codec;
use crate::model::{DatasetFile, Mechanism, Study, Treatment};

/// The dataset this build embeds, encoded by `build.rs` with [`crate::codec::encode`].
pub const EMBEDDED_BYTES: &[u8] = include_bytes!(env!("MECFS_DATASET_BIN"));

/// The JSON source of the embedded dataset, for native tests only (the wasm never holds it).
#[cfg(test)]
const EMBEDDED_JSON: &str = include_str!(env!("MECFS_DATASET_JSON"));

/// Path of the embedded dataset relative to the crate (for messages and the README).
pub const EMBEDDED_NAME: &str = env!("MECFS_DATASET_NAME");

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
    sort_keys: crate::sort::SortKeys,
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
            sort_keys: crate::sort::SortKeys::default(),
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
        static CELL: std::sync::OnceLock<Dataset> = std::sync::OnceLock::new();
        CELL.get_or_init(|| {
            // build.rs already ran every validation rule on the JSON, so the browser only decodes
            // (keeping the validator, serde_json and serde_path_to_error out of the wasm).
            let file = codec::decode(EMBEDDED_BYTES).unwrap_or_else(|e| {
                panic!("{EMBEDDED_NAME}: embedded dataset does not decode: {e}")
            });
            Dataset::from_file(file)
        })
    }

    pub fn studies(&self) -> &[Study] {
        &self.file.studies
    }

    pub fn treatments(&self) -> &[Treatment] {
        &self.file.treatments
    }

    /// The precomputed ranks the table sorts by.
    pub fn sort_keys(&self) -> &crate::sort::SortKeys {
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
        assert_eq!(codec::decode(EMBEDDED_BYTES), Ok(json));
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
