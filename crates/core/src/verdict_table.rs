//! The verdicts, computed once at build time, and their byte format.
//!
//! `build.rs` runs the verdict rules ([`crate::verdict`], [`crate::direction`]) natively on the
//! validated dataset, writes their results with [`encode`] and the crate embeds the bytes; the
//! session decodes them with [`decode`]. So the widget ships the rules' results, not the rules:
//! ~12 KB less wasm (gzip) for ~3 KB of packed sentences and numbers, and no verdict is computed
//! on a visitor's device. The rules stay the one definition (`build.rs` compiles these same source
//! files), and a native test checks that the embedded table equals what the rules give now.
//!
//! Format: the body compressed by [`crate::pack`]. The body: the length of the text part, the
//! text part (per treatment its four sentences: headline, evidence, harms, running; strings as a
//! varint length and UTF-8, options as a 0/1 tag), then the number part: the number of treatments,
//! per treatment the rest of its [`Verdict`] in declaration order (enums as their index in `ALL`,
//! integers as varints, years zig-zagged, study ids as their position in the dataset; the
//! treatment is the table's position), then per treatment the compare strip's change points: their
//! count, then each year (the first zig-zagged, the rest as the gap to the one before) and the
//! category from that year on.

use crate::model::PartialDate;
use crate::verdict::{Category, Certainty, Verdict};

/// What the build computed for every treatment, in the dataset's treatment order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerdictTable {
    pub verdicts: Vec<Verdict>,
    /// Per treatment: the years its verdict category changed, from the results public by the end
    /// of each year ([`crate::direction::changes`]), with the category from then on.
    pub changes: Vec<Vec<(i32, Category)>>,
}

// ---------------------------------------------------------------------------------------------
// Writing (build time).

#[derive(Default)]
struct Out(Vec<u8>);

impl Out {
    fn uint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.0.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }
    fn int(&mut self, n: i32) {
        self.uint(((n << 1) ^ (n >> 31)) as u32 as u64);
    }
    fn flag(&mut self, b: bool) {
        self.0.push(u8::from(b));
    }
    fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn opt<T>(&mut self, v: &Option<T>, put: impl FnOnce(&mut Self, &T)) {
        self.flag(v.is_some());
        if let Some(v) = v {
            put(self, v);
        }
    }
    fn date(&mut self, d: &PartialDate) {
        self.int(d.year);
        self.0.push(d.month.unwrap_or(0));
        self.0.push(d.day.unwrap_or(0));
    }
}

fn index_of<T: PartialEq>(all: &[T], v: &T) -> u8 {
    all.iter().position(|x| x == v).unwrap_or(0) as u8
}

/// The dataset's names for what a table refers to by position: treatment keys (a table has one
/// verdict per treatment, in this order) and study ids.
pub struct Names<'a> {
    pub treatments: &'a [&'a str],
    pub studies: &'a [&'a str],
}

/// The packed bytes of `table`; every study id in it must be one of `names.studies`.
pub fn encode(table: &VerdictTable, names: &Names) -> Vec<u8> {
    // The sentences first and the numbers after them: each part packs better on its own
    // statistics than interleaved. Study ids are positions in the dataset (ids are long and the
    // dataset holds them already).
    let mut t = Out::default();
    let mut o = Out::default();
    let study = |id: &String| -> u64 {
        names
            .studies
            .iter()
            .position(|s| s == id)
            .expect("a study of the dataset") as u64
    };
    o.uint(table.verdicts.len() as u64);
    for v in &table.verdicts {
        t.str(&v.headline);
        t.str(&v.evidence_sentence);
        t.opt(&v.harms_sentence, |t, s| t.str(s));
        t.opt(&v.running_sentence, |t, s| t.str(s));
        o.0.push(index_of(Category::ALL, &v.category));
        o.0.push(index_of(Certainty::ALL, &v.certainty));
        o.opt(&v.score, |o, s| o.int(*s));
        o.opt(&v.key_study, |o, s| o.uint(study(s)));
        o.uint(v.harms_studies.len() as u64);
        for s in &v.harms_studies {
            o.uint(study(s));
        }
        o.uint(v.controlled_people.into());
        o.flag(v.controlled_people_partial);
        for n in [
            v.controlled_trials,
            v.positive_trials,
            v.negative_trials,
            v.mixed_trials,
            v.positive_groups,
        ] {
            o.uint(n.into());
        }
        o.opt(&v.latest_result, |o, d| o.date(d));
        for n in [
            v.running,
            v.running_controlled,
            v.awaiting_report,
            v.stopped_unreported,
        ] {
            o.uint(n.into());
        }
        o.opt(&v.largest_running_target, |o, n| o.uint((*n).into()));
        o.opt(&v.expected, |o, d| o.date(d));
        o.opt(&v.serious_people, |o, n| o.uint((*n).into()));
        o.uint(v.stopped_for_safety.into());
    }
    for points in &table.changes {
        o.uint(points.len() as u64);
        let mut prev = None;
        for &(year, c) in points {
            match prev {
                None => o.int(year),
                Some(p) => o.uint((year - p) as u64),
            }
            o.0.push(index_of(Category::ALL, &c));
            prev = Some(year);
        }
    }
    let mut body = Out::default();
    body.uint(t.0.len() as u64);
    body.0.extend_from_slice(&t.0);
    body.0.extend_from_slice(&o.0);
    crate::pack::compress(&body.0)
}

// ---------------------------------------------------------------------------------------------
// Reading (every page load).

struct In<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl In<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }
    fn uint(&mut self) -> Option<u32> {
        let mut n = 0u64;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return u32::try_from(n).ok();
            }
        }
        None
    }
    fn int(&mut self) -> Option<i32> {
        let z = self.uint()?;
        Some(((z >> 1) as i32) ^ -((z & 1) as i32))
    }
    fn flag(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn str(&mut self) -> Option<String> {
        let n = self.uint()? as usize;
        let end = self.pos.checked_add(n)?;
        let s = std::str::from_utf8(self.bytes.get(self.pos..end)?).ok()?;
        self.pos = end;
        Some(s.to_string())
    }
    fn opt<T>(&mut self, get: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        Some(if self.flag()? { Some(get(self)?) } else { None })
    }
    fn date(&mut self) -> Option<PartialDate> {
        let year = self.int()?;
        let part = |b: u8| (b != 0).then_some(b);
        let month = part(self.byte()?);
        let day = part(self.byte()?);
        Some(PartialDate { year, month, day })
    }
    fn pick<T: Copy>(&mut self, all: &[T]) -> Option<T> {
        all.get(usize::from(self.byte()?)).copied()
    }
}

/// Decodes what [`encode`] wrote with the same `names`; `None` when the bytes are not such a
/// table (the embedded bytes always are: `build.rs` decodes them once before the crate compiles).
pub fn decode(packed: &[u8], names: &Names) -> Option<VerdictTable> {
    // Sentences for some 125 treatments are ~50 KB; a thousand times the packed size is a cap
    // against a corrupted length, far above any real table.
    let limit = packed.len().saturating_mul(1000);
    let body = crate::pack::decompress(packed, &mut 0, limit).ok()?;
    let head = &mut In {
        bytes: &body,
        pos: 0,
    };
    let text_len = head.uint()? as usize;
    let text_end = head.pos.checked_add(text_len)?;
    let t = &mut In {
        bytes: body.get(..text_end)?,
        pos: head.pos,
    };
    let r = &mut In {
        bytes: &body,
        pos: text_end,
    };
    let study = |r: &mut In| -> Option<String> {
        names.studies.get(r.uint()? as usize).map(|s| s.to_string())
    };
    let n = r.uint()? as usize;
    if n != names.treatments.len() {
        return None;
    }
    let mut verdicts = Vec::with_capacity(n);
    for key in names.treatments {
        verdicts.push(Verdict {
            treatment: key.to_string(),
            headline: t.str()?,
            evidence_sentence: t.str()?,
            harms_sentence: t.opt(In::str)?,
            running_sentence: t.opt(In::str)?,
            category: r.pick(Category::ALL)?,
            certainty: r.pick(Certainty::ALL)?,
            score: r.opt(In::int)?,
            key_study: r.opt(study)?,
            harms_studies: {
                let k = r.uint()? as usize;
                let mut list = Vec::with_capacity(k.min(1 << 12));
                for _ in 0..k {
                    list.push(study(r)?);
                }
                list
            },
            controlled_people: r.uint()?,
            controlled_people_partial: r.flag()?,
            controlled_trials: r.uint()?,
            positive_trials: r.uint()?,
            negative_trials: r.uint()?,
            mixed_trials: r.uint()?,
            positive_groups: r.uint()?,
            latest_result: r.opt(In::date)?,
            running: r.uint()?,
            running_controlled: r.uint()?,
            awaiting_report: r.uint()?,
            stopped_unreported: r.uint()?,
            largest_running_target: r.opt(In::uint)?,
            expected: r.opt(In::date)?,
            serious_people: r.opt(In::uint)?,
            stopped_for_safety: r.uint()?,
        });
    }
    let mut changes = Vec::with_capacity(n);
    for _ in 0..n {
        let k = r.uint()? as usize;
        let mut points = Vec::with_capacity(k.min(1 << 12));
        let mut year = 0i32;
        for i in 0..k {
            year = if i == 0 {
                r.int()?
            } else {
                year.checked_add(i32::try_from(r.uint()?).ok()?)?
            };
            points.push((year, r.pick(Category::ALL)?));
        }
        changes.push(points);
    }
    (t.pos == text_end && r.pos == body.len()).then_some(VerdictTable { verdicts, changes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Dataset;
    use crate::session::Session;

    #[test]
    fn the_embedded_table_is_what_the_rules_say_now() {
        let data = Dataset::embedded();
        let s = Session::get();
        assert_eq!(s.verdicts(), &crate::verdict::all(data)[..]);
        for (t, treatment) in data.treatments().iter().enumerate() {
            let studies: Vec<_> = data
                .studies()
                .iter()
                .enumerate()
                .filter(|(i, _)| data.treatment_of[*i] == t)
                .map(|(_, st)| st)
                .collect();
            assert_eq!(
                s.by_year(t, 1980, 2030),
                crate::direction::by_year(&studies, 1980, 2030),
                "{}",
                treatment.key
            );
        }
    }

    #[test]
    fn tables_round_trip_and_damage_is_refused_without_a_panic() {
        let data = Dataset::embedded();
        let table = Session::table_for_tests().clone();
        let treatments: Vec<&str> = data.treatments().iter().map(|t| t.key.as_str()).collect();
        let studies: Vec<&str> = data.studies().iter().map(|s| s.id.as_str()).collect();
        let names = Names {
            treatments: &treatments,
            studies: &studies,
        };
        let bytes = encode(&table, &names);
        assert_eq!(decode(&bytes, &names).as_ref(), Some(&table));
        for i in 0..bytes.len().min(200) {
            let mut bad = bytes.clone();
            bad[i] ^= 0x55;
            let _ = decode(&bad, &names);
            let _ = decode(&bytes[..i], &names);
        }
        // A table for another dataset (another number of treatments) is refused.
        let fewer = Names {
            treatments: &treatments[1..],
            studies: &studies,
        };
        assert_eq!(decode(&bytes, &fewer), None);
        let none = Names {
            treatments: &[],
            studies: &[],
        };
        let empty = VerdictTable {
            verdicts: Vec::new(),
            changes: Vec::new(),
        };
        assert_eq!(decode(&encode(&empty, &none), &none), Some(empty));
    }
}
