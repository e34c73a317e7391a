//! The compact binary encoding of the dataset that the wasm embeds instead of JSON.
//!
//! `build.rs` validates the JSON file, then compiles this same file (`#[path]`) and calls
//! [`encode`]; the app calls [`decode`] once at start-up. This module owns the byte format and
//! nothing else: no validation rules (those live in `dataset::validate`), no serde, no JSON.
//!
//! Format: the magic bytes `MECFSb` and a format version byte, then the [`DatasetFile`] with
//! every field in declaration order:
//! - unsigned integers and lengths are LEB128 varints; the `i32` year is zig-zagged first;
//! - `bool` and `Option` tags are one byte, 0 or 1; a `u8` is one raw byte;
//! - a vocabulary enum is one byte, its `index()` (decoded through `ALL`);
//! - a `Vec` is its length, then the items;
//! - a string is interned: a varint `v`; an even `v` is a new string of `v / 2` UTF-8 bytes that
//!   follow, an odd `v` repeats the `(v - 1) / 2`-th new string of the file. Treatment keys,
//!   source labels, registry names and case definitions repeat across studies.
//!
//! Decoding never panics on bad input: every read is bounds-checked and every error names the
//! byte offset, the field path (`studies[3].design.summary`) and what was wrong.

use crate::model::{
    days_in_month, Blinding, Confidence, Control, DatasetFile, Design, Evidence, Harms, Licence,
    Mechanism, OutcomeType, PartialDate, People, Phase, ReportedIn, Scope, Source, SourceKind,
    Status, Study, Treatment,
};
use std::collections::HashMap;
use std::fmt;

/// The first bytes of every encoded dataset.
const MAGIC: &[u8] = b"MECFSb";
/// Bumped whenever the byte layout changes.
const VERSION: u8 = 2;

/// Encodes a (validated) dataset.
pub fn encode(file: &DatasetFile) -> Vec<u8> {
    let mut w = Writer::default();
    w.out.extend_from_slice(MAGIC);
    w.out.push(VERSION);
    file.put(&mut w);
    w.out
}

/// Decodes bytes written by [`encode`], rejecting anything else with a [`DecodeError`].
pub fn decode(bytes: &[u8]) -> Result<DatasetFile, DecodeError> {
    let mut r = Reader::new(bytes);
    for &m in MAGIC {
        if r.byte()? != m {
            return Err(r.error(Problem::BadMagic));
        }
    }
    let version = r.byte()?;
    if version != VERSION {
        return Err(r.error(Problem::Version(version)));
    }
    let file = DatasetFile::get(&mut r)?;
    if r.pos != bytes.len() {
        return Err(r.error(Problem::TrailingBytes(bytes.len() - r.pos)));
    }
    Ok(file)
}

/// Where decoding stopped and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Byte offset at which the problem was found.
    pub offset: usize,
    /// The field being read, innermost last once reversed (kept innermost first while unwinding).
    path: Vec<Step>,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Field(&'static str),
    Index(usize),
}

/// What was wrong with the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The input ended in the middle of a value.
    Truncated,
    /// The input does not start with the magic bytes.
    BadMagic,
    /// An encoding version this build cannot read.
    Version(u8),
    /// A varint longer than its type allows.
    VarintTooLong,
    /// A number outside its type's range (e.g. a `u32` above 2³²−1).
    OutOfRange(u64),
    /// A `bool` or `Option` tag other than 0 or 1.
    BadTag(u8),
    /// An enum index past the end of `ALL`.
    BadIndex { vocabulary: &'static str, index: u8 },
    /// A back-reference to a string that has not been seen.
    BadStringRef(u64),
    /// A string that is not UTF-8.
    NotUtf8,
    /// A length longer than the bytes left.
    TooLong(u64),
    /// A date that does not exist (month 13, day 31 of April, …).
    BadDate,
    /// Bytes left after the dataset.
    TrailingBytes(usize),
}

impl DecodeError {
    fn within(mut self, step: Step) -> Self {
        self.path.push(step);
        self
    }

    /// The field path, e.g. `studies[3].design.summary` (empty at the top level).
    pub fn path(&self) -> String {
        let mut out = String::new();
        for step in self.path.iter().rev() {
            match step {
                Step::Field(f) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(f);
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Truncated => f.write_str("the data ends too early"),
            Problem::BadMagic => f.write_str("not an encoded dataset (bad magic bytes)"),
            Problem::Version(v) => write!(f, "encoding version {v}, this build reads {VERSION}"),
            Problem::VarintTooLong => f.write_str("a varint is too long"),
            Problem::OutOfRange(n) => write!(f, "{n} is out of range"),
            Problem::BadTag(t) => write!(f, "tag {t} is neither 0 nor 1"),
            Problem::BadIndex { vocabulary, index } => {
                write!(f, "{index} is not a {vocabulary} index")
            }
            Problem::BadStringRef(i) => write!(f, "string reference {i} points at no string"),
            Problem::NotUtf8 => f.write_str("a string is not UTF-8"),
            Problem::TooLong(n) => write!(f, "length {n} is longer than the data left"),
            Problem::BadDate => f.write_str("a date that does not exist"),
            Problem::TrailingBytes(n) => write!(f, "{n} byte(s) left after the dataset"),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path();
        let path = if path.is_empty() { "the header" } else { &path };
        write!(f, "byte {}: {} (reading {path})", self.offset, self.problem)
    }
}

impl std::error::Error for DecodeError {}

/// Encoder state: the output and the strings written so far (for back-references).
#[derive(Default)]
pub struct Writer {
    out: Vec<u8>,
    strings: HashMap<String, u64>,
}

impl Writer {
    fn varint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.out.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.out.push(n as u8);
    }
}

/// Decoder state: the input, the position and the strings read so far (borrowed, not copied).
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    strings: Vec<&'a str>,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Reader {
            bytes,
            pos: 0,
            strings: Vec::new(),
        }
    }

    fn error(&self, problem: Problem) -> DecodeError {
        DecodeError {
            offset: self.pos,
            path: Vec::new(),
            problem,
        }
    }

    fn left(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn byte(&mut self) -> Result<u8, DecodeError> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.error(Problem::Truncated))?;
        self.pos += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, DecodeError> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                return Err(self.error(Problem::VarintTooLong));
            }
            n |= part << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(self.error(Problem::VarintTooLong))
    }

    /// A length of items that take at least one byte each: never more than the bytes left, so a
    /// corrupted length cannot make the decoder allocate gigabytes.
    fn len(&mut self) -> Result<usize, DecodeError> {
        let n = self.varint()?;
        if n > self.left() as u64 {
            return Err(self.error(Problem::TooLong(n)));
        }
        Ok(n as usize)
    }

    fn tag(&mut self) -> Result<bool, DecodeError> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            t => {
                self.pos -= 1;
                Err(self.error(Problem::BadTag(t)))
            }
        }
    }

    fn str(&mut self) -> Result<&'a str, DecodeError> {
        let v = self.varint()?;
        if v & 1 == 1 {
            let i = v >> 1;
            return usize::try_from(i)
                .ok()
                .and_then(|i| self.strings.get(i).copied())
                .ok_or_else(|| self.error(Problem::BadStringRef(i)));
        }
        let len = v >> 1;
        if len > self.left() as u64 {
            return Err(self.error(Problem::TooLong(len)));
        }
        let bytes = &self.bytes[self.pos..self.pos + len as usize];
        let s = std::str::from_utf8(bytes).map_err(|_| self.error(Problem::NotUtf8))?;
        self.pos += len as usize;
        self.strings.push(s);
        Ok(s)
    }
}

/// A value with a byte encoding.
pub trait Codec: Sized {
    fn put(&self, w: &mut Writer);
    fn get(r: &mut Reader<'_>) -> Result<Self, DecodeError>;
}

impl Codec for u8 {
    fn put(&self, w: &mut Writer) {
        w.out.push(*self);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.byte()
    }
}

impl Codec for u32 {
    fn put(&self, w: &mut Writer) {
        w.varint(u64::from(*self));
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let start = r.pos;
        let n = r.varint()?;
        u32::try_from(n).map_err(|_| DecodeError {
            offset: start,
            ..r.error(Problem::OutOfRange(n))
        })
    }
}

impl Codec for i32 {
    fn put(&self, w: &mut Writer) {
        w.varint(u64::from(((*self << 1) ^ (*self >> 31)) as u32));
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let z = u32::get(r)?;
        Ok((z >> 1) as i32 ^ -((z & 1) as i32))
    }
}

impl Codec for bool {
    fn put(&self, w: &mut Writer) {
        w.out.push(u8::from(*self));
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.tag()
    }
}

impl Codec for String {
    fn put(&self, w: &mut Writer) {
        if let Some(&i) = w.strings.get(self) {
            w.varint(i << 1 | 1);
        } else {
            let i = w.strings.len() as u64;
            w.strings.insert(self.clone(), i);
            w.varint((self.len() as u64) << 1);
            w.out.extend_from_slice(self.as_bytes());
        }
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.str().map(str::to_owned)
    }
}

impl<T: Codec> Codec for Option<T> {
    fn put(&self, w: &mut Writer) {
        match self {
            None => w.out.push(0),
            Some(v) => {
                w.out.push(1);
                v.put(w);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        if r.tag()? {
            T::get(r).map(Some)
        } else {
            Ok(None)
        }
    }
}

impl<T: Codec> Codec for Vec<T> {
    fn put(&self, w: &mut Writer) {
        w.varint(self.len() as u64);
        for item in self {
            item.put(w);
        }
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        // Every item takes at least one byte, so `len` rejects counts beyond the data left; the
        // capacity is capped too, as an item in memory is far larger than its one-byte minimum
        // (a corrupted count must not reserve gigabytes up front).
        let n = r.len()?;
        let mut items = Vec::with_capacity(n.min(1024));
        for i in 0..n {
            items.push(T::get(r).map_err(|e| e.within(Step::Index(i)))?);
        }
        Ok(items)
    }
}

impl Codec for PartialDate {
    fn put(&self, w: &mut Writer) {
        self.year.put(w);
        self.month.put(w);
        self.day.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let start = r.pos;
        let date = PartialDate {
            year: i32::get(r)?,
            month: Option::get(r)?,
            day: Option::get(r)?,
        };
        // The views index month names and compute day fractions: only real dates may pass (the
        // same ranges as `PartialDate::parse`).
        let real = (1900..=2100).contains(&date.year)
            && match (date.month, date.day) {
                (None, None) => true,
                (Some(m), None) => (1..=12).contains(&m),
                (Some(m), Some(d)) => {
                    (1..=12).contains(&m) && d >= 1 && d <= days_in_month(date.year, m)
                }
                (None, Some(_)) => false,
            };
        if !real {
            return Err(DecodeError {
                offset: start,
                ..r.error(Problem::BadDate)
            });
        }
        Ok(date)
    }
}

/// Vocabulary enums: one byte, the position in `ALL`.
macro_rules! vocabulary_codec {
    ($($ty:ident),+ $(,)?) => {$(
        impl Codec for $ty {
            fn put(&self, w: &mut Writer) {
                w.out.push(self.index() as u8);
            }
            fn get(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
                let index = r.byte()?;
                $ty::ALL.get(usize::from(index)).copied().ok_or_else(|| {
                    r.pos -= 1;
                    r.error(Problem::BadIndex { vocabulary: stringify!($ty), index })
                })
            }
        }
    )+};
}

vocabulary_codec!(
    Mechanism,
    Phase,
    Status,
    Evidence,
    Control,
    Blinding,
    Scope,
    OutcomeType,
    Confidence,
    SourceKind,
    ReportedIn,
);

/// Structs: every field in declaration order. Both directions name every field without `..`, so
/// a field added to the model fails to compile here until it is encoded.
macro_rules! record_codec {
    ($($ty:ident { $($field:ident),+ $(,)? })+) => {$(
        impl Codec for $ty {
            fn put(&self, w: &mut Writer) {
                let $ty { $($field),+ } = self;
                $( $field.put(w); )+
            }
            fn get(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
                Ok($ty {
                    $( $field: Codec::get(r)
                        .map_err(|e| e.within(Step::Field(stringify!($field))))?, )+
                })
            }
        }
    )+};
}

record_codec! {
    Licence { name, url }
    Treatment { key, name, target, mechanism }
    Design { randomised, control, blinding, crossover, summary }
    People { enrolled, completed, analysed, target }
    Source { kind, id, registry, label }
    Harms { serious_total, serious_treatment, serious_control, withdrawn, stopped_for_safety, summary }
    Study {
        id, treatment, title, authors, start, end, published, status, phase, phase_note, design,
        people, population, case_definition, pem_required, scope, primary_outcome, outcome_type,
        result, caveats, evidence, reported_in, harms, approved, sources, confidence, last_reviewed,
    }
    DatasetFile {
        format, title, version, last_reviewed, cutoff, inclusion, licence, treatments, studies
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::bare_study;

    fn real() -> DatasetFile {
        let text = include_str!("../data/studies.json");
        serde_json::from_str(text).expect("data/studies.json parses")
    }

    fn date(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    /// A small file with every edge: all-`None` options, empty lists, unicode, `u32::MAX`,
    /// repeated strings, the empty string and every value of every vocabulary.
    fn edge_cases() -> DatasetFile {
        let bare = Study {
            treatment: "t".into(),
            title: "é — ✓ 🧬 \u{0}\"\\</script>".into(),
            last_reviewed: date("1900"),
            ..bare_study()
        };
        let full = Study {
            id: "t".into(),
            authors: Some("t".into()),
            start: Some(date("2024-02-29")),
            end: Some(date("2100-12")),
            published: Some(date("2025")),
            status: Status::Published,
            phase: Phase::Phase2_3,
            phase_note: Some("x".repeat(300)),
            design: Design {
                randomised: Some(true),
                control: Some(Control::None),
                blinding: Some(Blinding::Triple),
                crossover: Some(false),
                summary: "🧬".repeat(100),
            },
            people: People {
                enrolled: Some(u32::MAX),
                completed: Some(0),
                analysed: Some(127),
                target: Some(128),
            },
            caveats: vec![String::new(), "t".into(), "t".into()],
            evidence: Evidence::Approved,
            reported_in: Some(ReportedIn::Press),
            harms: Harms {
                serious_total: Some(u32::MAX),
                serious_treatment: Some(0),
                serious_control: None,
                withdrawn: Some(3),
                stopped_for_safety: Some(true),
                summary: Some("ß".into()),
            },
            approved: Some(date("2016-08")),
            sources: vec![Source {
                kind: SourceKind::Registry,
                id: "NCT00000000".into(),
                registry: Some("clinicaltrials.gov".into()),
                label: "t".into(),
            }],
            ..bare.clone()
        };
        let mut studies = vec![bare, full];
        // Every value of every vocabulary appears at least once.
        for i in 0..Phase::ALL.len() {
            let mut s = studies[0].clone();
            s.status = Status::ALL[i % Status::ALL.len()];
            s.phase = Phase::ALL[i];
            s.evidence = Evidence::ALL[i % Evidence::ALL.len()];
            s.scope = Scope::ALL[i % Scope::ALL.len()];
            s.confidence = Confidence::ALL[i % Confidence::ALL.len()];
            s.reported_in = Some(ReportedIn::ALL[i % ReportedIn::ALL.len()]);
            s.outcome_type = Some(OutcomeType::ALL[i % OutcomeType::ALL.len()]);
            s.design.control = Some(Control::ALL[i % Control::ALL.len()]);
            s.design.blinding = Some(Blinding::ALL[i % Blinding::ALL.len()]);
            s.sources = vec![Source {
                kind: SourceKind::ALL[i % SourceKind::ALL.len()],
                id: format!("id {i}"),
                registry: None,
                label: "Journal article (2025)".into(),
            }];
            studies.push(s);
        }
        DatasetFile {
            format: u32::MAX,
            title: String::new(),
            version: "ü".into(),
            last_reviewed: date("2026-11-22"),
            cutoff: date("2026-11"),
            inclusion: String::new(),
            licence: Licence {
                name: String::new(),
                url: String::new(),
            },
            treatments: Mechanism::ALL
                .iter()
                .map(|&mechanism| Treatment {
                    key: "t".into(),
                    name: mechanism.label().into(),
                    target: String::new(),
                    mechanism,
                })
                .collect(),
            studies,
        }
    }

    #[test]
    fn real_dataset_round_trips() {
        let file = real();
        assert_eq!(decode(&encode(&file)), Ok(file));
    }

    #[test]
    fn edge_cases_round_trip() {
        let file = edge_cases();
        assert_eq!(decode(&encode(&file)), Ok(file));
        let empty = DatasetFile {
            treatments: vec![],
            studies: vec![],
            ..edge_cases()
        };
        assert_eq!(decode(&encode(&empty)), Ok(empty));
    }

    #[test]
    fn integers_round_trip_at_their_limits() {
        for n in [0, 1, 127, 128, 16_383, 16_384, u32::MAX - 1, u32::MAX] {
            let mut w = Writer::default();
            n.put(&mut w);
            assert_eq!(u32::get(&mut Reader::new(&w.out)), Ok(n));
        }
        for n in [0, -1, 1, 1900, 2100, i32::MIN, i32::MAX] {
            let mut w = Writer::default();
            n.put(&mut w);
            assert_eq!(i32::get(&mut Reader::new(&w.out)), Ok(n));
        }
        let mut w = Writer::default();
        w.varint(u64::from(u32::MAX) + 1);
        let e = u32::get(&mut Reader::new(&w.out)).unwrap_err();
        assert_eq!(e.problem, Problem::OutOfRange(u64::from(u32::MAX) + 1));
        let e = u32::get(&mut Reader::new(&[0xff; 11])).unwrap_err();
        assert_eq!(e.problem, Problem::VarintTooLong);
    }

    #[test]
    fn repeated_strings_are_written_once() {
        let mut w = Writer::default();
        let label = "Journal article (2025)".to_string();
        label.put(&mut w);
        let once = w.out.len();
        label.put(&mut w);
        assert_eq!(w.out.len(), once + 1, "a repeat is a one-byte reference");
        let mut r = Reader::new(&w.out);
        assert_eq!((r.str(), r.str()), (Ok(label.as_str()), Ok(label.as_str())));
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let bytes = encode(&edge_cases());
        for n in 0..bytes.len() {
            let e = decode(&bytes[..n]).expect_err("a prefix must not decode");
            assert!(
                matches!(e.problem, Problem::Truncated | Problem::TooLong(_)),
                "prefix of {n} bytes: {e}"
            );
            assert!(e.offset <= n);
        }
        let e = decode(&bytes[..bytes.len() - 1]).unwrap_err();
        assert!(e.to_string().contains("last_reviewed"), "{e}");
    }

    /// What [`encode`] writes before the treatment list's items (same interning state).
    fn up_to_treatments(file: &DatasetFile) -> Writer {
        let mut w = Writer::default();
        w.out.extend_from_slice(MAGIC);
        w.out.push(VERSION);
        file.format.put(&mut w);
        file.title.put(&mut w);
        file.version.put(&mut w);
        file.last_reviewed.put(&mut w);
        file.cutoff.put(&mut w);
        file.inclusion.put(&mut w);
        file.licence.put(&mut w);
        w.varint(file.treatments.len() as u64);
        w
    }

    #[test]
    fn errors_name_the_field() {
        let file = real();
        let bytes = encode(&file);
        // Cut inside the second study: the path names it.
        let mut w = up_to_treatments(&file);
        for t in &file.treatments {
            t.put(&mut w);
        }
        w.varint(file.studies.len() as u64);
        file.studies[0].put(&mut w);
        let cut = w.out.len() + 3;
        let e = decode(&bytes[..cut]).unwrap_err();
        assert_eq!(e.path(), "studies[1].id", "{e}");
        assert!(e.offset <= cut, "{e}");
    }

    #[test]
    fn corrupted_bytes_are_errors_not_panics() {
        let bytes = encode(&edge_cases());
        // Every single byte set to every value decodes or fails cleanly; a decoded file is valid
        // enough for the views (its dates exist, its enums are real values).
        for i in 0..bytes.len() {
            for v in [0u8, 1, 2, 0x7f, 0x80, 0xff] {
                let mut bad = bytes.clone();
                bad[i] = v;
                if let Ok(file) = decode(&bad) {
                    for s in &file.studies {
                        let _ = (s.last_reviewed.human(), s.status.label());
                    }
                }
            }
        }
        let mut bad = bytes.clone();
        bad[0] = b'X';
        assert_eq!(decode(&bad).unwrap_err().problem, Problem::BadMagic);
        let mut bad = bytes.clone();
        bad[MAGIC.len()] = VERSION + 1;
        assert_eq!(
            decode(&bad).unwrap_err().problem,
            Problem::Version(VERSION + 1)
        );
        let mut long = bytes.clone();
        long.push(0);
        assert_eq!(
            decode(&long).unwrap_err().problem,
            Problem::TrailingBytes(1)
        );
    }

    #[test]
    fn an_enum_index_out_of_range_is_an_error() {
        let file = edge_cases();
        let bytes = encode(&file);
        let mut w = up_to_treatments(&file);
        file.treatments[0].put(&mut w);
        // The mechanism byte is the last byte of a treatment.
        let at = w.out.len() - 1;
        assert_eq!(bytes[at], Mechanism::ALL[0].index() as u8);
        let mut bad = bytes.clone();
        bad[at] = Mechanism::ALL.len() as u8;
        let e = decode(&bad).unwrap_err();
        assert_eq!(
            e.problem,
            Problem::BadIndex {
                vocabulary: "Mechanism",
                index: Mechanism::ALL.len() as u8
            }
        );
        assert_eq!(e.offset, at);
        assert_eq!(
            e.to_string(),
            format!("byte {at}: 9 is not a Mechanism index (reading treatments[0].mechanism)")
        );
        bad[at] = 255;
        assert_eq!(decode(&bad).unwrap_err().path(), "treatments[0].mechanism");
    }

    #[test]
    fn impossible_dates_are_errors() {
        for (y, m, d) in [
            (2023, Some(13), None),
            (2023, Some(2), Some(29)),
            (2023, None, Some(1)),
        ] {
            let mut w = Writer::default();
            let date = PartialDate {
                year: y,
                month: m,
                day: d,
            };
            date.put(&mut w);
            let e = PartialDate::get(&mut Reader::new(&w.out)).unwrap_err();
            assert_eq!(e.problem, Problem::BadDate);
        }
    }

    #[test]
    fn bad_string_references_and_utf8_are_errors() {
        let mut r = Reader::new(&[3]);
        assert_eq!(r.str().unwrap_err().problem, Problem::BadStringRef(1));
        let mut r = Reader::new(&[4, 0xff, 0xfe]);
        assert_eq!(r.str().unwrap_err().problem, Problem::NotUtf8);
        let mut r = Reader::new(&[2, b'a', 1, 1]);
        assert_eq!((r.str(), r.str(), r.str()), (Ok("a"), Ok("a"), Ok("a")));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Several bytes of a valid encoding overwritten, cut or inserted: an error or a
            /// dataset, never a panic.
            #[test]
            fn mangled_encodings_never_panic(
                edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
            ) {
                let mut bytes = encode(&edge_cases());
                for (at, value, how) in edits {
                    let i = at.index(bytes.len());
                    match how {
                        0 => bytes[i] = value,
                        1 => { bytes.remove(i); }
                        _ => bytes.insert(i, value),
                    }
                }
                let _ = decode(&bytes);
            }

            /// Any bytes after a valid header: an error or a dataset, never a panic.
            #[test]
            fn random_bodies_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512)) {
                let mut bytes = MAGIC.to_vec();
                bytes.push(VERSION);
                bytes.extend(body);
                let _ = decode(&bytes);
            }
        }
    }
}
