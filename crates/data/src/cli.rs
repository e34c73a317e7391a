//! The `mecfs-data` command-line tool (`src/bin/mecfs-data.rs` only calls [`run`]): validate a
//! dataset, count it, compare two versions, turn ClinicalTrials.gov records into a patch.
//!
//! Exit codes: 0 done, 1 the data is invalid (validate, stats) or a record was refused
//! (import-ctgov), 2 a usage, reading or parsing error.

use crate::{ctgov, diff, stats, validate};
use serde_json::Value;
use std::io::Write;

pub const OK: i32 = 0;
pub const INVALID: i32 = 1;
pub const ERROR: i32 = 2;

const USAGE: &str = "\
mecfs-data: the ME/CFS timeline's dataset tool

Usage:
  mecfs-data validate FILE                 check a dataset file
  mecfs-data stats [--json] FILE           coverage counts of a dataset file
  mecfs-data diff [--json] OLD NEW         field-level changes between two dataset files
  mecfs-data import-ctgov [--dataset FILE] [--out FILE] RECORD.json...
                                           ClinicalTrials.gov records as a patch for review
  mecfs-data help [COMMAND]                this text, or a command's

Exit status: 0 done, 1 invalid data or a refused record, 2 usage or file error.
Run `mecfs-data COMMAND --help` for one command; docs/DATA.md, \"The command-line tool\", has more.
";

const VALIDATE_HELP: &str = "\
mecfs-data validate FILE

Checks a dataset file against every rule of the format (the checks the build runs). Prints one
line per problem, naming the record, the field and the reason, or a one-line summary when the
file is valid.

Exit status: 0 valid, 1 invalid, 2 the file cannot be read or the arguments are wrong.
";

const STATS_HELP: &str = "\
mecfs-data stats [--json] FILE

Counts a valid dataset file: studies by evidence status, by confidence, by mechanism × decade ×
evidence status, how many have a controlled design (randomised, against placebo, sham, another
treatment or no treatment), and the treatments with no controlled result yet.

  --json   print the counts as JSON instead of text

Exit status: 0 done, 1 the file is not a valid dataset (problems printed), 2 file or usage error.
";

const DIFF_HELP: &str = "\
mecfs-data diff [--json] OLD NEW

Field-level changes from OLD to NEW: top-level fields (version, cutoff, …), treatments added,
removed or changed (by `key`), studies added, removed or changed (by `id`), with every changed
field's path and its old and new value, e.g. `people.enrolled: 40 → 52`, `caveats[2] added: …`.
Prints \"no changes\" when the files hold the same data. Any fields are compared, known or not;
a field absent on one side and null on the other is no change. The files are not validated.

  --json   print the changes as JSON (shape in docs/DATA.md)

Exit status: 0 compared (with or without changes), 2 a file cannot be read, is not JSON or has
records without ids.
";

const IMPORT_HELP: &str = "\
mecfs-data import-ctgov [--dataset FILE] [--out FILE] RECORD.json...

Reads ClinicalTrials.gov API v2 study records, as saved with
  curl -fsSL \"https://clinicaltrials.gov/api/v2/studies/NCT01234567?format=json\" -o NCT01234567.json
(a search response, `{ \"studies\": [...] }`, also works) and prints a patch for review, as JSON:
for a study the dataset already cites, updates to status, start and end dates, enrolment and
posted results, only where they differ; for any other, a new record with the registry's facts
filled in and evidence and every plain-language text left for a person (null, or
\"TODO: a person writes this\"). Nothing is written to the dataset.

  --dataset FILE   the dataset to compare with (default: data/studies.json, if it exists)
  --out FILE       write the patch to FILE instead of standard output

Records whose conditions do not mention ME/CFS, chronic fatigue syndrome, myalgic
encephalomyelitis, post-exertional malaise or long-COVID fatigue are refused, with the reason.

Exit status: 0 every record imported, 1 at least one refused (the rest are in the patch),
2 a file cannot be read, is not JSON or is not a ClinicalTrials.gov record, or usage error.
";

/// Runs the tool with `args` (without the program name); returns the exit status.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Some((cmd, rest)) = args.split_first() else {
        let _ = write!(err, "{USAGE}");
        return ERROR;
    };
    let help = |text: &str, out: &mut dyn Write| {
        let _ = write!(out, "{text}");
        OK
    };
    let command_help = |c: &str| match c {
        "validate" => Some(VALIDATE_HELP),
        "stats" => Some(STATS_HELP),
        "diff" => Some(DIFF_HELP),
        "import-ctgov" => Some(IMPORT_HELP),
        _ => None,
    };
    match cmd.as_str() {
        "-h" | "--help" => return help(USAGE, out),
        "help" => {
            return match rest.first() {
                None => help(USAGE, out),
                Some(c) => match command_help(c) {
                    Some(h) => help(h, out),
                    None => usage_error(err, &format!("unknown command `{c}`")),
                },
            }
        }
        _ => {}
    }
    let Some(text) = command_help(cmd) else {
        return usage_error(err, &format!("unknown command `{cmd}`"));
    };
    if rest.iter().any(|a| a == "-h" || a == "--help") {
        return help(text, out);
    }
    let result = match cmd.as_str() {
        "validate" => cmd_validate(rest, out, err),
        "stats" => cmd_stats(rest, out, err),
        "diff" => cmd_diff(rest, out),
        _ => cmd_import(rest, out, err),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Usage(m)) => {
            let _ = writeln!(err, "mecfs-data {cmd}: {m}\n");
            let _ = write!(err, "{text}");
            ERROR
        }
        Err(Failure::Error(m)) => {
            let _ = writeln!(err, "mecfs-data {cmd}: {m}");
            ERROR
        }
    }
}

fn usage_error(err: &mut dyn Write, msg: &str) -> i32 {
    let _ = writeln!(err, "mecfs-data: {msg}\n");
    let _ = write!(err, "{USAGE}");
    ERROR
}

enum Failure {
    /// Wrong arguments: the message, then the command's help.
    Usage(String),
    /// A file that cannot be read, parsed or written.
    Error(String),
}

/// Splits `args` into flags (`--json`, `--out FILE`: `takes_value` lists those with a value) and
/// positional arguments.
struct Args {
    flags: Vec<(String, Option<String>)>,
    positional: Vec<String>,
}

fn parse(args: &[String], switches: &[&str], valued: &[&str]) -> Result<Args, Failure> {
    let mut flags = Vec::new();
    let mut positional = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--" {
            positional.extend(it.by_ref().cloned());
            break;
        }
        if let Some(name) = a.strip_prefix("--") {
            let (name, inline) = match name.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (name, None),
            };
            if switches.contains(&name) && inline.is_none() {
                flags.push((name.to_string(), None));
            } else if valued.contains(&name) {
                let v = match inline {
                    Some(v) => v,
                    None => it
                        .next()
                        .cloned()
                        .ok_or_else(|| Failure::Usage(format!("`--{name}` needs a file")))?,
                };
                flags.push((name.to_string(), Some(v)));
            } else {
                return Err(Failure::Usage(format!("unknown option `{a}`")));
            }
        } else if a.len() > 1 && a.starts_with('-') {
            return Err(Failure::Usage(format!("unknown option `{a}`")));
        } else {
            positional.push(a.clone());
        }
    }
    Ok(Args { flags, positional })
}

impl Args {
    fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|(n, _)| n == name)
    }
    fn value(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
    fn exactly(&self, n: usize, what: &str) -> Result<&[String], Failure> {
        if self.positional.len() == n {
            Ok(&self.positional)
        } else {
            Err(Failure::Usage(format!(
                "expected {what}, got {} argument(s)",
                self.positional.len()
            )))
        }
    }
}

fn read(path: &str) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure::Error(format!("cannot read {path}: {e}")))
}

fn read_json(path: &str) -> Result<Value, Failure> {
    let text = read(path)?;
    serde_json::from_str(&text).map_err(|e| {
        Failure::Error(format!(
            "{path} is not valid JSON (line {}, column {}): {e}",
            e.line(),
            e.column()
        ))
    })
}

fn print_json<T: serde::Serialize>(out: &mut dyn Write, v: &T) {
    let _ = writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(v).unwrap_or_default()
    );
}

fn cmd_validate(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, Failure> {
    let a = parse(args, &[], &[])?;
    let path = &a.exactly(1, "one FILE")?[0];
    let text = read(path)?;
    match validate::validate(&text) {
        Ok(d) => {
            let _ = writeln!(
                out,
                "{path}: valid — \"{}\" version {}, cut-off {}: {} studies of {} treatments",
                d.title,
                d.version,
                d.cutoff,
                d.studies.len(),
                d.treatments.len()
            );
            Ok(OK)
        }
        Err(problems) => {
            let _ = write!(err, "{}", validate::report(path, &problems));
            Ok(INVALID)
        }
    }
}

fn cmd_stats(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, Failure> {
    let a = parse(args, &["json"], &[])?;
    let path = &a.exactly(1, "one FILE")?[0];
    let text = read(path)?;
    let file = match validate::validate(&text) {
        Ok(d) => d,
        Err(problems) => {
            let _ = write!(err, "{}", validate::report(path, &problems));
            return Ok(INVALID);
        }
    };
    let s = stats::stats(&file);
    if a.has("json") {
        print_json(out, &stats::to_json(&s));
    } else {
        let _ = write!(out, "{}", stats::to_text(&s));
    }
    Ok(OK)
}

fn cmd_diff(args: &[String], out: &mut dyn Write) -> Result<i32, Failure> {
    let a = parse(args, &["json"], &[])?;
    let files = a.exactly(2, "OLD and NEW")?;
    let (old, new) = (read_json(&files[0])?, read_json(&files[1])?);
    let d = diff::diff_datasets(&old, &new).map_err(Failure::Error)?;
    if a.has("json") {
        print_json(out, &diff::to_json(&d, &files[0], &files[1]));
    } else {
        let _ = write!(out, "{}", diff::to_text(&d));
    }
    Ok(OK)
}

/// The dataset `import-ctgov` compares with when `--dataset` is not given.
pub const DEFAULT_DATASET: &str = "data/studies.json";

fn cmd_import(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, Failure> {
    let a = parse(args, &[], &["dataset", "out"])?;
    if a.positional.is_empty() {
        return Err(Failure::Usage("expected at least one RECORD.json".into()));
    }
    let dataset_path = match a.value("dataset") {
        Some(p) => Some(p.to_string()),
        None if std::path::Path::new(DEFAULT_DATASET).exists() => Some(DEFAULT_DATASET.into()),
        None => {
            let _ = writeln!(
                err,
                "mecfs-data import-ctgov: no --dataset and no {DEFAULT_DATASET} here: every record is proposed as new"
            );
            None
        }
    };
    let dataset = dataset_path.as_deref().map(read_json).transpose()?;
    if let Some(d) = &dataset {
        if !d.get("studies").is_some_and(Value::is_array) {
            return Err(Failure::Error(format!(
                "{} is not a dataset file: it has no `studies` list",
                dataset_path.as_deref().unwrap_or("")
            )));
        }
    }
    // Read and parse everything before proposing anything: a broken input stops the run.
    let mut facts = Vec::new();
    for path in &a.positional {
        let doc = read_json(path)?;
        let recs = ctgov::records(&doc).map_err(|e| Failure::Error(format!("{path}: {e}")))?;
        for (i, r) in recs.iter().enumerate() {
            let f = ctgov::facts(r).map_err(|e| {
                let which = if recs.len() > 1 {
                    format!("{path}, studies[{i}]")
                } else {
                    path.clone()
                };
                Failure::Error(format!("{which}: {e}"))
            })?;
            facts.push((path.clone(), f));
        }
    }
    let mut proposals = Vec::new();
    let mut refused = Vec::new();
    for (path, f) in &facts {
        match ctgov::in_scope(f) {
            Ok(()) => proposals.extend(ctgov::propose(f, dataset.as_ref())),
            Err(reason) => {
                let _ = writeln!(err, "mecfs-data import-ctgov: {path}: {reason}");
                refused.push(ctgov::Refusal {
                    nct: f.nct.clone(),
                    file: path.clone(),
                    reason,
                });
            }
        }
    }
    let any_refused = !refused.is_empty();
    let patch = ctgov::Patch {
        about: ctgov::ABOUT,
        dataset: dataset_path,
        proposals,
        refused,
    };
    let text = serde_json::to_string_pretty(&patch).unwrap_or_default() + "\n";
    match a.value("out") {
        Some(p) => {
            std::fs::write(p, text).map_err(|e| Failure::Error(format!("cannot write {p}: {e}")))?
        }
        None => {
            let _ = write!(out, "{text}");
        }
    }
    Ok(if any_refused { INVALID } else { OK })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_str(args: &[&str]) -> (i32, String, String) {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(&args, &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn usage_and_help() {
        let (code, _, err) = run_str(&[]);
        assert_eq!(code, ERROR);
        assert!(err.contains("Usage:"));
        let (code, out, _) = run_str(&["--help"]);
        assert_eq!(code, OK);
        assert!(out.contains("import-ctgov"));
        let (code, out, _) = run_str(&["help", "diff"]);
        assert_eq!(code, OK);
        assert!(out.starts_with("mecfs-data diff"));
        let (code, _, err) = run_str(&["frobnicate"]);
        assert_eq!(code, ERROR);
        assert!(err.contains("unknown command `frobnicate`"));
        let (code, _, err) = run_str(&["stats", "--bogus", "x"]);
        assert_eq!(code, ERROR);
        assert!(err.contains("unknown option `--bogus`"), "{err}");
        let (code, _, err) = run_str(&["diff", "one"]);
        assert_eq!(code, ERROR);
        assert!(err.contains("expected OLD and NEW"), "{err}");
        let (code, _, err) = run_str(&["import-ctgov", "--out"]);
        assert_eq!(code, ERROR);
        assert!(err.contains("`--out` needs a file"), "{err}");
    }

    #[test]
    fn flags_and_positionals() {
        let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let a = parse(
            &s(&["--dataset=d.json", "a", "--out", "o", "--", "--b"]),
            &[],
            &["dataset", "out"],
        )
        .ok()
        .unwrap();
        assert_eq!(a.value("dataset"), Some("d.json"));
        assert_eq!(a.value("out"), Some("o"));
        assert_eq!(a.positional, s(&["a", "--b"]));
    }
}
