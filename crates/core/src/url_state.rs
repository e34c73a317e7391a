//! The shareable link: turns a [`ViewState`] into a canonical query string and back.
//!
//! This module owns the documented URL format below, its percent-encoding, and the policy for bad
//! links: a link is never rejected as a whole. Whatever can be understood is applied, and every
//! piece that could not be is reported as an [`Ignored`] entry so the app can say so in plain
//! words ([`describe`]). Parsing never panics and does bounded work on any input, because links
//! arrive from anywhere.
//!
//! | param     | values                                                                    |
//! |-----------|---------------------------------------------------------------------------|
//! | `view`    | `timeline` (default, omitted), `table`, `compare`                          |
//! | `q`       | free text (trimmed, whitespace runs collapsed, at most 200 characters)     |
//! | `mech`    | [`Mechanism`] keys joined by `~`                                           |
//! | `phase`   | [`Phase`] keys joined by `~`                                               |
//! | `status`  | [`Evidence`] keys joined by `~`                                            |
//! | `design`  | [`DesignFlag`] keys joined by `~`                                          |
//! | `scope`   | [`Scope`] keys joined by `~`                                               |
//! | `outcome` | [`OutcomeType`] keys joined by `~`                                         |
//! | `treat`   | treatment keys joined by `~` (order kept, duplicates dropped)              |
//! | `years`   | `2010..2025`, `2010..`, `..2000` (whole years, 1900–2100)                  |
//! | `since`   | only studies added or changed on or after a date, `2026-12-01` (`YYYY`, `YYYY-MM` too) |
//! | `window`  | visible window `2010..2015.5` (hundredths of a year, 1900–2100, from < to) |
//! | `study`   | id of the open study                                                       |
//! | `sort`    | [`SortColumn`] key, `-` prefix for descending                              |
//! | `theme`   | `light`, `dark`, `contrast`, `calm`                                        |
//! | `accent`  | colour as six hex digits, `5b2a86` (readable on the light themes: [`Accent`]) |
//! | `bg`      | `transparent`                                                              |
//! | `embed`   | `1` (or `0`)                                                               |
//! | `data`    | the data version a shared link was made with (`2026.12.1`): [`format_shared`] writes it, [`pinned_version`] reads it; not part of the view |
//! | `v`       | format version; absent means 1 and version 1 never writes it               |
//!
//! [`format()`] writes parameters in this order, omits defaults, writes set values in each
//! vocabulary's `ALL` order and `treat` in its own order, so equal states give equal links.
//! Values are percent-encoded except for `A-Z a-z 0-9 - _ .`; a space is written `+` and a `~`
//! inside a value `%7E`, since a bare `~` separates list values.

use crate::accent::{Accent, AccentError};
use crate::model::{DatasetFile, Evidence, Mechanism, OutcomeType, PartialDate, Phase, Scope};
use crate::view::{
    DesignFlag, Filters, Sort, SortColumn, Theme, ViewKind, ViewState, Window, YearRange,
};
use crate::view::{KeySet, Member};
use std::borrow::Cow;

/// Version of the URL format that [`format()`] writes and [`parse`] fully understands.
pub const FORMAT_VERSION: u32 = 1;

/// Something in the URL that was ignored, for the "ignored" notice.
///
/// `param` is the parameter name (empty for notes about the link as a whole), `value` the
/// offending value, shortened for display, and `reason` why ([`Reason::text`] says it in plain
/// language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    pub param: String,
    pub value: String,
    pub reason: Reason,
}

/// What the codec needs to know about the dataset to check keys and ids.
pub trait Known {
    /// Is `key` the key of a treatment in the data?
    fn treatment(&self, key: &str) -> bool;
    /// Is `id` the id of a study in the data?
    fn study(&self, id: &str) -> bool;
}

// Limits that keep the work done on a hostile link small and the notice readable.
const MAX_QUERY_BYTES: usize = 64 * 1024;
const MAX_PARAMS: usize = 200;
const MAX_LIST_VALUES: usize = 100;
const MAX_IGNORED: usize = 20;
const MAX_Q_CHARS: usize = 200;
const MAX_SHOWN_CHARS: usize = 40;

const YEAR_MIN: i32 = 1900;
const YEAR_MAX: i32 = 2100;
const LIST_SEP: char = '~';

/// Why a piece of a link was ignored. [`Reason::text`] is what the notice says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A parameter this format does not have (`describe` names it: "unknown setting “foo”").
    UnknownSetting,
    /// A value the parameter does not have (`describe` leaves this unsaid: "phase “7”" is
    /// clear on its own).
    UnknownValue,
    /// The value was not valid UTF-8 once percent-decoded.
    Garbled,
    /// A treatment key or study id the current data does not have.
    NotInData,
    /// The search text was cut to its first 200 characters.
    QTooLong,
    /// `years` is not `FROM..TO` with whole years.
    YearsShape,
    /// `accent` is not six hex digits.
    AccentShape,
    /// `accent` is a colour too light for link text.
    AccentTooLight,
    /// A year outside 1900–2100.
    YearsOutside,
    /// `years` runs backwards.
    YearsReversed,
    /// `window` is not `FROM..TO` with plain decimals.
    WindowShape,
    /// A `window` end outside 1900–2100.
    WindowOutside,
    /// `window` is empty or runs backwards.
    WindowReversed,
    /// `embed` is neither `1` nor `0`.
    EmbedValue,
    /// `since` is not a date.
    SinceShape,
    /// `data` is not a data version.
    DataShape,
    /// `v` names a later format version.
    NewerVersion,
    /// The query was longer than the limit and was cut at a whole parameter.
    LinkTooLong,
    /// More parameters than the limit; the rest were not read.
    TooManySettings,
    /// More values in one list parameter than the limit; the rest were not read.
    TooManyValues,
    /// The notice was full: this many more pieces were ignored and not listed.
    More(usize),
}

impl Reason {
    /// The short plain-language explanation the notice shows.
    pub fn text(self) -> Cow<'static, str> {
        let text = match self {
            Reason::UnknownSetting => "unknown setting",
            Reason::UnknownValue => "unknown value",
            Reason::Garbled => "garbled characters",
            Reason::NotInData => "not in the current data",
            Reason::QTooLong => "longer than 200 characters; kept the start",
            Reason::YearsShape => "not a range like 2010..2025",
            Reason::AccentShape => "not a colour like 5b2a86 (six hex digits, no #)",
            Reason::AccentTooLight => "too light to read as link text on a light background",
            Reason::YearsOutside => "years must be between 1900 and 2100",
            Reason::YearsReversed => "the first year is after the last",
            Reason::WindowShape => "not a window like 2010..2015.5",
            Reason::WindowOutside => "must be between 1900 and 2100",
            Reason::WindowReversed => "the start is not before the end",
            Reason::EmbedValue => "should be 1 or 0",
            Reason::SinceShape => "not a date like 2026-12-01",
            Reason::DataShape => "not a data version like 2026.12.1",
            Reason::NewerVersion => "link made by a newer version; applied what we understand",
            Reason::LinkTooLong => "link too long",
            Reason::TooManySettings => "too many settings; ignored the rest",
            Reason::TooManyValues => "too many values; ignored the rest",
            Reason::More(n) => return format!("and {n} more").into(),
        };
        text.into()
    }
}

mecfs_data::keyed! {
    /// The parameters, in canonical order, with the name the notice calls each (`label`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Param {
        View = "view", "view";
        Q = "q", "search";
        Mech = "mech", "mechanism";
        Phase = "phase", "phase";
        Status = "status", "evidence";
        Design = "design", "design";
        Scope = "scope", "who took part";
        Outcome = "outcome", "outcome measure";
        Treat = "treat", "treatment";
        Years = "years", "years";
        Since = "since", "new or changed since";
        Window = "window", "time window";
        Study = "study", "study";
        Sort = "sort", "sort";
        Theme = "theme", "theme";
        Accent = "accent", "accent colour";
        Bg = "bg", "background";
        Embed = "embed", "embed";
        Data = "data", "data version";
        Version = "v", "link version";
    }
}

impl Param {
    fn is_list(self) -> bool {
        matches!(
            self,
            Param::Mech
                | Param::Phase
                | Param::Status
                | Param::Design
                | Param::Scope
                | Param::Outcome
                | Param::Treat
        )
    }
}

/// Collects ignored pieces, keeping only the first few so a hostile link cannot flood the notice.
#[derive(Default)]
struct Notes {
    kept: Vec<Ignored>,
    dropped: usize,
}

impl Notes {
    fn push(&mut self, param: &str, value: &str, reason: Reason) {
        if self.kept.len() < MAX_IGNORED {
            self.kept.push(Ignored {
                param: shorten(param),
                value: shorten(value),
                reason,
            });
        } else {
            self.dropped = self.dropped.saturating_add(1);
        }
    }

    fn finish(mut self) -> Vec<Ignored> {
        if self.dropped > 0 {
            self.kept.push(Ignored {
                param: String::new(),
                value: String::new(),
                reason: Reason::More(self.dropped),
            });
        }
        self.kept
    }
}

/// Per-parameter state that outlives one occurrence: list budgets are shared by all occurrences
/// of a parameter, so repeating it cannot multiply the work.
struct ListBudget {
    left: [usize; Param::ALL.len()],
    noted: [bool; Param::ALL.len()],
}

/// Parses a query string (with or without leading '?'). Never panics; bounded work.
///
/// Returns the state the link describes (defaults for anything absent) and what was ignored.
pub fn parse(query: &str, known: &dyn Known) -> (ViewState, Vec<Ignored>) {
    let mut notes = Notes::default();
    let mut state = ViewState::default();
    let query = query.strip_prefix('?').unwrap_or(query);
    let query = cap_length(query, &mut notes);
    let mut budget = ListBudget {
        left: [MAX_LIST_VALUES; Param::ALL.len()],
        noted: [false; Param::ALL.len()],
    };

    let mut processed = 0usize;
    let mut view_asked = false;
    for part in query.split('&') {
        if part.is_empty() {
            continue;
        }
        if processed == MAX_PARAMS {
            notes.push("", "", Reason::TooManySettings);
            break;
        }
        processed += 1;
        let (raw_key, raw_value) = part.split_once('=').unwrap_or((part, ""));
        let (key, _) = decode(raw_key);
        let param = Param::from_key(&key);
        if param == Some(Param::View) && !raw_value.is_empty() {
            view_asked = true;
        }
        match param {
            None => notes.push(&key, &decode(raw_value).0, Reason::UnknownSetting),
            Some(p) if p.is_list() => apply_list(
                p,
                raw_value,
                &mut state.filters,
                known,
                &mut budget,
                &mut notes,
            ),
            Some(p) => apply_scalar(p, raw_value, &mut state, known, &mut notes),
        }
    }
    if !view_asked {
        // Calm mode opens on "What we know"; any other view is then named in the link.
        state.view = state.default_view();
    }
    (state, notes.finish())
}

/// Cuts an over-long query back to the last whole parameter under the limit. Cutting inside a
/// value could silently turn `treat=ldn-high` into another real key (`ldn`), so a parameter is
/// kept whole or not at all.
fn cap_length<'a>(query: &'a str, notes: &mut Notes) -> &'a str {
    if query.len() <= MAX_QUERY_BYTES {
        return query;
    }
    notes.push("", "", Reason::LinkTooLong);
    let mut end = MAX_QUERY_BYTES;
    while !query.is_char_boundary(end) {
        end -= 1;
    }
    if query.as_bytes().get(end) == Some(&b'&') {
        &query[..end]
    } else {
        let head = &query[..end];
        &head[..head.rfind('&').unwrap_or(0)]
    }
}

fn apply_list(
    param: Param,
    raw_value: &str,
    filters: &mut Filters,
    known: &dyn Known,
    budget: &mut ListBudget,
    notes: &mut Notes,
) {
    let slot = param.index();
    // Split before decoding: an encoded `%7E` is part of a value, a bare `~` separates values.
    for raw_item in raw_value.split(LIST_SEP) {
        if raw_item.is_empty() {
            continue;
        }
        if budget.left[slot] == 0 {
            if !budget.noted[slot] {
                budget.noted[slot] = true;
                notes.push(param.key(), "", Reason::TooManyValues);
            }
            return;
        }
        budget.left[slot] -= 1;
        let (item, lossy) = decode(raw_item);
        let ok = match param {
            Param::Mech => insert_key(&mut filters.mech, Mechanism::from_key(&item)),
            Param::Phase => insert_key(&mut filters.phase, Phase::from_key(&item)),
            Param::Status => insert_key(&mut filters.status, Evidence::from_key(&item)),
            Param::Design => insert_key(&mut filters.design, DesignFlag::from_key(&item)),
            Param::Scope => insert_key(&mut filters.scope, Scope::from_key(&item)),
            Param::Outcome => insert_key(&mut filters.outcome, OutcomeType::from_key(&item)),
            Param::Treat => {
                let ok = known.treatment(&item);
                if ok && !filters.treat.contains(&item) {
                    filters.treat.push(item.clone());
                }
                ok
            }
            _ => false,
        };
        if !ok {
            let reason = if lossy {
                Reason::Garbled
            } else if param == Param::Treat {
                Reason::NotInData
            } else {
                Reason::UnknownValue
            };
            notes.push(param.key(), &item, reason);
        }
    }
}

fn insert_key<T: Member>(set: &mut KeySet<T>, value: Option<T>) -> bool {
    match value {
        Some(v) => {
            set.insert(v);
            true
        }
        None => false,
    }
}

/// Applies one occurrence of a single-valued parameter. An occurrence that cannot be used leaves
/// the earlier value in place: "last wins" only among values that mean something.
fn apply_scalar(
    param: Param,
    raw_value: &str,
    state: &mut ViewState,
    known: &dyn Known,
    notes: &mut Notes,
) {
    let (value, lossy) = decode(raw_value);
    let result: Result<(), Reason> = match param {
        Param::Q => {
            let (q, cut) = normalise_q(&value);
            if cut {
                notes.push(param.key(), &value, Reason::QTooLong);
            }
            state.filters.q = q;
            Ok(())
        }
        _ if value.is_empty() => {
            // An empty value asks for the default and is never worth a notice.
            match param {
                Param::View => state.view = ViewKind::default(),
                Param::Years => state.filters.years = YearRange::default(),
                Param::Since => state.filters.since = None,
                Param::Window => state.window = None,
                Param::Study => state.study = None,
                Param::Sort => state.sort = None,
                Param::Theme => state.theme = None,
                Param::Accent => state.accent = None,
                Param::Bg => state.transparent = false,
                Param::Embed => state.embed = false,
                _ => {}
            }
            Ok(())
        }
        Param::View => ViewKind::from_key(&value)
            .map(|v| state.view = v)
            .ok_or(Reason::UnknownValue),
        Param::Years => parse_years(&value).map(|y| state.filters.years = y),
        Param::Since => PartialDate::parse(&value)
            .map(|d| state.filters.since = Some(d))
            .map_err(|_| Reason::SinceShape),
        // The pin is read by `pinned_version`; here it only has to be well formed.
        Param::Data => {
            if crate::model::is_version(&value) {
                Ok(())
            } else {
                Err(Reason::DataShape)
            }
        }
        Param::Window => parse_window(&value).map(|w| state.window = Some(w)),
        Param::Study => {
            if known.study(&value) {
                state.study = Some(value.clone());
                Ok(())
            } else {
                Err(Reason::NotInData)
            }
        }
        Param::Sort => {
            let (descending, key) = match value.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, value.as_str()),
            };
            SortColumn::from_key(key)
                .map(|column| state.sort = Some(Sort { column, descending }))
                .ok_or(Reason::UnknownValue)
        }
        Param::Theme => Theme::from_key(&value)
            .map(|t| state.theme = Some(t))
            .ok_or(Reason::UnknownValue),
        Param::Accent => Accent::parse(&value)
            .map(|a| state.accent = Some(a))
            .map_err(|e| match e {
                AccentError::Shape => Reason::AccentShape,
                AccentError::TooLight => Reason::AccentTooLight,
            }),
        Param::Bg => match value.as_str() {
            "transparent" => {
                state.transparent = true;
                Ok(())
            }
            _ => Err(Reason::UnknownValue),
        },
        Param::Embed => match value.as_str() {
            "1" => {
                state.embed = true;
                Ok(())
            }
            "0" => {
                state.embed = false;
                Ok(())
            }
            _ => Err(Reason::EmbedValue),
        },
        Param::Version => check_version(&value),
        _ => Ok(()),
    };
    if let Err(reason) = result {
        notes.push(
            param.key(),
            &value,
            if lossy { Reason::Garbled } else { reason },
        );
    }
}

fn check_version(value: &str) -> Result<(), Reason> {
    let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    // Leading zeros are harmless; only the number matters.
    let trimmed = value.trim_start_matches('0');
    if !digits || trimmed.is_empty() {
        Err(Reason::UnknownValue)
    } else if trimmed == FORMAT_VERSION.to_string() {
        Ok(())
    } else {
        // Any other whole number above zero can only come from a later release.
        Err(Reason::NewerVersion)
    }
}

/// Trims, collapses whitespace runs and caps the length of the search text. The flag says
/// whether text was cut off.
fn normalise_q(raw: &str) -> (String, bool) {
    let mut out = String::new();
    let mut chars = 0usize;
    let mut cut = false;
    for word in raw.split_whitespace() {
        let sep = usize::from(!out.is_empty());
        let len = word.chars().count();
        if chars + sep + len > MAX_Q_CHARS {
            cut = true;
            let room = MAX_Q_CHARS.saturating_sub(chars + sep);
            if room > 0 {
                if sep == 1 {
                    out.push(' ');
                }
                out.extend(word.chars().take(room));
            }
            break;
        }
        if sep == 1 {
            out.push(' ');
        }
        out.push_str(word);
        chars += sep + len;
    }
    (out, cut)
}

fn parse_years(value: &str) -> Result<YearRange, Reason> {
    let (a, b) = value.split_once("..").ok_or(Reason::YearsShape)?;
    let from = parse_year(a)?;
    let to = parse_year(b)?;
    match (from, to) {
        (None, None) => Err(Reason::YearsShape),
        (Some(f), Some(t)) if f > t => Err(Reason::YearsReversed),
        _ => Ok(YearRange { from, to }),
    }
}

fn parse_year(s: &str) -> Result<Option<i32>, Reason> {
    if s.is_empty() {
        return Ok(None);
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Reason::YearsShape);
    }
    // Too many digits for i32 is simply a year far outside the range, not a parse failure.
    match s.parse::<i32>() {
        Ok(y) if (YEAR_MIN..=YEAR_MAX).contains(&y) => Ok(Some(y)),
        _ => Err(Reason::YearsOutside),
    }
}

fn parse_window(value: &str) -> Result<Window, Reason> {
    let (a, b) = value.split_once("..").ok_or(Reason::WindowShape)?;
    let from = parse_hundredths(a)?;
    let to = parse_hundredths(b)?;
    let range = hundredths_range();
    if !range.contains(&from) || !range.contains(&to) {
        return Err(Reason::WindowOutside);
    }
    if from >= to {
        return Err(Reason::WindowReversed);
    }
    Ok(Window {
        from: from as f64 / 100.0,
        to: to as f64 / 100.0,
    })
}

fn hundredths_range() -> std::ops::RangeInclusive<i64> {
    i64::from(YEAR_MIN) * 100..=i64::from(YEAR_MAX) * 100
}

/// Reads a plain decimal (`2015`, `2015.5`, `2015.25`) as a whole number of hundredths, rounding
/// any further digits. Integer arithmetic keeps parsing exact, so a formatted window reads back
/// to the very same `f64`; it also rules out `NaN`, `inf` and exponents by construction.
fn parse_hundredths(s: &str) -> Result<i64, Reason> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return Err(Reason::WindowShape);
    }
    let int = int.trim_start_matches('0');
    if int.len() > 6 {
        return Err(Reason::WindowOutside);
    }
    let whole: i64 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| Reason::WindowShape)?
    };
    let f = frac.unwrap_or("").as_bytes();
    let digit = |i: usize| f.get(i).map_or(0, |c| i64::from(c - b'0'));
    let mut n = whole * 100 + digit(0) * 10 + digit(1);
    if digit(2) >= 5 {
        n += 1;
    }
    Ok(n)
}

/// Percent-decodes one key or value: `+` is a space, `%XX` a byte, and a `%` not followed by
/// two hex digits is kept as it is. The flag says whether the bytes were not valid UTF-8
/// (the text then holds replacement characters).
///
/// The `%XX` part is `percent_encoding::percent_decode_str`, which keeps a malformed `%` as it
/// is. The `+` is replaced first, by hand: `percent-encoding` leaves it alone, and an encoded
/// plus (`%2B`) must stay a `+`. `form_urlencoded::parse` does both, but it cannot be used: it
/// splits the whole query itself (a list value must be split at its bare `~` before decoding,
/// since `%7E` is part of a value) and decodes invalid UTF-8 lossily without saying so, which the
/// "garbled characters" notice needs to know.
fn decode(raw: &str) -> (String, bool) {
    let spaced: Cow<str> = if raw.contains('+') {
        Cow::Owned(raw.replace('+', " "))
    } else {
        Cow::Borrowed(raw)
    };
    let bytes: Cow<[u8]> = percent_encoding::percent_decode_str(&spaced).into();
    match String::from_utf8(bytes.into_owned()) {
        Ok(s) => (s, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    }
}

/// A value as the notice shows it: short, and without control characters that would garble it.
fn shorten(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(MAX_SHOWN_CHARS)
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if s.chars().nth(MAX_SHOWN_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// Canonical query string WITHOUT leading '?', "" for the default view.
///
/// Whatever [`parse`] could not read back unchanged is normalised or left out here, so the
/// output always parses without notices (given the same [`Known`] data): search text is
/// normalised, the window rounded to hundredths of a year, and invalid ranges, empty ids and
/// duplicate treatments are dropped.
pub fn format(state: &ViewState) -> String {
    let f = &state.filters;
    let mut parts: Vec<(Param, String)> = Vec::new();
    if state.view != state.default_view() {
        parts.push((Param::View, encode(state.view.key())));
    }
    let (q, _) = normalise_q(&f.q);
    if !q.is_empty() {
        parts.push((Param::Q, encode(&q)));
    }
    parts.push((Param::Mech, join_set(&f.mech, |v| v.key())));
    parts.push((Param::Phase, join_set(&f.phase, |v| v.key())));
    parts.push((Param::Status, join_set(&f.status, |v| v.key())));
    parts.push((Param::Design, join_set(&f.design, |v| v.key())));
    parts.push((Param::Scope, join_set(&f.scope, |v| v.key())));
    parts.push((Param::Outcome, join_set(&f.outcome, |v| v.key())));
    let mut seen: Vec<&str> = Vec::new();
    for t in &f.treat {
        if !t.is_empty() && !seen.contains(&t.as_str()) {
            seen.push(t);
        }
    }
    parts.push((
        Param::Treat,
        seen.iter().map(|t| encode(t)).collect::<Vec<_>>().join("~"),
    ));
    if let Some(years) = format_years(&f.years) {
        parts.push((Param::Years, years));
    }
    if let Some(since) = f.since {
        parts.push((Param::Since, since.to_string()));
    }
    if let Some(window) = state.window.as_ref().and_then(format_window) {
        parts.push((Param::Window, window));
    }
    if let Some(study) = state.study.as_deref().filter(|s| !s.is_empty()) {
        parts.push((Param::Study, encode(study)));
    }
    if let Some(sort) = &state.sort {
        let dash = if sort.descending { "-" } else { "" };
        parts.push((Param::Sort, format!("{dash}{}", encode(sort.column.key()))));
    }
    if let Some(theme) = state.theme {
        parts.push((Param::Theme, encode(theme.key())));
    }
    if let Some(accent) = state.accent {
        parts.push((Param::Accent, accent.key()));
    }
    if state.transparent {
        parts.push((Param::Bg, "transparent".to_string()));
    }
    if state.embed {
        parts.push((Param::Embed, "1".to_string()));
    }

    let mut out = String::new();
    for (param, value) in parts.iter().filter(|(_, v)| !v.is_empty()) {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(param.key());
        out.push('=');
        out.push_str(value);
    }
    out
}

/// [`format()`] for a link made to be shared (copied, embedded, printed): the same view, plus
/// `data=<version>`, the version of the data it was made with, so that whoever opens it on newer
/// data is told what changed since ([`pin_status`]). A version of another shape (a synthetic
/// dataset's) is left out. The address bar never carries it: links made by moving around the
/// widget stay as short as before.
pub fn format_shared(state: &ViewState, version: &str) -> String {
    let mut out = format(state);
    if crate::model::is_version(version) {
        // `data` comes after every view parameter and `format` never writes `v`: appending keeps
        // the canonical order.
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str("data=");
        out.push_str(&encode(version));
    }
    out
}

/// The data version a link was made with (its last well-formed `data=`), if any.
pub fn pinned_version(query: &str) -> Option<String> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut pin = None;
    for part in query.split('&').take(MAX_PARAMS) {
        if let Some(v) = part.strip_prefix("data=") {
            let (v, _) = decode(v);
            if crate::model::is_version(&v) {
                pin = Some(v);
            }
        }
    }
    pin
}

/// How the data a link was made with compares with the data shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pin {
    /// Made with an older version: its date when the changelog has it, and where the later
    /// versions start in the changelog (their `added` and `changed` are what changed since).
    Older {
        version: String,
        date: Option<PartialDate>,
        later: usize,
    },
    /// Made with a newer version than this copy of the widget has.
    Newer { version: String },
}

impl Pin {
    /// Was the study `id` added or changed after the pinned version? (Never for a newer pin.)
    pub fn changed(&self, file: &DatasetFile, id: &str) -> bool {
        match self {
            Pin::Older { later, .. } => file.changelog[(*later).min(file.changelog.len())..]
                .iter()
                .any(|c| c.added.iter().chain(&c.changed).any(|x| x == id)),
            Pin::Newer { .. } => false,
        }
    }
}

/// Compares a link's pinned version with `file`'s; `None` when they are the same (or either is
/// not a version [`crate::model::compare_versions`] reads).
pub fn pin_status(pinned: &str, file: &DatasetFile) -> Option<Pin> {
    use std::cmp::Ordering;
    let version = pinned.to_string();
    match crate::model::compare_versions(pinned, &file.version)? {
        Ordering::Equal => None,
        Ordering::Greater => Some(Pin::Newer { version }),
        Ordering::Less => {
            let log = &file.changelog;
            let later = log
                .iter()
                .position(|c| {
                    crate::model::compare_versions(&c.version, pinned) == Some(Ordering::Greater)
                })
                .unwrap_or(log.len());
            let date = log.iter().find(|c| c.version == pinned).map(|c| c.date);
            Some(Pin::Older {
                version,
                date,
                later,
            })
        }
    }
}

/// The notice for a pinned link: `shown_changed` is how many of the studies on screen
/// [`Pin::changed`], `current` the version shown.
pub fn describe_pin(pin: &Pin, shown_changed: usize, current: &str) -> String {
    match pin {
        Pin::Older { version, date, .. } => {
            let when = date.map_or(String::new(), |d| format!(" of {}", d.human()));
            let studies = match shown_changed {
                0 => "none of the studies shown was".to_string(),
                1 => "1 of the studies shown was".to_string(),
                n => format!("{n} of the studies shown were"),
            };
            format!("This link was made with data version {version}{when}; the data has changed since: {studies} added or changed after it (this page shows version {current}).")
        }
        Pin::Newer { version } => format!("This link was made with data version {version}, newer than this page's {current}: studies added since then are missing here."),
    }
}

/// Joins the selected values in the vocabulary's canonical order (a `KeySet` lists them so).
fn join_set<T: Member>(set: &KeySet<T>, key: fn(T) -> &'static str) -> String {
    set.iter()
        .map(|v| encode(key(v)))
        .collect::<Vec<_>>()
        .join("~")
}

fn format_years(y: &YearRange) -> Option<String> {
    let ok = |v: Option<i32>| v.is_none_or(|v| (YEAR_MIN..=YEAR_MAX).contains(&v));
    let reversed = matches!((y.from, y.to), (Some(f), Some(t)) if f > t);
    if y.is_all() || !ok(y.from) || !ok(y.to) || reversed {
        return None;
    }
    let end = |v: Option<i32>| v.map_or(String::new(), |v| v.to_string());
    Some(format!("{}..{}", end(y.from), end(y.to)))
}

fn format_window(w: &Window) -> Option<String> {
    let to_hundredths = |v: f64| {
        let n = (v * 100.0).round();
        // The range check also rejects NaN and infinities before the cast.
        let range = hundredths_range();
        (n >= *range.start() as f64 && n <= *range.end() as f64).then_some(n as i64)
    };
    let from = to_hundredths(w.from)?;
    let to = to_hundredths(w.to)?;
    (from < to).then(|| format!("{}..{}", write_hundredths(from), write_hundredths(to)))
}

fn write_hundredths(n: i64) -> String {
    let (whole, frac) = (n / 100, n % 100);
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

/// Percent-encodes a value: unreserved ASCII (`A-Z a-z 0-9 - _ .`) stays, space becomes `+`,
/// every other byte (including `~`, our list separator, and all of UTF-8 above ASCII) becomes
/// `%XX` with upper-case hex digits.
///
/// Written by hand, unlike the decoder: `percent_encoding::utf8_percent_encode` gives the same
/// output but links its 768-byte table of every `%XX` escape (+0.85 KB gzip of wasm, measured),
/// and `form_urlencoded::byte_serialize` keeps `*` unencoded where links have always had `%2A`.
/// A test checks this against `percent_encoding` on every byte pair and on random text.
fn encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(char::from(b)),
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xF)]));
            }
        }
    }
    out
}

/// Plain-language sentence for the notice, e.g. "Ignored from the link: unknown setting “foo”;
/// phase “7”." Empty when nothing was ignored.
pub fn describe(ignored: &[Ignored]) -> String {
    if ignored.is_empty() {
        return String::new();
    }
    let phrases: Vec<String> = ignored.iter().map(phrase).collect();
    format!("Ignored from the link: {}.", phrases.join("; "))
}

fn phrase(i: &Ignored) -> String {
    if i.param.is_empty() {
        return i.reason.text().into_owned();
    }
    if i.reason == Reason::UnknownSetting {
        return format!("unknown setting “{}”", i.param);
    }
    let label = Param::from_key(&i.param).map_or(i.param.as_str(), |p| p.label());
    let mut s = if i.value.is_empty() {
        label.to_string()
    } else {
        format!("{label} “{}”", i.value)
    };
    if i.reason != Reason::UnknownValue {
        s.push_str(" (");
        s.push_str(&i.reason.text());
        s.push(')');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written encoder matches `percent_encoding` (with the same set, spaces as `+`) on
    /// every pair of bytes that forms valid UTF-8 and on mixed text.
    #[test]
    fn encode_matches_percent_encoding() {
        const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'_')
            .remove(b'.');
        let reference = |s: &str| {
            s.split(' ')
                .map(|run| percent_encoding::utf8_percent_encode(run, SET).to_string())
                .collect::<Vec<_>>()
                .join("+")
        };
        for a in 0u8..=255 {
            for b in 0u8..=255 {
                if let Ok(s) = std::str::from_utf8(&[a, b]) {
                    assert_eq!(encode(s), reference(s), "{s:?}");
                }
            }
        }
        for s in [
            "low dose ~ & = % + # 漢",
            "a*b(c)'d'!",
            "ME/CFS, long COVID",
            "",
            " ",
            "é  ü",
        ] {
            assert_eq!(encode(s), reference(s), "{s:?}");
        }
    }

    /// A tiny stand-in for the dataset.
    struct TestData {
        treatments: &'static [&'static str],
        studies: &'static [&'static str],
    }

    impl Known for TestData {
        fn treatment(&self, key: &str) -> bool {
            self.treatments.contains(&key)
        }
        fn study(&self, id: &str) -> bool {
            self.studies.contains(&id)
        }
    }

    const TREATMENTS: &[&str] = &["rituximab", "rapamycin", "ldn", "ldn-high", "abc_def.x"];
    const STUDIES: &[&str] = &[
        "ruan-2025-rapamycin-pilot",
        "fluge-2019-rituxme-phase3",
        "NCT06960928",
    ];
    const DATA: TestData = TestData {
        treatments: TREATMENTS,
        studies: STUDIES,
    };

    fn p(q: &str) -> (ViewState, Vec<Ignored>) {
        parse(q, &DATA)
    }

    /// Parses a link that must be fully understood.
    fn clean(q: &str) -> ViewState {
        let (s, ignored) = p(q);
        assert!(ignored.is_empty(), "{q}: unexpected {ignored:?}");
        s
    }

    fn params(ignored: &[Ignored]) -> Vec<&str> {
        ignored.iter().map(|i| i.param.as_str()).collect()
    }

    /// The parse → format → parse → format chain settles after one step.
    fn assert_fixed_point(q: &str) {
        let (s1, ignored) = p(q);
        assert!(ignored.len() <= MAX_IGNORED + 1);
        let f1 = format(&s1);
        let (s2, again) = p(&f1);
        assert!(again.is_empty(), "{f1}: {again:?}");
        assert_eq!(s2, s1, "from {q:?} via {f1}");
        assert_eq!(format(&s2), f1);
    }

    #[test]
    fn default_view_is_the_empty_string() {
        assert_eq!(format(&ViewState::default()), "");
        for q in [
            "",
            "?",
            "&&",
            "?&",
            "view=timeline",
            "v=1",
            "mech=",
            "embed=0",
            "q=+++",
        ] {
            assert_eq!(clean(q), ViewState::default(), "{q}");
        }
    }

    #[test]
    fn calm_mode_opens_on_what_we_know_and_names_any_other_view() {
        assert_eq!(clean("theme=calm").view, ViewKind::Treatments);
        assert_eq!(format(&clean("theme=calm")), "theme=calm");
        let s = clean("theme=calm&view=timeline");
        assert_eq!(s.view, ViewKind::Timeline);
        assert_eq!(format(&s), "view=timeline&theme=calm");
        assert_eq!(clean("view=treatments").view, ViewKind::Treatments);
        assert_eq!(format(&clean("view=treatments")), "view=treatments");
        assert_eq!(clean("").view, ViewKind::Timeline);
    }

    #[test]
    fn view() {
        assert_eq!(clean("?view=table").view, ViewKind::Table);
        assert_eq!(clean("view=compare").view, ViewKind::Compare);
        let (s, ig) = p("view=gantt");
        assert_eq!(s.view, ViewKind::Timeline);
        assert_eq!(params(&ig), ["view"]);
    }

    #[test]
    fn compare_example() {
        let s = clean("?view=compare&treat=rituximab~rapamycin");
        assert_eq!(s.view, ViewKind::Compare);
        assert_eq!(s.filters.treat, ["rituximab", "rapamycin"]);
        assert_eq!(format(&s), "view=compare&treat=rituximab~rapamycin");
    }

    #[test]
    fn treat_keeps_order_and_drops_duplicates() {
        let s = clean("treat=rapamycin~ldn~rapamycin&treat=rituximab~ldn");
        assert_eq!(s.filters.treat, ["rapamycin", "ldn", "rituximab"]);
        let (s, ig) = p("treat=nope~ldn");
        assert_eq!(s.filters.treat, ["ldn"]);
        assert_eq!(ig[0].value, "nope");
        assert_eq!(ig[0].reason, Reason::NotInData);
    }

    #[test]
    fn q_is_normalised() {
        assert_eq!(clean("q=++long+%20covid%09+").filters.q, "long covid");
        assert_eq!(clean("q=a%2Bb%7Ec%26d%3De").filters.q, "a+b~c&d=e");
        let s = clean("q=caf%C3%A9+%E6%BC%A2");
        assert_eq!(s.filters.q, "café 漢");
        assert_eq!(format(&s), "q=caf%C3%A9+%E6%BC%A2");
        // Raw non-ASCII (as a browser may hand it over) reads the same.
        assert_eq!(clean("q=café").filters.q, "café");
        // Last occurrence wins, even when empty.
        assert_eq!(clean("q=a&q=").filters.q, "");
    }

    #[test]
    fn q_is_capped_in_chars_not_bytes() {
        let long = "é".repeat(250);
        let (s, ig) = p(&format!("q={long}"));
        assert_eq!(s.filters.q.chars().count(), MAX_Q_CHARS);
        assert_eq!(params(&ig), ["q"]);
        assert_eq!(ig[0].reason, Reason::QTooLong);
        assert!(ig[0].value.chars().count() <= MAX_SHOWN_CHARS + 1);
        // A cut that lands after a space leaves no trailing space.
        let words = format!("q={}+b", "a".repeat(199));
        assert_eq!(p(&words).0.filters.q, "a".repeat(199));
    }

    #[test]
    fn enum_lists() {
        let s = clean("?phase=2~3&status=positive~negative");
        assert_eq!(s.filters.phase, [Phase::Phase2, Phase::Phase3].into());
        assert_eq!(
            s.filters.status,
            [Evidence::Positive, Evidence::Negative].into()
        );
        assert_eq!(format(&s), "phase=2~3&status=positive~negative");

        let s = clean("mech=gut~immune&design=placebo~rct&scope=longcovid&outcome=objective");
        // Written in vocabulary order, whatever order they came in.
        assert_eq!(
            format(&s),
            "mech=immune~gut&design=rct~placebo&scope=longcovid&outcome=objective"
        );
        assert_eq!(clean("phase=1-2~pre~unstated").filters.phase.len(), 3);
        assert_eq!(clean("outcome=self-reported").filters.outcome.len(), 1);
    }

    #[test]
    fn unknown_list_values_drop_alone() {
        let (s, ig) = p("phase=2~7~3&mech=Immune~gut");
        assert_eq!(s.filters.phase, [Phase::Phase2, Phase::Phase3].into());
        assert_eq!(s.filters.mech, [Mechanism::Gut].into());
        assert_eq!(params(&ig), ["phase", "mech"]);
        assert_eq!(
            describe(&ig),
            "Ignored from the link: phase “7”; mechanism “Immune”."
        );
    }

    #[test]
    fn repeated_lists_merge() {
        let s = clean("mech=immune&mech=gut&mech=immune&mech=");
        assert_eq!(s.filters.mech, [Mechanism::Immune, Mechanism::Gut].into());
    }

    #[test]
    fn repeated_scalars_last_wins() {
        let s = clean("view=table&sort=title&view=compare&theme=dark&theme=calm");
        assert_eq!(s.view, ViewKind::Compare);
        assert_eq!(s.theme, Some(Theme::Calm));
        // An unusable later value does not undo a good earlier one.
        let (s, ig) = p("view=table&view=nope");
        assert_eq!(s.view, ViewKind::Table);
        assert_eq!(ig.len(), 1);
        // An empty one resets to the default.
        assert_eq!(clean("view=table&view=").view, ViewKind::Timeline);
    }

    #[test]
    fn years() {
        let y = |q: &str| clean(q).filters.years;
        assert_eq!(
            y("?years=2010.."),
            YearRange {
                from: Some(2010),
                to: None
            }
        );
        assert_eq!(
            y("years=..2000"),
            YearRange {
                from: None,
                to: Some(2000)
            }
        );
        assert_eq!(
            y("years=2010..2025"),
            YearRange {
                from: Some(2010),
                to: Some(2025)
            }
        );
        assert_eq!(
            y("years=2015..2015"),
            YearRange {
                from: Some(2015),
                to: Some(2015)
            }
        );
        assert_eq!(format(&clean("years=2010..")), "years=2010..");
        assert_eq!(format(&clean("years=..2000")), "years=..2000");
        for (bad, reason) in [
            ("2025..2010", Reason::YearsReversed),
            ("abc..", Reason::YearsShape),
            ("..", Reason::YearsShape),
            ("2010", Reason::YearsShape),
            ("2010...2012", Reason::YearsShape),
            ("-5..2000", Reason::YearsShape),
            ("99999999999999999999..", Reason::YearsOutside),
            ("1899..", Reason::YearsOutside),
            ("..2101", Reason::YearsOutside),
        ] {
            let (s, ig) = p(&format!("years=2012..2013&years={bad}"));
            assert_eq!(
                s.filters.years,
                YearRange {
                    from: Some(2012),
                    to: Some(2013)
                },
                "{bad}"
            );
            assert_eq!(ig.len(), 1, "{bad}");
            assert_eq!(ig[0].reason, reason, "{bad}");
        }
    }

    #[test]
    fn window() {
        let w = clean("window=2010..2015.5").window.unwrap();
        assert_eq!((w.from, w.to), (2010.0, 2015.5));
        assert_eq!(
            format(&clean("window=2010.00..2015.50")),
            "window=2010..2015.5"
        );
        assert_eq!(
            format(&clean("window=2010.25..2015.05")),
            "window=2010.25..2015.05"
        );
        // Extra decimals are rounded, not refused.
        assert_eq!(
            format(&clean("window=2010.125..2011.994")),
            "window=2010.13..2011.99"
        );
        for bad in [
            "5..1",
            "2015..2010",
            "2010..2010",
            "2010..",
            "..2010",
            "..",
            "NaN..2010",
            "2010..inf",
            "-inf..inf",
            "1e3..2000",
            "1899..2000",
            "2000..2100.01",
            "99999999999999999999..2000",
            "2010. ..2011",
            "2010..2011..2012",
            "+2010..2011",
        ] {
            let (s, ig) = p(&format!("window={bad}"));
            assert_eq!(s.window, None, "{bad}");
            assert_eq!(params(&ig), ["window"], "{bad}");
        }
        // Made by the app at any zoom: rounded to hundredths.
        let s = ViewState {
            window: Some(Window {
                from: 2010.123456,
                to: 2012.999,
            }),
            ..ViewState::default()
        };
        assert_eq!(format(&s), "window=2010.12..2013");
        for (from, to) in [
            (f64::NAN, 2000.0),
            (2000.0, f64::INFINITY),
            (2000.0, 2000.001),
        ] {
            let s = ViewState {
                window: Some(Window { from, to }),
                ..ViewState::default()
            };
            assert_eq!(format(&s), "");
        }
    }

    #[test]
    fn study() {
        assert_eq!(
            clean("study=ruan-2025-rapamycin-pilot").study.as_deref(),
            Some("ruan-2025-rapamycin-pilot")
        );
        let (s, ig) = p("study=ruan-2025-rapamycin-pilot&study=no-such-study");
        assert_eq!(s.study.as_deref(), Some("ruan-2025-rapamycin-pilot"));
        assert_eq!(
            describe(&ig),
            "Ignored from the link: study “no-such-study” (not in the current data)."
        );
    }

    #[test]
    fn sort() {
        let s = clean("?sort=-published");
        assert_eq!(
            s.sort,
            Some(Sort {
                column: SortColumn::Published,
                descending: true
            })
        );
        assert_eq!(format(&s), "sort=-published");
        let s = clean("sort=people");
        assert_eq!(
            s.sort,
            Some(Sort {
                column: SortColumn::People,
                descending: false
            })
        );
        for bad in ["--title", "-", "Title", "+title"] {
            assert_eq!(p(&format!("sort={bad}")).1.len(), 1, "{bad}");
        }
    }

    #[test]
    fn theme_and_embed() {
        for t in Theme::ALL {
            assert_eq!(clean(&format!("theme={}", t.key())).theme, Some(*t));
        }
        assert!(clean("embed=1").embed);
        assert!(!clean("embed=1&embed=0").embed);
        let (s, ig) = p("embed=1&embed=yes&theme=system");
        assert!(s.embed);
        assert_eq!(params(&ig), ["embed", "theme"]);
    }

    #[test]
    fn accent_and_background() {
        let s = clean("accent=5B2A86&bg=transparent&embed=1");
        assert_eq!(s.accent.map(|a| a.key()).as_deref(), Some("5b2a86"));
        assert!(s.transparent);
        assert_eq!(format(&s), "accent=5b2a86&bg=transparent&embed=1");
        // "#" must be %23 in a link (a bare one starts the fragment); the short form widens.
        assert_eq!(
            clean("accent=%235b2a86").accent,
            clean("accent=5b2a86").accent
        );
        assert_eq!(format(&clean("accent=036")), "accent=003366");
        // Malformed or unreadable colours and other backgrounds are ignored, with a reason.
        let (s, ig) = p("accent=5b2a86&accent=purple&accent=ffee00&bg=white&theme=dark");
        assert_eq!(
            s.accent.map(|a| a.key()).as_deref(),
            Some("5b2a86"),
            "the usable one stays"
        );
        assert!(!s.transparent);
        assert_eq!(s.theme, Some(Theme::Dark));
        assert_eq!(params(&ig), ["accent", "accent", "bg"]);
        assert_eq!(ig[0].reason, Reason::AccentShape);
        assert_eq!(ig[1].reason, Reason::AccentTooLight);
        assert_eq!(ig[2].reason, Reason::UnknownValue);
        // Empty values ask for the defaults, silently.
        let (s, ig) = p("accent=5b2a86&bg=transparent&accent=&bg=");
        assert_eq!((s.accent, s.transparent, ig.len()), (None, false, 0));
        let d = describe(&p("accent=ffee00").1);
        assert!(
            d.contains("accent colour") && d.contains("too light"),
            "{d}"
        );
    }

    #[test]
    fn version() {
        assert!(clean("v=1&view=table").view == ViewKind::Table);
        let (s, ig) = p("v=2&view=table&newthing=1");
        assert_eq!(s.view, ViewKind::Table);
        assert_eq!(ig[0].reason, Reason::NewerVersion);
        assert_eq!(ig[1].reason, Reason::UnknownSetting);
        assert_eq!(
            p("v=99999999999999999999").1[0].reason,
            Reason::NewerVersion
        );
        assert_eq!(p("v=0").1[0].reason, Reason::UnknownValue);
        assert_eq!(p("v=beta").1[0].reason, Reason::UnknownValue);
    }

    #[test]
    fn since() {
        let s = clean("since=2026-12-01");
        assert_eq!(s.filters.since, PartialDate::parse("2026-12-01").ok());
        assert_eq!(format(&s), "since=2026-12-01");
        assert_eq!(format(&clean("since=2026-11")), "since=2026-11");
        assert_eq!(clean("since=2026-12-01&since=").filters.since, None);
        for bad in [
            "yesterday",
            "2026-13-01",
            "2026-02-30",
            "26-12-01",
            "2026-12-01T00:00",
        ] {
            let (s, ig) = p(&format!("since={bad}&view=table"));
            assert_eq!(s.filters.since, None, "{bad}");
            assert_eq!(
                s.view,
                ViewKind::Table,
                "the rest of the link still applies"
            );
            assert_eq!(params(&ig), vec!["since"], "{bad}");
            assert_eq!(ig[0].reason, Reason::SinceShape);
        }
        assert_eq!(
            describe(&p("since=soon").1),
            "Ignored from the link: new or changed since “soon” (not a date like 2026-12-01)."
        );
        // A bad value after a good one leaves the good one.
        let (s, _) = p("since=2026-11-22&since=nope");
        assert_eq!(s.filters.since, PartialDate::parse("2026-11-22").ok());
    }

    fn pin_file() -> DatasetFile {
        let entry = |version: &str, date: &str, added: &[&str], changed: &[&str]| {
            crate::model::ChangelogEntry {
                version: version.into(),
                date: PartialDate::parse(date).unwrap(),
                summary: "s".into(),
                added: added.iter().map(|s| s.to_string()).collect(),
                changed: changed.iter().map(|s| s.to_string()).collect(),
                removed: vec![],
            }
        };
        DatasetFile {
            format: 1,
            title: "t".into(),
            version: "2026.12.1".into(),
            last_reviewed: PartialDate::parse("2026-12-01").unwrap(),
            cutoff: PartialDate::parse("2026-11-30").unwrap(),
            inclusion: "i".into(),
            licence: crate::model::Licence {
                name: "n".into(),
                url: "https://e.org/".into(),
            },
            treatments: vec![],
            studies: vec![],
            changelog: vec![
                entry("0.0.1", "2026-11-20", &["a"], &[]),
                entry("2026.11.1", "2026-11-22", &["b", "c"], &["a"]),
                entry("2026.12.1", "2026-12-01", &["d"], &["a", "b"]),
            ],
        }
    }

    #[test]
    fn shared_links_pin_the_data_version_and_parse_cleanly() {
        let s = clean("status=positive&study=ruan-2025-rapamycin-pilot");
        let shared = format_shared(&s, "2026.12.1");
        assert_eq!(
            shared,
            "status=positive&study=ruan-2025-rapamycin-pilot&data=2026.12.1"
        );
        assert_eq!(clean(&shared), s, "the pin is not part of the view");
        assert_eq!(pinned_version(&shared).as_deref(), Some("2026.12.1"));
        assert_eq!(
            format_shared(&ViewState::default(), "2026.12.1"),
            "data=2026.12.1"
        );
        // The address bar's format never carries it.
        assert_eq!(
            format(&clean(&shared)),
            "status=positive&study=ruan-2025-rapamycin-pilot"
        );
        // A synthetic dataset's version is not a version: no pin.
        assert_eq!(format_shared(&s, "synth.10000.1"), format(&s));
        // Before `v`, which `format` never writes: an embed link stays canonical.
        let e = clean("embed=1&v=1");
        assert_eq!(format_shared(&e, "1.2"), "embed=1&data=1.2");
    }

    #[test]
    fn invalid_pins_are_ignored_with_the_notice() {
        for bad in ["", "latest", "2026.12.", "1..2", "2026-12-01", "%FF"] {
            let (s, ig) = p(&format!("data={bad}&view=table"));
            assert_eq!(s.view, ViewKind::Table);
            assert_eq!(pinned_version(&format!("data={bad}")), None, "{bad}");
            if !bad.is_empty() {
                assert_eq!(params(&ig), vec!["data"], "{bad}");
            }
        }
        assert_eq!(
            describe(&p("data=latest").1),
            "Ignored from the link: data version “latest” (not a data version like 2026.12.1)."
        );
        // The last well-formed pin wins.
        assert_eq!(
            pinned_version("data=1.0&data=x&data=2.0&data=y").as_deref(),
            Some("2.0")
        );
    }

    #[test]
    fn pins_compare_with_the_data_shown() {
        let file = pin_file();
        assert_eq!(
            pin_status("2026.12.1", &file),
            None,
            "same version: nothing to say"
        );
        assert_eq!(pin_status("not.a.version", &file), None);
        assert_eq!(
            pin_status("2027.1.1", &file),
            Some(Pin::Newer {
                version: "2027.1.1".into()
            })
        );
        let changed = |pin: &Pin| {
            ["a", "b", "c", "d", "e"]
                .into_iter()
                .filter(|id| pin.changed(&file, id))
                .collect::<Vec<_>>()
        };
        let old = pin_status("0.0.1", &file).expect("0.0.1 is older");
        assert_eq!(
            old,
            Pin::Older {
                version: "0.0.1".into(),
                date: PartialDate::parse("2026-11-20").ok(),
                later: 1
            }
        );
        assert_eq!(changed(&old), vec!["a", "b", "c", "d"]);
        let nov = pin_status("2026.11.1", &file).expect("2026.11.1 is older");
        assert_eq!(
            changed(&nov),
            vec!["a", "b", "d"],
            "c was not touched after 2026.11.1"
        );
        // A version the changelog does not list (older than ours): no date, later entries count.
        let pin = pin_status("2026.11.0", &file).unwrap();
        assert!(matches!(&pin, Pin::Older { date: None, .. }));
        assert_eq!(changed(&pin), vec!["a", "b", "c", "d"]);
        assert!(!pin_status("2027.1.1", &file).unwrap().changed(&file, "a"));
        assert_eq!(
            describe_pin(&pin_status("2026.11.1", &file).unwrap(), 2, "2026.12.1"),
            "This link was made with data version 2026.11.1 of 22 November 2026; the data has changed since: 2 of the studies shown were added or changed after it (this page shows version 2026.12.1)."
        );
        assert!(describe_pin(&pin, 0, "2026.12.1").contains("none of the studies shown was"));
        assert!(
            describe_pin(&pin_status("2027.1.1", &file).unwrap(), 0, "2026.12.1").starts_with(
                "This link was made with data version 2027.1.1, newer than this page's 2026.12.1"
            )
        );
    }

    #[test]
    fn full_state_round_trips() {
        let s = ViewState {
            view: ViewKind::Table,
            filters: Filters {
                q: "low dose ~ & = % + # 漢".into(),
                mech: Mechanism::ALL.iter().copied().collect(),
                phase: Phase::ALL.iter().copied().collect(),
                status: Evidence::ALL.iter().copied().collect(),
                design: DesignFlag::ALL.iter().copied().collect(),
                scope: Scope::ALL.iter().copied().collect(),
                outcome: OutcomeType::ALL.iter().copied().collect(),
                treat: TREATMENTS.iter().rev().map(|t| t.to_string()).collect(),
                years: YearRange {
                    from: Some(1900),
                    to: Some(2100),
                },
                since: PartialDate::parse("2026-12-01").ok(),
            },
            window: Some(Window {
                from: 1900.0,
                to: 2100.0,
            }),
            study: Some("NCT06960928".into()),
            sort: Some(Sort {
                column: SortColumn::Treatment,
                descending: false,
            }),
            theme: Some(Theme::Contrast),
            accent: Accent::parse("5b2a86").ok(),
            transparent: true,
            embed: true,
        };
        let f = format(&s);
        assert!(f.starts_with("view=table&q=low+dose+%7E+%26+%3D+%25+%2B+%23+%E6%BC%A2&mech="));
        assert!(f.ends_with("&theme=contrast&accent=5b2a86&bg=transparent&embed=1"));
        assert_eq!(p(&f), (s, vec![]));
    }

    #[test]
    fn format_cleans_what_it_cannot_write() {
        let mut s = ViewState::default();
        s.filters.q = "  a \n b  ".into();
        s.filters.treat = vec!["ldn".into(), String::new(), "ldn".into()];
        s.filters.years = YearRange {
            from: Some(2020),
            to: Some(2010),
        };
        s.study = Some(String::new());
        assert_eq!(format(&s), "q=a+b&treat=ldn");
        s.filters.years = YearRange {
            from: Some(1800),
            to: None,
        };
        assert_eq!(format(&s), "q=a+b&treat=ldn");
    }

    #[test]
    fn percent_decoding_edge_cases() {
        assert_eq!(clean("q=100%").filters.q, "100%");
        assert_eq!(clean("q=%zz%4").filters.q, "%zz%4");
        assert_eq!(clean("q=%25zz").filters.q, "%zz");
        assert_eq!(clean("q=a%2").filters.q, "a%2");
        // Keys are decoded too, and are case-sensitive.
        assert_eq!(clean("vi%65w=table").view, ViewKind::Table);
        assert_eq!(params(&p("View=table").1), ["View"]);
        // Encoded `~` stays inside one value.
        let (s, ig) = p("treat=ldn%7Erapamycin");
        assert!(s.filters.treat.is_empty());
        assert_eq!(ig[0].value, "ldn~rapamycin");
        // Malformed escapes in a list value.
        let (s, ig) = p("mech=%zz~gut");
        assert_eq!(s.filters.mech, [Mechanism::Gut].into());
        assert_eq!(ig[0].value, "%zz");
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily() {
        let (s, ig) = p("q=%FF%FEhi&mech=%FF%FEimmune~gut&study=%C3%28&view=table");
        assert_eq!(s.filters.q, "\u{FFFD}\u{FFFD}hi");
        assert_eq!(s.filters.mech, [Mechanism::Gut].into());
        assert_eq!(s.study, None);
        assert_eq!(s.view, ViewKind::Table);
        assert_eq!(params(&ig), ["mech", "study"]);
        assert!(ig.iter().all(|i| i.reason == Reason::Garbled));
        assert_fixed_point("q=%FF%FEhi");
    }

    #[test]
    fn unknown_params_are_reported() {
        let (s, ig) = p("foo=bar&treat=ldn&utm_source=x&embed");
        assert_eq!(s.filters.treat, ["ldn"]);
        assert_eq!(params(&ig), ["foo", "utm_source"]);
        assert_eq!(
            describe(&ig),
            "Ignored from the link: unknown setting “foo”; unknown setting “utm_source”."
        );
    }

    #[test]
    fn notices_are_capped() {
        let q: String = (0..50).map(|i| format!("x{i}=1&")).collect();
        let (_, ig) = p(&q);
        assert_eq!(ig.len(), MAX_IGNORED + 1);
        assert_eq!(ig.last().unwrap().reason, Reason::More(30));
        assert!(describe(&ig).ends_with("; and 30 more."));
    }

    #[test]
    fn settings_and_list_values_are_capped() {
        let q: String = (0..300).map(|_| "theme=dark&").collect();
        let (s, ig) = p(&format!("{q}view=table"));
        assert_eq!(
            s.view,
            ViewKind::Timeline,
            "parameters past the cap are not read"
        );
        assert_eq!(
            ig,
            [Ignored {
                param: "".into(),
                value: "".into(),
                reason: Reason::TooManySettings
            }]
        );

        let list = vec!["gut"; 150].join("~");
        let (s, ig) = p(&format!("mech={list}&mech=immune&phase=2"));
        assert_eq!(s.filters.mech, [Mechanism::Gut].into());
        assert_eq!(s.filters.phase, [Phase::Phase2].into());
        assert_eq!(params(&ig), ["mech"]);
        assert_eq!(ig[0].reason, Reason::TooManyValues);
    }

    #[test]
    fn a_100kb_query_is_cut_at_a_whole_parameter() {
        let mut q = String::from("?view=table&");
        while q.len() < 100_000 {
            q.push_str("q=%E6%BC%A2&");
        }
        q.push_str("theme=dark");
        let (s, ig) = p(&q);
        assert_eq!(s.view, ViewKind::Table);
        assert_eq!(s.filters.q, "漢");
        assert_eq!(s.theme, None);
        assert_eq!(ig[0].reason, Reason::LinkTooLong);

        // One giant value is dropped rather than cut somewhere in the middle.
        let giant = format!("q={}", "é".repeat(60_000));
        let (s, ig) = p(&giant);
        assert_eq!(s, ViewState::default());
        assert_eq!(ig[0].reason, Reason::LinkTooLong);
        assert_fixed_point(&giant);
    }

    #[test]
    fn every_reason_says_what_the_notice_said_before_reasons_were_an_enum() {
        for (reason, text) in [
            (Reason::UnknownSetting, "unknown setting"),
            (Reason::UnknownValue, "unknown value"),
            (Reason::Garbled, "garbled characters"),
            (Reason::NotInData, "not in the current data"),
            (
                Reason::QTooLong,
                "longer than 200 characters; kept the start",
            ),
            (Reason::YearsShape, "not a range like 2010..2025"),
            (
                Reason::AccentShape,
                "not a colour like 5b2a86 (six hex digits, no #)",
            ),
            (
                Reason::AccentTooLight,
                "too light to read as link text on a light background",
            ),
            (Reason::YearsOutside, "years must be between 1900 and 2100"),
            (Reason::YearsReversed, "the first year is after the last"),
            (Reason::WindowShape, "not a window like 2010..2015.5"),
            (Reason::WindowOutside, "must be between 1900 and 2100"),
            (Reason::WindowReversed, "the start is not before the end"),
            (Reason::EmbedValue, "should be 1 or 0"),
            (Reason::SinceShape, "not a date like 2026-12-01"),
            (Reason::DataShape, "not a data version like 2026.12.1"),
            (
                Reason::NewerVersion,
                "link made by a newer version; applied what we understand",
            ),
            (Reason::LinkTooLong, "link too long"),
            (
                Reason::TooManySettings,
                "too many settings; ignored the rest",
            ),
            (Reason::TooManyValues, "too many values; ignored the rest"),
            (Reason::More(30), "and 30 more"),
        ] {
            assert_eq!(reason.text(), text);
        }
    }

    #[test]
    fn describe_reads_well() {
        assert_eq!(describe(&[]), "");
        let ig = vec![
            Ignored {
                param: "foo".into(),
                value: "1".into(),
                reason: Reason::UnknownSetting,
            },
            Ignored {
                param: "phase".into(),
                value: "7".into(),
                reason: Reason::UnknownValue,
            },
            Ignored {
                param: "".into(),
                value: "".into(),
                reason: Reason::LinkTooLong,
            },
            Ignored {
                param: "years".into(),
                value: "2025..2010".into(),
                reason: Reason::YearsReversed,
            },
        ];
        assert_eq!(
            describe(&ig),
            "Ignored from the link: unknown setting “foo”; phase “7”; link too long; \
             years “2025..2010” (the first year is after the last)."
        );
    }

    #[test]
    fn hostile_cases_give_a_working_state() {
        for q in [
            "?view=table&years=99999999999999999999..",
            "?view=table&years=2025..2010",
            "?view=table&window=5..1",
            "?view=table&window=NaN..inf",
            "?view=table&treat=nope&study=nope",
            "?view=table&foo=bar",
            "?view=table&q=%",
            "?view=table&q=%zz",
            "?view=table&q=%FF%FE",
        ] {
            let (s, _) = p(q);
            assert_eq!(s.view, ViewKind::Table, "{q}");
            assert_fixed_point(q);
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn corpus_replays() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/urls");
        let mut count = 0;
        for entry in std::fs::read_dir(dir).expect("corpus directory") {
            let path = entry.expect("corpus entry").path();
            let bytes = std::fs::read(&path).expect("corpus file");
            let text = String::from_utf8_lossy(&bytes);
            // Files end with a newline for editors' sake; it is not part of the link.
            let q = text.strip_suffix('\n').unwrap_or(&text);
            let (s, ignored) = p(q);
            assert!(ignored.len() <= MAX_IGNORED + 1, "{}", path.display());
            let _ = describe(&ignored);
            let f = format(&s);
            assert_eq!(p(&f), (s, vec![]), "{}", path.display());
            count += 1;
        }
        assert!(count >= 30, "only {count} corpus files");
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        fn set_of<T: Member + std::fmt::Debug>(
            all: &'static [T],
        ) -> impl Strategy<Value = KeySet<T>> {
            proptest::sample::subsequence(all, 0..=all.len()).prop_map(|v| v.into_iter().collect())
        }

        fn canonical_q() -> impl Strategy<Value = String> {
            prop_oneof![
                "[a-zA-Z0-9 éü漢🦀~&=%+#?\t\u{a0}-]{0,40}",
                "[ab ]{190,230}",
                any::<String>(),
            ]
            .prop_map(|q| normalise_q(&q).0)
        }

        fn years() -> impl Strategy<Value = YearRange> {
            (YEAR_MIN..=YEAR_MAX, YEAR_MIN..=YEAR_MAX, 0..4u8).prop_map(|(a, b, shape)| {
                let (a, b) = (a.min(b), a.max(b));
                match shape {
                    0 => YearRange::default(),
                    1 => YearRange {
                        from: Some(a),
                        to: None,
                    },
                    2 => YearRange {
                        from: None,
                        to: Some(b),
                    },
                    _ => YearRange {
                        from: Some(a),
                        to: Some(b),
                    },
                }
            })
        }

        fn window() -> impl Strategy<Value = Option<Window>> {
            let r = hundredths_range();
            proptest::option::of(
                (r.clone(), r)
                    .prop_filter("distinct", |(a, b)| a != b)
                    .prop_map(|(a, b)| Window {
                        from: a.min(b) as f64 / 100.0,
                        to: a.max(b) as f64 / 100.0,
                    }),
            )
        }

        pub(super) fn canonical_state() -> impl Strategy<Value = ViewState> {
            let filters = (
                canonical_q(),
                set_of(Mechanism::ALL),
                set_of(Phase::ALL),
                set_of(Evidence::ALL),
                set_of(DesignFlag::ALL),
                set_of(Scope::ALL),
                set_of(OutcomeType::ALL),
                proptest::sample::subsequence(TREATMENTS, 0..=TREATMENTS.len()).prop_shuffle(),
                years(),
                proptest::option::of(proptest::sample::select(
                    &["1900", "2026-11", "2026-12-01", "2100-12-31"][..],
                )),
            )
                .prop_map(
                    |(q, mech, phase, status, design, scope, outcome, treat, years, since)| {
                        Filters {
                            q,
                            mech,
                            phase,
                            status,
                            design,
                            scope,
                            outcome,
                            treat: treat.into_iter().map(String::from).collect(),
                            years,
                            since: since.and_then(|d| PartialDate::parse(d).ok()),
                        }
                    },
                );
            (
                proptest::sample::select(ViewKind::ALL),
                filters,
                window(),
                proptest::option::of(proptest::sample::select(STUDIES)),
                proptest::option::of((proptest::sample::select(SortColumn::ALL), any::<bool>())),
                proptest::option::of(proptest::sample::select(Theme::ALL)),
                proptest::option::of(proptest::sample::select(
                    &["5b2a86", "000000", "0a5cad"][..],
                )),
                any::<bool>(),
                any::<bool>(),
            )
                .prop_map(
                    |(view, filters, window, study, sort, theme, accent, transparent, embed)| {
                        ViewState {
                            view,
                            filters,
                            window,
                            study: study.map(String::from),
                            sort: sort.map(|(column, descending)| Sort { column, descending }),
                            theme,
                            accent: accent.and_then(|a| Accent::parse(a).ok()),
                            transparent,
                            embed,
                        }
                    },
                )
        }

        /// Snippets that poke at the grammar: separators, escapes, known names, bad values.
        const SNIPPETS: &[&str] = &[
            "&",
            "=",
            "~",
            "%",
            "%z",
            "%FF",
            "%7E",
            "+",
            "..",
            "-",
            "?",
            "#",
            "&&",
            "é",
            "\u{0}",
            "&view=",
            "&mech=",
            "&mech=gut",
            "&phase=1-2",
            "&treat=nope",
            "&treat=ldn",
            "&years=2025..2010",
            "&years=2010..",
            "&window=5..1",
            "&window=2010..2010.5",
            "&study=x",
            "&sort=-",
            "&v=2",
            "&embed=1",
            "&q=",
            "&theme=dark",
            "999999999999",
        ];

        #[derive(Debug, Clone)]
        enum Mutation {
            Insert(proptest::sample::Index, String),
            Delete(proptest::sample::Index, usize),
            Repeat,
        }

        fn mutation() -> impl Strategy<Value = Mutation> {
            prop_oneof![
                (
                    any::<proptest::sample::Index>(),
                    proptest::sample::select(SNIPPETS)
                )
                    .prop_map(|(i, s)| Mutation::Insert(i, s.to_string())),
                (any::<proptest::sample::Index>(), any::<char>())
                    .prop_map(|(i, c)| Mutation::Insert(i, c.to_string())),
                (any::<proptest::sample::Index>(), 1..8usize)
                    .prop_map(|(i, n)| Mutation::Delete(i, n)),
                Just(Mutation::Repeat),
            ]
        }

        fn floor_boundary(s: &str, mut i: usize) -> usize {
            i = i.min(s.len());
            while !s.is_char_boundary(i) {
                i -= 1;
            }
            i
        }

        fn mutated_query() -> impl Strategy<Value = String> {
            (
                canonical_state(),
                proptest::collection::vec(mutation(), 0..6),
            )
                .prop_map(|(s, muts)| {
                    let mut q = format(&s);
                    for m in muts {
                        match m {
                            Mutation::Insert(i, text) => {
                                let at = floor_boundary(&q, i.index(q.len() + 1));
                                q.insert_str(at, &text);
                            }
                            Mutation::Delete(i, n) => {
                                let a = floor_boundary(&q, i.index(q.len() + 1));
                                let b = floor_boundary(&q, a + n);
                                q.replace_range(a..b, "");
                            }
                            Mutation::Repeat => q = format!("{q}&{q}"),
                        }
                    }
                    q
                })
        }

        fn any_query() -> impl Strategy<Value = String> {
            let param = proptest::sample::select(
                Param::ALL
                    .iter()
                    .map(|p| p.key())
                    .chain(["x", ""])
                    .collect::<Vec<_>>(),
            );
            let pair = (param, "[a-z0-9=~%+.\\-&FE]{0,12}").prop_map(|(k, v)| format!("{k}={v}"));
            prop_oneof![
                any::<String>(),
                "[a-z0-9=&~%+.\\-]{0,80}",
                proptest::collection::vec(pair, 0..12).prop_map(|v| v.join("&")),
                mutated_query(),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn canonical_states_round_trip(s in canonical_state()) {
                let f = format(&s);
                prop_assert!(!f.starts_with('?'));
                prop_assert_eq!(p(&f), (s, vec![]));
            }

            #[test]
            fn any_input_settles_after_one_format(q in any_query()) {
                assert_fixed_point(&q);
            }
        }
    }
}
