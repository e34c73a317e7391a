//! Writes the Atom feed of the dataset's changelog (`mecfs_data::feed`):
//! `cargo run --example feed -- dist/feed.xml`. The dataset is `MECFS_DATASET` (default
//! `data/studies.json`, validated first) and the address the widget is published at is
//! `MECFS_BASE_URL` (default the README's placeholder, `https://example.org/tools/timeline/`):
//! Atom ids and links must be absolute.

use mecfs_data::{feed, validate};

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "dist/feed.xml".into());
    let name = std::env::var("MECFS_DATASET").unwrap_or_else(|_| "data/studies.json".into());
    let base = std::env::var("MECFS_BASE_URL")
        .ok()
        .filter(|b| !b.is_empty())
        .unwrap_or_else(|| feed::DEFAULT_BASE.into());
    if !(base.starts_with("https://") || base.starts_with("http://")) {
        eprintln!("feed: MECFS_BASE_URL must be an absolute http(s) address, not `{base}`");
        std::process::exit(2);
    }
    let text = std::fs::read_to_string(&name).unwrap_or_else(|e| {
        eprintln!("feed: cannot read {name}: {e}");
        std::process::exit(2)
    });
    let file = validate::validate(&text).unwrap_or_else(|p| {
        eprint!("{}", validate::report(&name, &p));
        std::process::exit(1)
    });
    std::fs::write(&out, feed::atom(&file, &base)).unwrap_or_else(|e| {
        eprintln!("feed: cannot write {out}: {e}");
        std::process::exit(2)
    });
}
