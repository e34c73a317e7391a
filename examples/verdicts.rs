//! Prints the plain verdict of every treatment (`mecfs_timeline::verdict`): category, certainty,
//! headline, evidence, harms and what is running, so a reviewer can read them all.
//!
//! `cargo run --example verdicts` (the embedded dataset), or `-- FILE` for another dataset file;
//! `-- --summary` prints only the count of treatments per category.

use mecfs_timeline::dataset::{validate, Dataset};
use mecfs_timeline::verdict::{self, Category};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let summary_only = args.iter().any(|a| a == "--summary");
    let owned;
    let data: &Dataset = match args.iter().find(|a| !a.starts_with("--")) {
        Some(path) => {
            let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
                eprintln!("{path}: cannot read: {e}");
                std::process::exit(1);
            });
            owned = Dataset::from_json(&text).unwrap_or_else(|p| {
                eprint!("{}", validate::report(path, &p));
                std::process::exit(1);
            });
            &owned
        }
        None => Dataset::embedded(),
    };
    let verdicts = verdict::all(data);
    if !summary_only {
        for (t, v) in data.treatments().iter().zip(&verdicts) {
            println!("## {} ({})", t.name, t.key);
            println!(
                "{} {} · {}{}",
                v.category.icon(),
                v.category.label(),
                v.certainty.label(),
                v.score.map(|s| format!(" (score {s})")).unwrap_or_default()
            );
            println!("Headline: {}", v.headline);
            println!(
                "Evidence: {}{}",
                v.evidence_sentence,
                v.key_study
                    .as_deref()
                    .map(|id| format!(" [{id}]"))
                    .unwrap_or_default()
            );
            if let Some(h) = &v.harms_sentence {
                println!("Harms: {h}");
            }
            if let Some(r) = &v.running_sentence {
                println!("Running: {r}");
            }
            if let Some(n) = &t.note {
                println!("Note: {}", n.text);
            }
            println!();
        }
    }
    println!("Treatments per category ({} in all):", verdicts.len());
    for c in Category::ALL {
        let n = verdicts.iter().filter(|v| v.category == *c).count();
        println!("  {} {:<22} {n}", c.icon(), c.label());
    }
}
