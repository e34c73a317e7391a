//! Validates any dataset file and prints a summary: counts by mechanism, phase and evidence status.
//!
//! `cargo run --example validate -- path/to/studies.json`
//! Exits 1 and names the record, field and reason for every problem.

use mecfs_timeline::dataset::{validate, Dataset};
use mecfs_timeline::model::{Evidence, Mechanism, Phase};

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "data/studies.json".into());
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: cannot read: {e}");
            std::process::exit(1);
        }
    };
    let data = match Dataset::from_json(&text) {
        Ok(d) => d,
        Err(problems) => {
            eprint!("{}", validate::report(&path, &problems));
            std::process::exit(1);
        }
    };
    let f = &data.file;
    println!(
        "{path}: valid — \"{}\" version {}, reviewed {}, licence {}",
        f.title, f.version, f.last_reviewed, f.licence.name
    );
    println!(
        "{} studies of {} treatments",
        f.studies.len(),
        f.treatments.len()
    );
    println!("\nby mechanism:");
    for m in Mechanism::ALL {
        let n = (0..f.studies.len())
            .filter(|&i| data.mechanism(i) == *m)
            .count();
        println!("  {:<32} {n:>5}", m.label());
    }
    println!("\nby phase:");
    for p in Phase::ALL {
        let n = f.studies.iter().filter(|s| s.phase == *p).count();
        println!("  {:<32} {n:>5}", p.label());
    }
    println!("\nby evidence status:");
    for e in Evidence::ALL {
        let n = f.studies.iter().filter(|s| s.evidence == *e).count();
        println!("  {:<32} {n:>5}", e.label());
    }
}
