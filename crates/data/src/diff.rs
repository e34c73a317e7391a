//! Field-level differences between two dataset files: what a changelog is built from.
//!
//! Works on `serde_json::Value`, not on the typed model, so it compares every field a file has,
//! including fields added to the format after this was written. Studies are matched by `id` and
//! treatments by `key`; every other top-level field (`version`, `cutoff`, `licence`, …) is compared
//! as it is. Lists are aligned by their longest common run of equal items, so inserting a caveat
//! reports one `caveats[0]` added, not every later caveat as changed.
//!
//! A field that is absent on one side and `null` on the other is no change: the format treats
//! both as "not known".

#[cfg(test)]
use serde_json::json;
use serde_json::{Map, Value};
use std::fmt::Write as _;

/// What happened to one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Present (not null) only in the new file.
    Added,
    /// Present (not null) only in the old file.
    Removed,
    /// Present in both, with different values.
    Changed,
}

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Changed => "changed",
        }
    }
}

/// One changed field, as a path from the record (`people.enrolled`, `caveats[2]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub path: String,
    pub kind: Kind,
    /// `Null` when added.
    pub old: Value,
    /// `Null` when removed.
    pub new: Value,
}

/// A record (study or treatment) present in both files whose fields differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Changed {
    pub id: String,
    pub changes: Vec<Change>,
}

/// A record present in one file only: its id and its title (study) or name (treatment).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: String,
    pub label: String,
}

/// Added, removed and changed records of one list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListDiff {
    pub added: Vec<Record>,
    pub removed: Vec<Record>,
    pub changed: Vec<Changed>,
}

impl ListDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Every difference between two dataset files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DatasetDiff {
    /// Top-level fields other than `treatments` and `studies`.
    pub top_level: Vec<Change>,
    pub treatments: ListDiff,
    pub studies: ListDiff,
}

impl DatasetDiff {
    pub fn is_empty(&self) -> bool {
        self.top_level.is_empty() && self.treatments.is_empty() && self.studies.is_empty()
    }
}

/// Compares two dataset files given as JSON values. Errors name what is wrong with which file
/// side (`old`/`new`): not an object, a list that is not a list of objects, a record without its
/// id, a duplicate id.
pub fn diff_datasets(old: &Value, new: &Value) -> Result<DatasetDiff, String> {
    let (Value::Object(a), Value::Object(b)) = (old, new) else {
        let side = if old.is_object() { "new" } else { "old" };
        return Err(format!("the {side} file's top level is not a JSON object"));
    };
    let mut top_level = Vec::new();
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    for k in keys {
        if k == "treatments" || k == "studies" {
            continue;
        }
        diff_value(k, a.get(k), b.get(k), &mut top_level);
    }
    Ok(DatasetDiff {
        top_level,
        treatments: diff_list(a, b, "treatments", "key", "name")?,
        studies: diff_list(a, b, "studies", "id", "title")?,
    })
}

/// A record and its id.
type Keyed<'a> = (&'a str, &'a Map<String, Value>);

/// The records of `list` keyed by `id_field`, in file order.
fn records<'a>(
    file: &'a Map<String, Value>,
    list: &str,
    id_field: &str,
    side: &str,
) -> Result<Vec<Keyed<'a>>, String> {
    let items = match file.get(list) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(format!("`{list}` in the {side} file is not a list")),
    };
    let mut out: Vec<Keyed> = Vec::with_capacity(items.len());
    let mut seen = std::collections::HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Object(obj) = item else {
            return Err(format!("`{list}[{i}]` in the {side} file is not an object"));
        };
        let Some(id) = obj.get(id_field).and_then(Value::as_str) else {
            return Err(format!(
                "`{list}[{i}]` in the {side} file has no `{id_field}`"
            ));
        };
        if !seen.insert(id) {
            return Err(format!(
                "`{list}` in the {side} file has `{id_field}` `{id}` twice"
            ));
        }
        out.push((id, obj));
    }
    Ok(out)
}

fn diff_list(
    a: &Map<String, Value>,
    b: &Map<String, Value>,
    list: &str,
    id_field: &str,
    label_field: &str,
) -> Result<ListDiff, String> {
    let old = records(a, list, id_field, "old")?;
    let new = records(b, list, id_field, "new")?;
    let old_ids: std::collections::HashMap<&str, &Map<String, Value>> =
        old.iter().copied().collect();
    let new_ids: std::collections::HashSet<&str> = new.iter().map(|(id, _)| *id).collect();
    let label = |obj: &Map<String, Value>| {
        obj.get(label_field)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let mut out = ListDiff::default();
    for (id, obj) in &old {
        if !new_ids.contains(id) {
            out.removed.push(Record {
                id: id.to_string(),
                label: label(obj),
            });
        }
    }
    for (id, obj) in &new {
        match old_ids.get(id) {
            None => out.added.push(Record {
                id: id.to_string(),
                label: label(obj),
            }),
            Some(before) => {
                let mut changes = Vec::new();
                diff_object("", before, obj, &mut changes);
                if !changes.is_empty() {
                    out.changed.push(Changed {
                        id: id.to_string(),
                        changes,
                    });
                }
            }
        }
    }
    Ok(out)
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn diff_object(
    prefix: &str,
    a: &Map<String, Value>,
    b: &Map<String, Value>,
    out: &mut Vec<Change>,
) {
    // Old keys in their order, then keys only the new side has.
    let mut keys: Vec<&String> = a.keys().collect();
    keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
    for k in keys {
        diff_value(&join(prefix, k), a.get(k), b.get(k), out);
    }
}

/// Compares one field; `None` is an absent field, which counts as `null`.
fn diff_value(path: &str, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<Change>) {
    let a = a.filter(|v| !v.is_null());
    let b = b.filter(|v| !v.is_null());
    match (a, b) {
        (None, None) => {}
        (None, Some(n)) => out.push(Change {
            path: path.to_string(),
            kind: Kind::Added,
            old: Value::Null,
            new: n.clone(),
        }),
        (Some(o), None) => out.push(Change {
            path: path.to_string(),
            kind: Kind::Removed,
            old: o.clone(),
            new: Value::Null,
        }),
        (Some(o), Some(n)) if o == n => {}
        (Some(Value::Object(o)), Some(Value::Object(n))) => diff_object(path, o, n, out),
        (Some(Value::Array(o)), Some(Value::Array(n))) => diff_array(path, o, n, out),
        (Some(o), Some(n)) => out.push(Change {
            path: path.to_string(),
            kind: Kind::Changed,
            old: o.clone(),
            new: n.clone(),
        }),
    }
}

/// Lists: items kept in order (the longest common subsequence) are unchanged; between two kept
/// items, removed and added items are paired up as changes (compared field by field when both are
/// objects or lists), the rest reported as removed (old index) or added (new index).
fn diff_array(path: &str, a: &[Value], b: &[Value], out: &mut Vec<Change>) {
    let (n, m) = (a.len(), b.len());
    // lcs[i][j] = length of the LCS of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut gap_old: Vec<usize> = Vec::new();
    let mut gap_new: Vec<usize> = Vec::new();
    let flush = |gap_old: &mut Vec<usize>, gap_new: &mut Vec<usize>, out: &mut Vec<Change>| {
        let pairs = gap_old.len().min(gap_new.len());
        for k in 0..pairs {
            let (oi, ni) = (gap_old[k], gap_new[k]);
            let p = format!("{path}[{ni}]");
            match (&a[oi], &b[ni]) {
                (Value::Object(_), Value::Object(_)) | (Value::Array(_), Value::Array(_)) => {
                    diff_value(&p, Some(&a[oi]), Some(&b[ni]), out)
                }
                (o, n) => out.push(Change {
                    path: p,
                    kind: Kind::Changed,
                    old: o.clone(),
                    new: n.clone(),
                }),
            }
        }
        for &oi in &gap_old[pairs..] {
            out.push(Change {
                path: format!("{path}[{oi}]"),
                kind: Kind::Removed,
                old: a[oi].clone(),
                new: Value::Null,
            });
        }
        for &ni in &gap_new[pairs..] {
            out.push(Change {
                path: format!("{path}[{ni}]"),
                kind: Kind::Added,
                old: Value::Null,
                new: b[ni].clone(),
            });
        }
        gap_old.clear();
        gap_new.clear();
    };
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            flush(&mut gap_old, &mut gap_new, out);
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            gap_new.push(j);
            j += 1;
        } else {
            gap_old.push(i);
            i += 1;
        }
    }
    flush(&mut gap_old, &mut gap_new, out);
}

/// A value on one line, as JSON (strings quoted, so `"3"` and `3` differ visibly).
pub fn show(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn change_line(c: &Change) -> String {
    match c.kind {
        Kind::Changed => format!("{}: {} → {}", c.path, show(&c.old), show(&c.new)),
        Kind::Added => format!("{} added: {}", c.path, show(&c.new)),
        Kind::Removed => format!("{} removed (was {})", c.path, show(&c.old)),
    }
}

fn list_text(out: &mut String, what: &str, plural: &str, list: &ListDiff) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "{plural}: {} added, {} removed, {} changed",
        list.added.len(),
        list.removed.len(),
        list.changed.len()
    );
    for r in &list.added {
        let _ = writeln!(out, "  + {what} `{}` ({})", r.id, r.label);
    }
    for r in &list.removed {
        let _ = writeln!(out, "  - {what} `{}` ({})", r.id, r.label);
    }
    for c in &list.changed {
        let _ = writeln!(out, "  ~ {what} `{}`", c.id);
        for ch in &c.changes {
            let _ = writeln!(out, "      {}", change_line(ch));
        }
    }
}

/// The diff as text, one line per change; "no changes" when there are none.
pub fn to_text(d: &DatasetDiff) -> String {
    if d.is_empty() {
        return "no changes\n".into();
    }
    let mut out = String::new();
    for c in &d.top_level {
        let _ = writeln!(out, "{}", change_line(c));
    }
    list_text(&mut out, "treatment", "treatments", &d.treatments);
    list_text(&mut out, "study", "studies", &d.studies);
    out
}

/// JSON whose objects keep the order they were written in (serde_json's own map sorts keys):
/// what the tool prints, so that `id` comes before `changes` and a record reads in field order.
#[derive(Debug, Clone, PartialEq)]
pub enum Doc {
    Value(Value),
    Object(Vec<(String, Doc)>),
    List(Vec<Doc>),
}

impl Doc {
    /// An object from `(key, value)` pairs, in that order.
    pub fn object<K: Into<String>>(pairs: Vec<(K, Doc)>) -> Doc {
        Doc::Object(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }
    /// Any serialisable value.
    pub fn of<T: serde::Serialize>(v: T) -> Doc {
        Doc::Value(serde_json::to_value(v).unwrap_or(Value::Null))
    }
    /// As a plain `serde_json::Value` (keys sorted again).
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

impl serde::Serialize for Doc {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Doc::Value(v) => v.serialize(s),
            Doc::Object(pairs) => {
                let mut m = s.serialize_map(Some(pairs.len()))?;
                for (k, v) in pairs {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
            Doc::List(items) => {
                let mut q = s.serialize_seq(Some(items.len()))?;
                for i in items {
                    q.serialize_element(i)?;
                }
                q.end()
            }
        }
    }
}

fn change_json(c: &Change) -> Doc {
    Doc::object(vec![
        ("path", Doc::of(&c.path)),
        ("kind", Doc::of(c.kind.key())),
        ("old", Doc::Value(c.old.clone())),
        ("new", Doc::Value(c.new.clone())),
    ])
}

fn list_json(list: &ListDiff, id_field: &str, label_field: &str) -> Doc {
    let rec = |r: &Record| {
        Doc::object(vec![
            (id_field, Doc::of(&r.id)),
            (label_field, Doc::of(&r.label)),
        ])
    };
    Doc::object(vec![
        ("added", Doc::List(list.added.iter().map(rec).collect())),
        ("removed", Doc::List(list.removed.iter().map(rec).collect())),
        (
            "changed",
            Doc::List(
                list.changed
                    .iter()
                    .map(|c| {
                        Doc::object(vec![
                            (id_field, Doc::of(&c.id)),
                            (
                                "changes",
                                Doc::List(c.changes.iter().map(change_json).collect()),
                            ),
                        ])
                    })
                    .collect(),
            ),
        ),
    ])
}

/// The diff as JSON (the shape is documented in docs/DATA.md, "The command-line tool").
pub fn to_json(d: &DatasetDiff, old_file: &str, new_file: &str) -> Doc {
    Doc::object(vec![
        ("old", Doc::of(old_file)),
        ("new", Doc::of(new_file)),
        ("identical", Doc::of(d.is_empty())),
        (
            "top_level",
            Doc::List(d.top_level.iter().map(change_json).collect()),
        ),
        ("treatments", list_json(&d.treatments, "key", "name")),
        ("studies", list_json(&d.studies, "id", "title")),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(version: &str, studies: Value) -> Value {
        json!({ "version": version, "cutoff": "2026-01", "treatments": [], "studies": studies })
    }

    #[test]
    fn identical_files_have_no_changes() {
        let a = file("1", json!([{ "id": "a", "title": "A" }]));
        let d = diff_datasets(&a, &a).unwrap();
        assert!(d.is_empty());
        assert_eq!(to_text(&d), "no changes\n");
    }

    #[test]
    fn nested_fields_lists_and_top_level() {
        let a = file(
            "1",
            json!([{ "id": "a", "title": "A", "people": { "enrolled": 40, "analysed": null },
                     "caveats": ["x", "y"] },
                   { "id": "gone", "title": "Gone" }]),
        );
        let b = file(
            "2",
            json!([{ "id": "a", "title": "A", "people": { "enrolled": 52 },
                     "caveats": ["x", "y", "z"], "added_field": 1 },
                   { "id": "new", "title": "New" }]),
        );
        let d = diff_datasets(&a, &b).unwrap();
        assert_eq!(d.top_level.len(), 1);
        assert_eq!(change_line(&d.top_level[0]), r#"version: "1" → "2""#);
        assert_eq!(d.studies.added[0].id, "new");
        assert_eq!(d.studies.removed[0].id, "gone");
        // Field order follows serde_json's map (alphabetical unless `preserve_order` is on).
        let mut lines: Vec<String> = d.studies.changed[0]
            .changes
            .iter()
            .map(change_line)
            .collect();
        lines.sort();
        assert_eq!(
            lines,
            vec![
                "added_field added: 1".to_string(),
                r#"caveats[2] added: "z""#.to_string(),
                "people.enrolled: 40 → 52".to_string(),
            ]
        );
    }

    #[test]
    fn list_items_align_on_what_is_kept() {
        let mut out = Vec::new();
        let a = [json!("a"), json!("b"), json!("c")];
        let b = [json!("new"), json!("a"), json!("c")];
        diff_array("caveats", &a, &b, &mut out);
        let lines: Vec<String> = out.iter().map(change_line).collect();
        // "b" → nothing in that gap on the new side; "new" inserted before "a".
        assert_eq!(
            lines,
            vec![
                r#"caveats[0] added: "new""#.to_string(),
                r#"caveats[1] removed (was "b")"#.to_string(),
            ]
        );
        let mut out = Vec::new();
        diff_array(
            "sources",
            &[json!({ "id": "x", "label": "old" })],
            &[json!({ "id": "x", "label": "new" })],
            &mut out,
        );
        assert_eq!(change_line(&out[0]), r#"sources[0].label: "old" → "new""#);
    }

    #[test]
    fn bad_shapes_are_errors() {
        assert!(diff_datasets(&json!([]), &json!({})).is_err());
        let no_id = file("1", json!([{ "title": "A" }]));
        let e = diff_datasets(&no_id, &no_id).unwrap_err();
        assert!(
            e.contains("`studies[0]` in the old file has no `id`"),
            "{e}"
        );
        let twice = file("1", json!([{ "id": "a" }, { "id": "a" }]));
        let e = diff_datasets(&file("1", json!([])), &twice).unwrap_err();
        assert!(e.contains("`id` `a` twice"), "{e}");
    }

    #[test]
    fn json_form() {
        let a = file("1", json!([{ "id": "a", "title": "A", "n": 1 }]));
        let b = file("1", json!([{ "id": "a", "title": "A", "n": 2 }]));
        let v = to_json(&diff_datasets(&a, &b).unwrap(), "old.json", "new.json").to_value();
        assert_eq!(v["identical"], json!(false));
        assert_eq!(
            v["studies"]["changed"][0],
            json!({ "id": "a", "changes": [{ "path": "n", "kind": "changed", "old": 1, "new": 2 }] })
        );
    }
}
