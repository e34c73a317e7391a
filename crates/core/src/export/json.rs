//! A small pretty JSON writer for the JSON export, so the wasm carries no serde_json.
//!
//! It writes byte for byte what `serde_json::to_string_pretty` writes for the same document
//! (two-space indent, `"key": value`, `{}`/`[]` when empty, serde_json's string escaping) and the
//! same fields in the same order as the model's serde derives; a native test compares the two
//! over the whole dataset and hostile strings so they cannot drift apart.

use crate::model::{Design, Harms, HistoryEntry, PartialDate, People, Source, Study};
use std::fmt::Write as _;

/// Pretty JSON output under construction.
pub(super) struct Json {
    out: String,
    depth: usize,
    /// No item written yet in the innermost open object or array.
    first: bool,
}

impl Json {
    pub(super) fn new() -> Self {
        Json {
            out: String::new(),
            depth: 0,
            first: true,
        }
    }

    pub(super) fn finish(self) -> String {
        self.out
    }

    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
        self.first = true;
    }

    fn close(&mut self, bracket: char) {
        self.depth -= 1;
        if !self.first {
            self.newline();
        }
        self.out.push(bracket);
        self.first = false;
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    /// Starts the next item of an array (or field of an object).
    fn item(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.newline();
        self.first = false;
    }

    fn key(&mut self, key: &str) {
        self.item();
        self.string(key);
        self.out.push_str(": ");
    }

    /// `{ … }`, with `fields` writing each field through [`Json::field`].
    pub(super) fn object(&mut self, fields: impl FnOnce(&mut Self)) {
        self.open('{');
        fields(self);
        self.close('}');
    }

    /// One `"key": value` of the innermost object.
    pub(super) fn field(&mut self, key: &str, value: &(impl ToJson + ?Sized)) {
        self.key(key);
        value.write(self);
    }

    /// A string with serde_json's escaping: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, `\u00XX`
    /// (lower-case hex) for the other control characters; everything else as is.
    pub(super) fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                '\u{8}' => self.out.push_str("\\b"),
                '\u{c}' => self.out.push_str("\\f"),
                '\0'..='\u{1f}' => {
                    let _ = write!(self.out, "\\u{:04x}", c as u32);
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }
}

/// A value the export writes, shaped exactly as its serde `Serialize` would be.
pub(super) trait ToJson {
    fn write(&self, j: &mut Json);
}

impl ToJson for str {
    fn write(&self, j: &mut Json) {
        j.string(self);
    }
}

impl ToJson for String {
    fn write(&self, j: &mut Json) {
        j.string(self);
    }
}

impl ToJson for bool {
    fn write(&self, j: &mut Json) {
        j.out.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for u32 {
    fn write(&self, j: &mut Json) {
        let _ = write!(j.out, "{self}");
    }
}

impl ToJson for usize {
    fn write(&self, j: &mut Json) {
        let _ = write!(j.out, "{self}");
    }
}

impl ToJson for PartialDate {
    fn write(&self, j: &mut Json) {
        j.string(&self.to_string());
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write(&self, j: &mut Json) {
        match self {
            Some(v) => v.write(j),
            None => j.out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write(&self, j: &mut Json) {
        j.open('[');
        for item in self {
            j.item();
            item.write(j);
        }
        j.close(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write(&self, j: &mut Json) {
        self.as_slice().write(j);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write(&self, j: &mut Json) {
        (**self).write(j);
    }
}

/// Vocabulary enums serialise as their key.
macro_rules! vocabulary_json {
    ($($ty:ident),+ $(,)?) => {$(
        impl ToJson for crate::model::$ty {
            fn write(&self, j: &mut Json) {
                j.string(self.key());
            }
        }
    )+};
}

vocabulary_json!(
    Status,
    Phase,
    Evidence,
    Control,
    Blinding,
    Scope,
    OutcomeType,
    Confidence,
    SourceKind,
    ReportedIn,
);

/// Structs: fields in declaration order (as the derives write them). Destructuring without `..`
/// makes a field added to the model fail to compile here until it is exported.
macro_rules! record_json {
    ($($ty:ident { $($field:ident),+ $(,)? })+) => {$(
        impl ToJson for $ty {
            fn write(&self, j: &mut Json) {
                let $ty { $($field),+ } = self;
                j.object(|j| { $( j.field(stringify!($field), $field); )+ });
            }
        }
    )+};
}

record_json! {
    Design { randomised, control, blinding, crossover, summary }
    People { enrolled, completed, analysed, target }
    Source { kind, id, registry, label }
    Harms { serious_total, serious_treatment, serious_control, withdrawn, stopped_for_safety, summary }
    HistoryEntry { date, change, reason }
}

impl ToJson for Study {
    fn write(&self, j: &mut Json) {
        let Study {
            id,
            treatment,
            title,
            authors,
            start,
            end,
            published,
            status,
            phase,
            phase_note,
            design,
            people,
            population,
            case_definition,
            pem_required,
            scope,
            primary_outcome,
            outcome_type,
            result,
            caveats,
            evidence,
            reported_in,
            harms,
            approved,
            sources,
            confidence,
            last_reviewed,
            added,
            history,
        } = self;
        j.object(|j| {
            j.field("id", id);
            j.field("treatment", treatment);
            j.field("title", title);
            j.field("authors", authors);
            j.field("start", start);
            j.field("end", end);
            j.field("published", published);
            j.field("status", status);
            j.field("phase", phase);
            j.field("phase_note", phase_note);
            j.field("design", design);
            j.field("people", people);
            j.field("population", population);
            j.field("case_definition", case_definition);
            j.field("pem_required", pem_required);
            j.field("scope", scope);
            j.field("primary_outcome", primary_outcome);
            j.field("outcome_type", outcome_type);
            j.field("result", result);
            j.field("caveats", caveats);
            j.field("evidence", evidence);
            j.field("reported_in", reported_in);
            j.field("harms", harms);
            // `#[serde(skip_serializing_if = "Option::is_none")]`
            if approved.is_some() {
                j.field("approved", approved);
            }
            j.field("sources", sources);
            j.field("confidence", confidence);
            j.field("last_reviewed", last_reviewed);
            // `skip_serializing_if`, as in the dataset file.
            if added.is_some() {
                j.field("added", added);
            }
            if !history.is_empty() {
                j.field("history", history);
            }
        });
    }
}
