//! Prints the dataset's coverage report (`mecfs_timeline::coverage`) as Markdown.
//!
//! `cargo run --example coverage [-- FILE]` prints it; `cargo run --example coverage -- --write`
//! also replaces the report in docs/DATA.md (between its coverage markers) for data/studies.json.

use mecfs_timeline::coverage;
use mecfs_timeline::dataset::validate;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let write = args.iter().any(|a| a == "--write");
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| "data/studies.json".into());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("{path}: cannot read: {e}");
        std::process::exit(1);
    });
    let file = validate::validate(&text).unwrap_or_else(|problems| {
        eprint!("{}", validate::report(&path, &problems));
        std::process::exit(1);
    });
    let report = coverage::report(&file);
    if write {
        let doc_path = "docs/DATA.md";
        let doc = std::fs::read_to_string(doc_path).expect("read docs/DATA.md");
        let Some(new) = coverage::splice(&doc, &report) else {
            eprintln!(
                "{doc_path}: the markers {} and {} are missing",
                coverage::START,
                coverage::END
            );
            std::process::exit(1);
        };
        std::fs::write(doc_path, new).expect("write docs/DATA.md");
        eprintln!("{doc_path}: coverage report updated");
    }
    print!("{report}");
}
