//! The compact binary encoding of the dataset that the wasm embeds instead of JSON.
//!
//! `build.rs` validates the JSON file, then calls [`encode`] (through its build-dependency on this
//! crate); the app calls [`decode`] once at start-up. This module owns the byte format and
//! nothing else: no validation rules (those live in [`crate::validate`]), no serde, no JSON.
//!
//! Format: the magic bytes `MECFSb` and a format version byte, then the [`DatasetFile`] with
//! every field in declaration order:
//! - unsigned integers and lengths are LEB128 varints; the `i32` year is zig-zagged first;
//! - `bool` and `Option` tags are one byte, 0 or 1; a `u8` is one raw byte;
//! - a vocabulary enum is one byte, its `index()` (decoded through `ALL`);
//! - a `Vec` is its length, then the items;
//! - a string is a varint into the **string table**, which follows the version byte: 0 means
//!   "the next new string of this field", `i + 1` the table's `i`-th string (a repeat). The table
//!   holds every distinct string once, grouped by field (all titles, all results, …) in the order
//!   of first use, so a record's new strings cost one zero byte each. Its layout: the number of
//!   groups and each group's size (varints), the length of all strings joined (each ended by the
//!   byte 0xFF, which UTF-8 never uses), then the joined strings compressed by [`crate::pack`]
//!   (PPMd order 8). At 272 studies the embedded dataset is about 84 KB after gzip this way
//!   (93 KB with the Burrows–Wheeler coder `pack` held before), against 133 KB when each string
//!   was written where it was first used and left to gzip.
//!
//! The records (everything after the table) are packed by [`crate::pack`] as well: they are
//! varints, enum bytes and string indices, which PPMd packs to 5.3 KB at 272 studies against
//! gzip's 6.8.
//!
//! Decoding never panics on bad input: every read is bounds-checked and every error names the
//! byte offset (within the unpacked records, for an error in a record), the field path
//! (`studies[3].design.summary`) and what was wrong.

use crate::model::{
    days_in_month, Blinding, ChangelogEntry, Confidence, Control, DatasetFile, Design, Evidence,
    Harms, HistoryEntry, Licence, Mechanism, OutcomeType, PartialDate, People, Phase, ReportedIn,
    Scope, Source, SourceKind, Status, Study, Treatment, TreatmentNote,
};
use std::collections::HashMap;
use std::fmt;

/// The first bytes of every encoded dataset.
const MAGIC: &[u8] = b"MECFSb";
/// Bumped whenever the byte layout changes.
const VERSION: u8 = 7;
/// Ends each string of the joined table (0xFF never occurs in UTF-8).
const END: u8 = 0xFF;

/// Encodes a (validated) dataset.
pub fn encode(file: &DatasetFile) -> Vec<u8> {
    encode_with(file, true)
}

/// [`encode`], with the records packed or (for the tests that corrupt a chosen field's byte)
/// left as they are.
fn encode_with(file: &DatasetFile, pack_records: bool) -> Vec<u8> {
    let mut w = header(file);
    let at = w.out.len();
    file.put(&mut w);
    if pack_records {
        let records = w.out.split_off(at);
        w.out.extend_from_slice(&crate::pack::compress(&records));
    }
    w.out
}

/// The magic bytes, the version, the word list and the string table of `file`, with the writer
/// ready to write the records (every string of `file` has its place in the table).
fn header(file: &DatasetFile) -> Writer {
    // First pass: every string, with the field it is in.
    let mut collect = Writer {
        collected: Some(Vec::new()),
        ..Writer::default()
    };
    file.put(&mut collect);
    let collected = collect.collected.unwrap_or_default();
    // One group per field, in the order the fields first hold a new string; inside a group, the
    // strings in the order they are first used, each string once in the whole table.
    let mut group_of: HashMap<&'static str, usize> = HashMap::new();
    let mut groups: Vec<Vec<&str>> = Vec::new();
    let mut seen: HashMap<&str, ()> = HashMap::new();
    for (field, text) in &collected {
        // A field's group opens with its first new string (a repeat is written by its place),
        // which is where the decoder meets the field's first "next new string".
        if seen.insert(text.as_str(), ()).is_none() {
            let g = *group_of.entry(field).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[g].push(text.as_str());
        }
    }
    let table: Vec<&str> = groups.iter().flatten().copied().collect();
    let mut w = Writer::default();
    w.out.extend_from_slice(MAGIC);
    w.out.push(VERSION);
    w.varint(groups.len() as u64);
    for g in &groups {
        w.varint(g.len() as u64);
    }
    let mut joined = Vec::new();
    for text in &table {
        joined.extend_from_slice(text.as_bytes());
        joined.push(END);
    }
    w.varint(joined.len() as u64);
    w.out.extend_from_slice(&crate::pack::compress(&joined));
    w.index = table
        .iter()
        .enumerate()
        .map(|(i, t)| (t.to_string(), i as u64))
        .collect();
    w
}

/// Decodes bytes written by [`encode`], rejecting anything else with a [`DecodeError`].
pub fn decode(bytes: &[u8]) -> Result<DatasetFile, DecodeError> {
    decode_records(Reader::new(bytes), true)
}

/// Where the packed string table inside `bytes` starts and how long it is unpacked, for a caller
/// that unpacks it in steps ([`crate::pack::Unpack`]) and then calls [`decode_unpacked`].
pub fn packed_table(bytes: &[u8]) -> Result<(usize, usize), DecodeError> {
    let mut r = Reader::new(bytes);
    r.probe = Some(None);
    r.header()?;
    r.table()?;
    r.probe.flatten().ok_or_else(|| r.error(Problem::BadTable))
}

/// [`decode`] with the string table already unpacked: `table` is what
/// [`crate::pack::Unpack::finish`] returned for the position [`packed_table`] gave.
pub fn decode_unpacked(bytes: &[u8], table: (Vec<u8>, usize)) -> Result<DatasetFile, DecodeError> {
    let mut r = Reader::new(bytes);
    r.unpacked = Some(table);
    decode_records(r, true)
}

/// The header, the string table, then the records: packed (as [`encode`] writes them) or not.
fn decode_records(mut r: Reader, packed: bool) -> Result<DatasetFile, DecodeError> {
    let bytes = r.bytes;
    r.header()?;
    r.table()?;
    if !packed {
        let file = DatasetFile::get(&mut r)?;
        if r.pos != bytes.len() {
            return Err(r.error(Problem::TrailingBytes(bytes.len() - r.pos)));
        }
        return Ok(file);
    }
    let at = r.pos;
    let mut end = at;
    // Records are varints and indices, a few bytes per field: never 1024 times their packed size.
    let limit = r.left().saturating_mul(1024);
    let records = crate::pack::decompress(bytes, &mut end, limit).map_err(|e| {
        DecodeError {
            offset: at,
            ..r.error(packed_problem(e))
        }
        .within(Step::Field("records"))
    })?;
    if end != bytes.len() {
        return Err(DecodeError {
            offset: end,
            ..r.error(Problem::TrailingBytes(bytes.len() - end))
        });
    }
    // The records are read from their unpacked bytes, with the table read above; offsets in
    // errors from here on count within the unpacked records.
    let mut rr = Reader::new(&records);
    rr.strings = std::mem::take(&mut r.strings);
    rr.groups = std::mem::take(&mut r.groups);
    rr.cursors = std::mem::take(&mut r.cursors);
    let file = DatasetFile::get(&mut rr)?;
    if rr.pos != records.len() {
        return Err(rr.error(Problem::TrailingBytes(records.len() - rr.pos)));
    }
    Ok(file)
}

impl Reader<'_> {
    /// The magic bytes and the encoding version.
    fn header(&mut self) -> Result<(), DecodeError> {
        let r = self;
        for &m in MAGIC {
            if r.byte()? != m {
                return Err(r.error(Problem::BadMagic));
            }
        }
        let version = r.byte()?;
        if version != VERSION {
            return Err(r.error(Problem::Version(version)));
        }
        Ok(())
    }
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
    /// The string table's text does not match its own sizes.
    BadTable,
    /// Bytes left after the dataset.
    TrailingBytes(usize),
}

impl DecodeError {
    /// Adds a step to the field path. In the wasm the path stays empty (the offset and the
    /// problem remain): the embedded dataset was validated and decoded by `build.rs` already, so
    /// a path there would only name a build's corruption, and building one after every field
    /// read costs ~1 KB gzip of decoder. Natively (validation, tests, the CLI) it names the field.
    #[cfg(not(target_arch = "wasm32"))]
    fn within(mut self, step: Step) -> Self {
        self.path.push(step);
        self
    }
    #[cfg(target_arch = "wasm32")]
    fn within(self, _step: Step) -> Self {
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
            Problem::BadTable => f.write_str("the string table is damaged"),
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

/// Encoder state: the output, and the string table's index of every string.
#[derive(Default)]
pub struct Writer {
    out: Vec<u8>,
    /// During the first pass of [`encode`]: every string written, with its field.
    collected: Option<Vec<(&'static str, String)>>,
    /// The field being written, e.g. `Study.caveats` (set by the record encoders).
    field: &'static str,
    /// Each string's position in the string table.
    index: HashMap<String, u64>,
    /// The strings already written once (the rest are each their field's next new string).
    written: std::collections::HashSet<u64>,
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

/// Decoder state: the input, the position and the string table.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    strings: Vec<String>,
    /// Each group's first index in `strings` and its length.
    groups: Vec<(usize, usize)>,
    /// The field being read.
    field: &'static str,
    /// Per group, in order: the field it belongs to and how many of its strings were read (a
    /// short list, searched linearly: no hash map code in the wasm for ~20 fields).
    cursors: Vec<(&'static str, usize)>,
    /// The string table already unpacked (see [`decode_unpacked`]) and the position after it.
    unpacked: Option<(Vec<u8>, usize)>,
    /// Set by [`packed_table`]: stop at the packed table, recording where it is and its size.
    probe: Option<Option<(usize, usize)>>,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Reader {
            bytes,
            pos: 0,
            strings: Vec::new(),
            groups: Vec::new(),
            field: "",
            cursors: Vec::new(),
            unpacked: None,
            probe: None,
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

    /// Reads the string table that precedes the records.
    fn table(&mut self) -> Result<(), DecodeError> {
        let g = self.len()?;
        let mut groups = Vec::with_capacity(g.min(64));
        let mut total = 0usize;
        for i in 0..g {
            let len = self
                .len()
                .map_err(|e| e.within(Step::Index(i)).within(Step::Field("groups")))?;
            groups.push((total, len));
            total += len;
        }
        let at = self.pos;
        let size = self.varint()?;
        // Every string takes at least its end byte; the packed text is never more than a
        // thousand times smaller than itself on real text (a cap against corrupted sizes).
        if size < total as u64 || size > (self.left() as u64).saturating_mul(1024) {
            return Err(DecodeError {
                offset: at,
                ..self.error(Problem::TooLong(size))
            });
        }
        let at = self.pos;
        if let Some(probe) = self.probe.as_mut() {
            *probe = Some((at, size as usize));
            return Ok(());
        }
        let mut pos = self.pos;
        let joined = match self.unpacked.take() {
            Some((joined, end)) => {
                pos = end;
                Ok(joined)
            }
            None => crate::pack::decompress(self.bytes, &mut pos, size as usize),
        };
        let joined = joined.map_err(|e| {
            DecodeError {
                offset: at,
                ..self.error(packed_problem(e))
            }
            .within(Step::Field("strings"))
        })?;
        self.pos = pos;
        let parts: Vec<&[u8]> = joined.split(|&b| b == END).collect();
        // `split` yields one empty part after the last end byte.
        if joined.len() as u64 != size
            || parts.len() != total + 1
            || parts.last().is_some_and(|p| !p.is_empty())
        {
            return Err(DecodeError {
                offset: at,
                ..self.error(Problem::BadTable)
            }
            .within(Step::Field("strings")));
        }
        let mut strings = Vec::with_capacity(total);
        for (i, part) in parts[..total].iter().enumerate() {
            let s = std::str::from_utf8(part).map_err(|_| {
                DecodeError {
                    offset: at,
                    ..self.error(Problem::NotUtf8)
                }
                .within(Step::Index(i))
                .within(Step::Field("strings"))
            })?;
            strings.push(s.to_string());
        }
        self.strings = strings;
        self.groups = groups;
        Ok(())
    }

    /// A string: 0 is the next new string of the field being read, `i + 1` the table's `i`-th.
    fn str(&mut self) -> Result<String, DecodeError> {
        let start = self.pos;
        let v = self.varint()?;
        let bad = |r: &Self, i: u64| DecodeError {
            offset: start,
            ..r.error(Problem::BadStringRef(i))
        };
        if v > 0 {
            return usize::try_from(v - 1)
                .ok()
                .and_then(|i| self.strings.get(i).cloned())
                .ok_or_else(|| bad(self, v - 1));
        }
        // The first string of a field not seen before opens the next group, as in `header`.
        let field = self.field;
        let group = match self.cursors.iter().position(|(f, _)| *f == field) {
            Some(g) => g,
            None => {
                self.cursors.push((field, 0));
                self.cursors.len() - 1
            }
        };
        let used = self.cursors[group].1;
        let Some(&(first, _)) = self.groups.get(group).filter(|g| used < g.1) else {
            return Err(bad(self, 0));
        };
        self.cursors[group].1 += 1;
        Ok(self.strings[first + used].clone())
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
        if let Some(c) = &mut w.collected {
            c.push((w.field, self.clone()));
            return;
        }
        // A string's first use is its field's next new string (0); a later use names its place.
        let i = w.index.get(self).copied();
        match i {
            Some(i) if w.written.insert(i) => w.varint(0),
            Some(i) => w.varint(i + 1),
            None => panic!("string not in the table (encode builds the table first)"),
        }
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.str()
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
                $(
                    w.field = concat!(stringify!($ty), ".", stringify!($field));
                    $field.put(w);
                )+
            }
            fn get(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
                Ok($ty {
                    $( $field: {
                        r.field = concat!(stringify!($ty), ".", stringify!($field));
                        Codec::get(r).map_err(|e| e.within(Step::Field(stringify!($field))))?
                    }, )+
                })
            }
        }
    )+};
}

record_codec! {
    Licence { name, url }
    Treatment { key, name, target, mechanism, note }
    TreatmentNote { text, sources }
    Design { randomised, control, blinding, crossover, summary }
    People { enrolled, completed, analysed, target }
    Source { kind, id, registry, label }
    Harms { serious_total, serious_treatment, serious_control, withdrawn, stopped_for_safety, summary }
    Study {
        id, treatment, title, authors, start, end, published, status, phase, phase_note, design,
        people, population, case_definition, pem_required, scope, primary_outcome, outcome_type,
        result, caveats, evidence, reported_in, harms, approved, sources, confidence, last_reviewed,
        added, history,
    }
    HistoryEntry { date, change, reason }
    ChangelogEntry { version, date, summary, added, changed, removed }
    DatasetFile {
        format, title, version, last_reviewed, cutoff, inclusion, licence, treatments, studies,
        changelog,
    }
}

/// What a damaged packed stream (string table or records) is reported as.
fn packed_problem(e: crate::pack::Corrupt) -> Problem {
    match e {
        crate::pack::Corrupt::Truncated => Problem::Truncated,
        crate::pack::Corrupt::BadLength(_) => Problem::BadTable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::bare_study;

    fn real() -> DatasetFile {
        let text = include_str!("../../../data/studies.json");
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
            added: Some(date("2026-11-22")),
            history: vec![
                HistoryEntry {
                    date: date("2026-12"),
                    change: "Analysed 40 → 70 ✓".into(),
                    reason: String::new(),
                },
                HistoryEntry {
                    date: date("2100-12-31"),
                    change: "t".into(),
                    reason: "t".into(),
                },
            ],
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
                .enumerate()
                .map(|(i, &mechanism)| Treatment {
                    key: "t".into(),
                    name: mechanism.label().into(),
                    target: String::new(),
                    mechanism,
                    // No note, a note without sources, a note with every kind of source.
                    note: match i % 3 {
                        0 => None,
                        1 => Some(TreatmentNote {
                            text: "ß ✓ \"quoted\"".into(),
                            sources: vec![],
                        }),
                        _ => Some(TreatmentNote {
                            text: "t".into(),
                            sources: SourceKind::ALL
                                .iter()
                                .map(|&kind| Source {
                                    kind,
                                    id: "NCT00000000".into(),
                                    registry: (kind == SourceKind::Registry)
                                        .then(|| "clinicaltrials.gov".into()),
                                    label: "t".into(),
                                })
                                .collect(),
                        }),
                    },
                })
                .collect(),
            studies,
            changelog: vec![
                ChangelogEntry {
                    version: "0.0.1".into(),
                    date: date("1900"),
                    summary: String::new(),
                    added: vec!["t".into(), String::new()],
                    changed: vec![],
                    removed: vec![],
                },
                ChangelogEntry {
                    version: "ü".into(),
                    date: date("2026-11-22"),
                    summary: "ß".into(),
                    added: vec![],
                    changed: vec!["t".into()],
                    removed: vec!["gone".into(), "t".into()],
                },
            ],
        }
    }

    #[test]
    fn treatment_notes_round_trip() {
        // A real treatment with a note citing the same sources as one of its studies, and one
        // without: both come back as they went in, and the note's strings share the table.
        let mut file = real();
        let study_sources = file.studies[0].sources.clone();
        file.treatments[0].note = Some(TreatmentNote {
            text: "A plain note, with an accent: Tölle.".into(),
            sources: study_sources,
        });
        file.treatments[1].note = None;
        let bytes = encode(&file);
        assert_eq!(decode(&bytes), Ok(file.clone()));
        // Reusing a study's sources costs a few index bytes, not the sources' text again.
        let mut without = file.clone();
        without.treatments[0].note = None;
        let plain = encode(&without);
        assert!(
            bytes.len() < plain.len() + 80,
            "a note of reused sources: {} vs {} bytes",
            bytes.len(),
            plain.len()
        );
    }

    #[test]
    fn real_dataset_round_trips() {
        let file = real();
        assert_eq!(decode(&encode(&file)), Ok(file));
    }

    #[test]
    fn history_and_changelog_cost_little() {
        // The changelog names studies by id, which the table already holds: each id is an index
        // of two bytes or so, not its text again. Dates are a few bytes each.
        let file = real();
        let bytes = encode_with(&file, false).len();
        let mut bare = file.clone();
        let ids: usize = bare
            .changelog
            .iter()
            .map(|c| c.added.len() + c.changed.len() + c.removed.len())
            .sum();
        bare.changelog.clear();
        let without_log = encode_with(&bare, false).len();
        assert!(
            bytes - without_log <= 3 * ids + 400,
            "changelog of {ids} ids: {} bytes",
            bytes - without_log
        );
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
    fn repeated_strings_are_stored_once() {
        let caveat = "An unusually particular sentence about questionnaires.";
        let file = |second: &str| DatasetFile {
            studies: vec![
                Study {
                    caveats: vec![caveat.into()],
                    ..bare_study()
                },
                Study {
                    caveats: vec![second.into()],
                    ..bare_study()
                },
            ],
            ..edge_cases()
        };
        let same = encode(&file(caveat));
        let other = encode(&file("Quite another remark, on blinding and on dropouts."));
        assert!(
            same.len() + 10 < other.len(),
            "a repeated caveat costs one index: {} vs {}",
            same.len(),
            other.len()
        );
        assert_eq!(decode(&same), Ok(file(caveat)));
    }

    /// [`decode`] or [`decode_raw`], for the tests that run on both forms.
    type Decoder = fn(&[u8]) -> Result<DatasetFile, DecodeError>;

    /// Decodes what `encode_with(file, false)` wrote (records not packed).
    fn decode_raw(bytes: &[u8]) -> Result<DatasetFile, DecodeError> {
        decode_records(Reader::new(bytes), false)
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        for (bytes, decode) in [
            (encode(&edge_cases()), decode as Decoder),
            (encode_with(&edge_cases(), false), decode_raw),
        ] {
            for n in 0..bytes.len() {
                let e = decode(&bytes[..n]).expect_err("a prefix must not decode");
                assert!(
                    matches!(e.problem, Problem::Truncated | Problem::TooLong(_)),
                    "prefix of {n} bytes: {e}"
                );
                assert!(e.offset <= n);
            }
        }
        let raw = encode_with(&edge_cases(), false);
        let e = decode_raw(&raw[..raw.len() - 1]).unwrap_err();
        assert!(e.to_string().contains("changelog[1].removed"), "{e}");
        let packed = encode(&edge_cases());
        let e = decode(&packed[..packed.len() - 1]).unwrap_err();
        assert_eq!(e.path(), "records", "{e}");
    }

    /// What [`encode`] writes before the treatment list's items (same string table).
    fn up_to_treatments(file: &DatasetFile) -> Writer {
        let mut w = header(file);
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
        let bytes = encode_with(&file, false);
        // Cut where the eleventh study starts (far enough in for the list's length to fit the
        // bytes left): the path names it.
        let mut w = up_to_treatments(&file);
        for t in &file.treatments {
            t.put(&mut w);
        }
        w.varint(file.studies.len() as u64);
        for s in &file.studies[..10] {
            s.put(&mut w);
        }
        let cut = w.out.len();
        let e = decode_raw(&bytes[..cut]).unwrap_err();
        assert_eq!(e.path(), "studies[10].id", "{e}");
        assert!(e.offset <= cut, "{e}");
    }

    #[test]
    fn corrupted_bytes_are_errors_not_panics() {
        // Every single byte set to every value decodes or fails cleanly; a decoded file is valid
        // enough for the views (its dates exist, its enums are real values). On the records as
        // they are (each byte a field), and on the packed form (a damaged stream).
        for (bytes, decode) in [
            (encode_with(&edge_cases(), false), decode_raw as Decoder),
            (encode(&edge_cases()), decode),
        ] {
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
        }
        let bytes = encode(&edge_cases());
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
        let bytes = encode_with(&file, false);
        let mut w = up_to_treatments(&file);
        file.treatments[0].put(&mut w);
        // The mechanism byte is the last byte of a treatment but its note's tag (0: no note).
        assert_eq!(file.treatments[0].note, None);
        let at = w.out.len() - 2;
        assert_eq!(bytes[at], Mechanism::ALL[0].index() as u8);
        let mut bad = bytes.clone();
        bad[at] = Mechanism::ALL.len() as u8;
        let e = decode_raw(&bad).unwrap_err();
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
        assert_eq!(
            decode_raw(&bad).unwrap_err().path(),
            "treatments[0].mechanism"
        );
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

    /// A table of `strings` in one group, as `header` writes it.
    fn table_bytes(strings: &[&[u8]], size_delta: i64) -> Vec<u8> {
        let mut joined = Vec::new();
        for s in strings {
            joined.extend_from_slice(s);
            joined.push(END);
        }
        let mut w = Writer::default();
        w.varint(1);
        w.varint(strings.len() as u64);
        w.varint((joined.len() as i64 + size_delta) as u64);
        w.out.extend_from_slice(&crate::pack::compress(&joined));
        w.out
    }

    #[test]
    fn bad_string_references_and_utf8_are_errors() {
        // Table ["a", "b"], then: next new (a), the table's 1 (a again), next new (b), and a
        // reference past the table.
        let mut bytes = table_bytes(&[b"a", b"b"], 0);
        bytes.extend_from_slice(&[0, 1, 0, 3, 0]);
        let mut r = Reader::new(&bytes);
        r.table().unwrap();
        r.field = "Study.title";
        assert_eq!(r.str(), Ok("a".to_string()));
        assert_eq!(r.str(), Ok("a".to_string()));
        assert_eq!(r.str(), Ok("b".to_string()));
        assert_eq!(r.str().unwrap_err().problem, Problem::BadStringRef(2));
        // The field's group is used up.
        assert_eq!(r.str().unwrap_err().problem, Problem::BadStringRef(0));
        // Bytes that are not UTF-8, a size that does not match, a damaged packing.
        let e = Reader::new(&table_bytes(&[b"ok", &[0xC3]], 0))
            .table()
            .unwrap_err();
        assert_eq!(
            (e.path(), e.problem),
            ("strings[1]".to_string(), Problem::NotUtf8)
        );
        let e = Reader::new(&table_bytes(&[b"ok"], 1)).table().unwrap_err();
        assert_eq!(e.problem, Problem::BadTable);
        let mut cut = table_bytes(&[b"ok"], 0);
        cut.truncate(cut.len() - 2);
        assert_eq!(
            Reader::new(&cut).table().unwrap_err().problem,
            Problem::Truncated
        );
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
