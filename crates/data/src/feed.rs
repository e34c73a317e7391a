//! The Atom 1.0 feed of the dataset's changes (`feed.xml`, written next to the widget by
//! `scripts/build.sh` through `examples/feed.rs`): one entry per study a version added or changed,
//! newest version first, each linking to the study's view (`?study=ID`).
//!
//! Atom ids must be absolute and never change, so the feed needs the address the widget is
//! published at (`base`, a folder URL ending in `/`). Entry ids are `tag:` URIs (RFC 4151) built
//! from the base's host, the version's date, the study id and the version: the same study changed
//! in two versions is two entries. Everything is derived from the file, so the same data gives the
//! same bytes. Text is escaped for XML (`&`, `<`, `>`, `"`, `'`; control characters dropped).

use crate::model::{ChangelogEntry, DatasetFile, PartialDate};

/// The address used when none is given: the placeholder the README's embed examples use.
pub const DEFAULT_BASE: &str = "https://example.org/tools/timeline/";

/// The feed for `file` published under `base` (e.g. `https://example.org/tools/timeline/`; a
/// missing final `/` is added).
pub fn atom(file: &DatasetFile, base: &str) -> String {
    let base = if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    };
    let host = base
        .split_once("://")
        .map_or(base.as_str(), |(_, rest)| rest)
        .split(['/', ':', '?', '#'])
        .next()
        .filter(|h| !h.is_empty())
        .unwrap_or("example.org")
        .to_string();
    let updated = file.changelog.last().map_or(file.last_reviewed, |c| c.date);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    tag(&mut x, 1, "id", &base);
    tag(&mut x, 1, "title", &format!("{}: what changed", file.title));
    tag(
        &mut x,
        1,
        "subtitle",
        &format!(
            "Studies added to or changed in the dataset, by version (now {}).",
            file.version
        ),
    );
    tag(&mut x, 1, "updated", &timestamp(&updated));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&format!("{base}feed.xml"))
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&base)
    ));
    x.push_str("  <author>\n");
    tag(&mut x, 2, "name", &format!("{} curators", file.title));
    x.push_str("  </author>\n");
    tag(
        &mut x,
        1,
        "rights",
        &format!("Data: {} ({})", file.licence.name, file.licence.url),
    );
    for c in file.changelog.iter().rev() {
        for (ids, new) in [(&c.added, true), (&c.changed, false)] {
            for id in ids {
                if let Some(s) = file.studies.iter().find(|s| &s.id == id) {
                    entry(&mut x, &base, &host, c, s, new);
                }
            }
        }
    }
    x.push_str("</feed>\n");
    x
}

fn entry(
    x: &mut String,
    base: &str,
    host: &str,
    c: &ChangelogEntry,
    s: &crate::model::Study,
    new: bool,
) {
    let day = timestamp(&c.date);
    x.push_str("  <entry>\n");
    tag(
        x,
        2,
        "id",
        &format!("tag:{host},{}:study/{}/{}", &day[..10], s.id, c.version),
    );
    let what = if new { "New" } else { "Changed" };
    tag(x, 2, "title", &format!("{what}: {}", s.title));
    tag(x, 2, "updated", &day);
    x.push_str(&format!(
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&format!("{base}?study={}", s.id))
    ));
    let summary = if new {
        let n = s
            .best_n()
            .map_or(String::new(), |n| format!(", {n} people"));
        format!(
            "Added in data version {}: {}, {}{n}.",
            c.version,
            s.phase.label(),
            s.evidence.label()
        )
    } else {
        // What the record's own history says changed in that version (its entries up to the
        // version's date, after the previous ones), else the plain fact.
        let changes: Vec<String> = s
            .history
            .iter()
            .filter(|h| !c.date.definitely_before(&h.date) && !h.date.definitely_before(&c.date))
            .map(|h| format!("{} ({})", h.change, h.reason))
            .collect();
        if changes.is_empty() {
            format!("Changed in data version {}.", c.version)
        } else {
            format!(
                "Changed in data version {}: {}.",
                c.version,
                changes.join("; ")
            )
        }
    };
    tag(x, 2, "summary", &summary);
    x.push_str("  </entry>\n");
}

/// An RFC 3339 timestamp at midnight UTC of the date's first day.
fn timestamp(d: &PartialDate) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        d.year,
        d.month.unwrap_or(1),
        d.day.unwrap_or(1)
    )
}

fn tag(x: &mut String, depth: usize, name: &str, text: &str) {
    for _ in 0..depth {
        x.push_str("  ");
    }
    x.push_str(&format!("<{name}>{}</{name}>\n", escape(text)));
}

/// Escapes text and attribute values; drops characters XML 1.0 does not allow.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;
    use quick_xml::Reader;

    /// A parsed element: name, attributes, text and children.
    #[derive(Debug, Default)]
    struct El {
        name: String,
        attrs: Vec<(String, String)>,
        text: String,
        children: Vec<El>,
    }

    impl El {
        fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
            self.children.iter().filter(move |c| c.name == name)
        }
        fn one(&self, name: &str) -> &El {
            let found: Vec<&El> = self.children.iter().filter(|c| c.name == name).collect();
            assert_eq!(found.len(), 1, "exactly one <{name}> in <{}>", self.name);
            found[0]
        }
        fn attr(&self, name: &str) -> Option<&str> {
            self.attrs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        }
    }

    /// Parses with a real XML parser (quick-xml), failing on any malformed markup.
    fn parse(xml: &str) -> El {
        let mut r = Reader::from_str(xml);
        r.config_mut().check_end_names = true;
        let mut stack = vec![El::default()];
        let open = |e: &quick_xml::events::BytesStart| El {
            name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
            attrs: e
                .attributes()
                .map(|a| {
                    let a = a.expect("well-formed attribute");
                    (
                        String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                        a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                            .expect("escaped attribute")
                            .into_owned(),
                    )
                })
                .collect(),
            ..El::default()
        };
        loop {
            match r.read_event().expect("well-formed XML") {
                Event::Start(e) => stack.push(open(&e)),
                Event::Empty(e) => {
                    let el = open(&e);
                    stack.last_mut().unwrap().children.push(el);
                }
                Event::End(_) => {
                    let el = stack.pop().unwrap();
                    stack.last_mut().unwrap().children.push(el);
                }
                Event::Text(t) => stack
                    .last_mut()
                    .unwrap()
                    .text
                    .push_str(&t.decode().expect("text")),
                Event::GeneralRef(g) => {
                    let name = String::from_utf8(g.as_ref().to_vec()).unwrap();
                    let c = match name.as_str() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unknown entity &{other};"),
                    };
                    stack.last_mut().unwrap().text.push(c);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(stack.len(), 1, "every element closed");
        let mut root = stack.pop().unwrap();
        assert_eq!(root.children.len(), 1, "one root element");
        root.children.pop().unwrap()
    }

    fn real() -> DatasetFile {
        serde_json::from_str(include_str!("../../../data/studies.json")).unwrap()
    }

    fn is_rfc3339(s: &str) -> bool {
        s.len() == 20 && &s[4..5] == "-" && &s[10..11] == "T" && s.ends_with('Z')
    }

    #[test]
    fn the_feed_has_what_atom_requires() {
        let file = real();
        let xml = atom(&file, "https://example.org/tools/timeline");
        let feed = parse(&xml);
        assert_eq!(feed.name, "feed");
        assert_eq!(feed.attr("xmlns"), Some("http://www.w3.org/2005/Atom"));
        // RFC 4287 §4.1.1: one id, title and updated; an author (or one in every entry).
        assert_eq!(feed.one("id").text, "https://example.org/tools/timeline/");
        assert!(!feed.one("title").text.is_empty());
        assert!(is_rfc3339(&feed.one("updated").text));
        assert!(!feed.one("author").one("name").text.is_empty());
        let rels: Vec<_> = feed.all("link").filter_map(|l| l.attr("rel")).collect();
        assert!(
            rels.contains(&"self") && rels.contains(&"alternate"),
            "{rels:?}"
        );
        let entries: Vec<&El> = feed.all("entry").collect();
        let log = &file.changelog;
        let expected: usize = log.iter().map(|c| c.added.len() + c.changed.len()).sum();
        assert_eq!(entries.len(), expected);
        let mut ids = std::collections::HashSet::new();
        for e in &entries {
            let id = &e.one("id").text;
            assert!(id.starts_with("tag:example.org,20"), "{id}");
            assert!(ids.insert(id.clone()), "duplicate entry id {id}");
            assert!(!e.one("title").text.is_empty());
            assert!(is_rfc3339(&e.one("updated").text));
            let href = e.one("link").attr("href").unwrap();
            assert!(
                href.starts_with("https://example.org/tools/timeline/?study="),
                "{href}"
            );
            assert!(!e.one("summary").text.is_empty());
        }
        // Newest version first; a known correction is in the summary of its change.
        assert!(entries[0]
            .one("id")
            .text
            .ends_with(&format!("/{}", file.version)));
        let ruan = entries
            .iter()
            .find(|e| {
                e.one("title").text.starts_with("Changed: ")
                    && e.one("link")
                        .attr("href")
                        .unwrap()
                        .ends_with("ruan-2025-rapamycin-pilot")
                    && e.one("id").text.ends_with("2026.12.1")
            })
            .expect("Ruan 2025's change in 2026.12.1");
        assert!(ruan.one("summary").text.contains("40 → 70"));
    }

    #[test]
    fn text_is_escaped() {
        let mut file = real();
        file.title = "A & B <script>alert('x')</script> \"q\" \u{0}".into();
        // A study some version added (the newest version may only have changed records).
        let id = file
            .changelog
            .iter()
            .rev()
            .find_map(|c| c.added.first())
            .unwrap()
            .clone();
        let s = file.studies.iter_mut().find(|s| s.id == id).unwrap();
        s.title = "</title><evil/> & more".into();
        let xml = atom(&file, "https://e.org/a?b=1&c=<2>/");
        let feed = parse(&xml);
        assert_eq!(
            feed.one("title").text,
            "A & B <script>alert('x')</script> \"q\" : what changed"
        );
        assert!(feed
            .all("entry")
            .any(|e| e.one("title").text == "New: </title><evil/> & more"));
        assert!(!xml.contains("<evil/>"));
    }
}
