//! The `mecfs-data` binary, run as a user runs it: every command, its output, exit codes and
//! error messages, on the fixtures in `tests/fixtures/` (valid.json, diff/, ctgov/).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_mecfs-data");

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(rel: &str) -> String {
    root()
        .join("tests/fixtures")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

/// A fresh empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mecfs-data-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

struct Run {
    code: i32,
    out: String,
    err: String,
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run mecfs-data");
    Run {
        code: status.code().expect("exit code"),
        out: String::from_utf8(stdout).unwrap(),
        err: String::from_utf8(stderr).unwrap(),
    }
}

fn run(args: &[&str]) -> Run {
    run_in(&root(), args)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

// ---- the tool as a whole ----

#[test]
fn help_lists_every_command() {
    for args in [&["--help"][..], &["-h"], &["help"]] {
        let r = run(args);
        assert_eq!(r.code, 0, "{args:?}");
        for cmd in ["validate", "stats", "diff", "import-ctgov"] {
            assert!(r.out.contains(&format!("mecfs-data {cmd}")), "{}", r.out);
        }
    }
}

#[test]
fn every_command_has_help() {
    for cmd in ["validate", "stats", "diff", "import-ctgov"] {
        let r = run(&[cmd, "--help"]);
        assert_eq!(r.code, 0, "{cmd}");
        assert!(r.out.starts_with(&format!("mecfs-data {cmd}")), "{}", r.out);
        assert!(r.out.contains("Exit status"), "{}", r.out);
        assert_eq!(run(&["help", cmd]).out, r.out);
    }
}

#[test]
fn no_command_or_an_unknown_one_is_a_usage_error() {
    let r = run(&[]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("Usage:"), "{}", r.err);
    let r = run(&["frobnicate", "x"]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("unknown command `frobnicate`"), "{}", r.err);
    assert!(r.err.contains("Usage:"), "{}", r.err);
    assert!(r.out.is_empty());
}

#[test]
fn wrong_arguments_print_the_command_help() {
    let r = run(&["validate"]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("expected one FILE"), "{}", r.err);
    assert!(r.err.contains("mecfs-data validate FILE"), "{}", r.err);
    let r = run(&["stats", "--csv", "x.json"]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("unknown option `--csv`"), "{}", r.err);
    let r = run(&["diff", "a.json"]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("expected OLD and NEW"), "{}", r.err);
    let r = run(&["import-ctgov"]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("at least one RECORD.json"), "{}", r.err);
}

#[test]
fn a_missing_file_cannot_be_read() {
    for args in [
        &["validate", "no/such.json"][..],
        &["stats", "no/such.json"],
        &["diff", "no/such.json", "tests/fixtures/valid.json"],
        &[
            "import-ctgov",
            "--dataset",
            "tests/fixtures/valid.json",
            "no/such.json",
        ],
        &[
            "import-ctgov",
            "--dataset",
            "no/such.json",
            "tests/fixtures/ctgov/new-study.json",
        ],
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(
            r.err.contains("cannot read no/such.json: "),
            "{args:?}: {}",
            r.err
        );
        assert!(r.out.is_empty(), "{args:?}");
    }
}

// ---- validate ----

#[test]
fn validate_a_valid_file() {
    let r = run(&["validate", "tests/fixtures/valid.json"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        r.out
            .starts_with("tests/fixtures/valid.json: valid — \"Fixture: two valid studies\""),
        "{}",
        r.out
    );
    assert!(r.out.contains("2 studies of 2 treatments"), "{}", r.out);
    let r = run(&["validate", "tests/fixtures/diff/modified.json"]);
    assert_eq!(r.code, 0, "{}", r.err);
}

#[test]
fn validate_names_record_and_field() {
    let r = run(&["validate", "tests/fixtures/broken/http-link.json"]);
    assert_eq!(r.code, 1);
    assert!(
        r.err.contains("tests/fixtures/broken/http-link.json: study `ruan-2025-rapamycin-pilot`, field `sources[0].id`: link `http://example.org/paper` is not https"),
        "{}",
        r.err
    );
    // Not JSON at all is invalid data too (the validator's own message).
    let r = run(&["validate", "tests/fixtures/ctgov/invalid.json"]);
    assert_eq!(r.code, 1);
    assert!(r.err.contains("not valid JSON"), "{}", r.err);
}

#[test]
fn validate_the_shipped_dataset() {
    let r = run(&["validate", "data/studies.json"]);
    assert_eq!(r.code, 0, "{}", r.err);
}

// ---- stats ----

#[test]
fn stats_as_text() {
    let r = run(&["stats", "tests/fixtures/valid.json"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        r.out
            .contains("2 studies of 2 treatments; 1 with a controlled design"),
        "{}",
        r.out
    );
    assert!(
        r.out.contains("Negative controlled trial          1"),
        "{}",
        r.out
    );
    assert!(
        r.out
            .contains("By confidence:\n  High                               2"),
        "{}",
        r.out
    );
    assert!(
        r.out
            .contains("  Immune / autoimmunity (1)\n    2010s     negative 1"),
        "{}",
        r.out
    );
    assert!(
        r.out
            .contains("  Metabolic / mitochondrial (1)\n    2020s     preliminary 1"),
        "{}",
        r.out
    );
    assert!(
        r.out.contains("Treatments with no controlled result yet (1):\n  Low-dose rapamycin (sirolimus) (`rapamycin`, 1 study)"),
        "{}",
        r.out
    );
}

#[test]
fn stats_as_json() {
    let r = run(&["stats", "--json", "tests/fixtures/valid.json"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let v = json(&r.out);
    assert_eq!(v["studies"], 2);
    assert_eq!(v["controlled"], 1);
    assert_eq!(v["by_evidence"]["negative"], 1);
    assert_eq!(v["by_confidence"]["high"], 2);
    assert_eq!(v["by_mechanism"]["immune"], 1);
    assert_eq!(
        v["cells"][0],
        serde_json::json!({ "mechanism": "immune", "decade": 2010, "evidence": "negative", "studies": 1 })
    );
    assert_eq!(v["no_controlled_result"][0]["key"], "rapamycin");
    // The shipped dataset counts add up.
    let r = run(&["stats", "--json", "data/studies.json"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let v = json(&r.out);
    let total: u64 = v["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["studies"].as_u64().unwrap())
        .sum();
    assert_eq!(Some(total), v["studies"].as_u64());
}

#[test]
fn stats_of_an_invalid_file() {
    let r = run(&["stats", "tests/fixtures/broken/http-link.json"]);
    assert_eq!(r.code, 1);
    assert!(r.err.contains("field `sources[0].id`"), "{}", r.err);
    assert!(r.out.is_empty());
}

// ---- diff ----

#[test]
fn diff_as_text() {
    let r = run(&[
        "diff",
        "tests/fixtures/valid.json",
        "tests/fixtures/diff/modified.json",
    ]);
    assert_eq!(r.code, 0, "{}", r.err);
    for line in [
        "version: \"0.0.1\" → \"0.0.2\"",
        "cutoff: \"2026-11-22\" → \"2026-12-01\"",
        "treatments: 1 added, 0 removed, 1 changed",
        "  + treatment `low-dose-naltrexone` (Low-dose naltrexone)",
        "  ~ treatment `rituximab`",
        "      target: \"Anti-CD20 antibody (removes B cells)\" → \"Anti-CD20 antibody (depletes B cells)\"",
        "studies: 1 added, 1 removed, 1 changed",
        "  + study `fixture-2026-ldn-pilot` (Low-dose naltrexone pilot (fixture))",
        "  - study `ruan-2025-rapamycin-pilot` (Low-dose rapamycin pilot study)",
        "  ~ study `fluge-2019-rituxme-phase3`",
        "      people.enrolled: 151 → 152",
        "      caveats[0] added: \"The registry lists 152 people randomised; one was not analysed.\"",
        "      sources[1].label: \"Trial registration\" → \"Trial registration (ClinicalTrials.gov)\"",
    ] {
        assert!(r.out.lines().any(|l| l == line), "missing `{line}` in:\n{}", r.out);
    }
    assert!(r.out.contains("changelog[1] added: {"), "{}", r.out);
    assert!(r.out.contains("      history added: ["), "{}", r.out);
}

#[test]
fn diff_as_json() {
    let r = run(&[
        "diff",
        "--json",
        "tests/fixtures/valid.json",
        "tests/fixtures/diff/modified.json",
    ]);
    assert_eq!(r.code, 0, "{}", r.err);
    let v = json(&r.out);
    assert_eq!(v["identical"], false);
    assert_eq!(v["old"], "tests/fixtures/valid.json");
    let top = v["top_level"].as_array().unwrap();
    assert!(top.iter().any(|c| c["path"] == "version"
        && c["kind"] == "changed"
        && c["old"] == "0.0.1"
        && c["new"] == "0.0.2"));
    assert_eq!(v["studies"]["added"][0]["id"], "fixture-2026-ldn-pilot");
    assert_eq!(
        v["studies"]["removed"][0]["id"],
        "ruan-2025-rapamycin-pilot"
    );
    assert_eq!(v["treatments"]["added"][0]["key"], "low-dose-naltrexone");
    let fluge = &v["studies"]["changed"][0];
    assert_eq!(fluge["id"], "fluge-2019-rituxme-phase3");
    let changes = fluge["changes"].as_array().unwrap();
    assert!(changes.contains(&serde_json::json!({
        "path": "people.enrolled", "kind": "changed", "old": 151, "new": 152
    })));
    assert!(changes
        .iter()
        .any(|c| c["path"] == "caveats[0]" && c["kind"] == "added" && c["old"].is_null()));
}

#[test]
fn diff_of_a_file_with_itself() {
    let r = run(&[
        "diff",
        "tests/fixtures/valid.json",
        "tests/fixtures/valid.json",
    ]);
    assert_eq!(r.code, 0);
    assert_eq!(r.out, "no changes\n");
    let r = run(&["diff", "--json", "data/studies.json", "data/studies.json"]);
    assert_eq!(r.code, 0);
    assert_eq!(json(&r.out)["identical"], true);
}

#[test]
fn diff_errors() {
    let r = run(&[
        "diff",
        "tests/fixtures/valid.json",
        "tests/fixtures/ctgov/invalid.json",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.err
            .contains("tests/fixtures/ctgov/invalid.json is not valid JSON (line "),
        "{}",
        r.err
    );
    // A search page is JSON but its studies have no `id`.
    let r = run(&[
        "diff",
        "tests/fixtures/valid.json",
        "tests/fixtures/ctgov/search-page.json",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.err.contains("`studies[0]` in the new file has no `id`"),
        "{}",
        r.err
    );
}

// ---- import-ctgov ----

fn import(args: &[&str]) -> (Run, Value) {
    let mut all = vec!["import-ctgov", "--dataset", "tests/fixtures/valid.json"];
    all.extend_from_slice(args);
    let r = run(&all);
    let v = if r.out.is_empty() {
        Value::Null
    } else {
        json(&r.out)
    };
    (r, v)
}

#[test]
fn import_a_record_the_dataset_cites() {
    let (r, v) = import(&["tests/fixtures/ctgov/NCT02229942.json"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(v["dataset"], "tests/fixtures/valid.json");
    let p = &v["proposals"][0];
    assert_eq!(p["nct"], "NCT02229942");
    assert_eq!(p["study_id"], "fluge-2019-rituxme-phase3");
    assert_eq!(p["action"], "update");
    assert!(p.get("new_record").is_none());
    let changes = p["changes"].as_array().unwrap();
    let fields: Vec<&str> = changes
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    // Start (2014-09) and status (published stays published) are the same: not proposed.
    assert_eq!(fields, ["end", "people.enrolled"]);
    assert_eq!(changes[0]["old"], "2017-11");
    assert_eq!(changes[0]["new"], "2017-10");
    assert_eq!(changes[1]["old"], 151);
    assert_eq!(changes[1]["new"], 152);
    assert_eq!(p["registry"]["overall_status"], "COMPLETED");
    assert_eq!(
        p["registry"]["url"],
        "https://clinicaltrials.gov/study/NCT02229942"
    );
    assert_eq!(v["refused"], serde_json::json!([]));
}

#[test]
fn import_a_new_study_leaves_judgement_and_prose_to_a_person() {
    let (r, v) = import(&["tests/fixtures/ctgov/new-study.json"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let p = &v["proposals"][0];
    assert_eq!(p["action"], "new");
    assert_eq!(p["study_id"], Value::Null);
    let rec = &p["new_record"];
    assert_eq!(rec["status"], "ongoing");
    assert_eq!(rec["phase"], "2");
    assert_eq!(rec["start"], "2026-03-02");
    assert_eq!(rec["end"], "2028-06");
    assert_eq!(rec["people"]["target"], 60);
    assert_eq!(rec["people"]["enrolled"], Value::Null);
    assert_eq!(rec["design"]["randomised"], true);
    assert_eq!(rec["design"]["control"], "placebo");
    assert_eq!(rec["design"]["blinding"], "triple");
    assert_eq!(rec["design"]["summary"], "TODO: a person writes this");
    assert_eq!(rec["sources"][0]["id"], "NCT09900001");
    assert_eq!(rec["sources"][0]["registry"], "clinicaltrials.gov");
    // Never set by the tool.
    for field in [
        "evidence",
        "result",
        "population",
        "treatment",
        "confidence",
        "reported_in",
    ] {
        assert_eq!(rec[field], Value::Null, "{field}");
    }
    let todo: Vec<&str> = p["todo"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        todo.contains(&"evidence") && todo.contains(&"design.summary"),
        "{todo:?}"
    );
    assert_eq!(p["treatment_candidates"], serde_json::json!(["rapamycin"]));
    // The skeleton is written in the dataset's field order.
    let id_at = r.out.find("\"id\": \"nct09900001\"").unwrap();
    let title_at = r.out.find("\"title\": \"Low-dose Rapamycin").unwrap();
    let reviewed_at = r.out.find("\"last_reviewed\": null").unwrap();
    assert!(id_at < title_at && title_at < reviewed_at);
}

#[test]
fn import_a_record_with_missing_modules() {
    let (r, v) = import(&["tests/fixtures/ctgov/missing-modules.json"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let p = &v["proposals"][0];
    assert_eq!(p["action"], "new");
    let rec = &p["new_record"];
    // Status UNKNOWN, no dates, no design module, long COVID: none of it guessed.
    for field in ["status", "phase", "start", "end", "scope"] {
        assert_eq!(rec[field], Value::Null, "{field}");
    }
    assert_eq!(rec["design"]["randomised"], Value::Null);
    assert_eq!(rec["people"]["target"], Value::Null);
    assert_eq!(
        rec["title"],
        "Pacing Support for Fatigue in Long COVID (fixture)"
    );
    let todo = p["todo"].as_array().unwrap();
    for t in ["status", "phase", "start", "scope", "design.control"] {
        assert!(todo.iter().any(|x| x == t), "{t} in {todo:?}");
    }
    // The unmapped status is reported for the reviewer, with the registry's last known status.
    let note = p["note"].as_str().unwrap();
    assert!(
        note.starts_with(
            "registry overall status UNKNOWN (last known status RECRUITING): no dataset `status` matches it, so no `status` is proposed"
        ),
        "{note}"
    );
    assert_eq!(p["registry"]["last_known_status"], "RECRUITING");
}

/// The fixtures use only field names, enum values and date formats of the published API v2
/// schema (ctg-oas-v2.yaml, version 2.0.5; see tests/fixtures/ctgov/README.md).
#[test]
fn ctgov_fixtures_are_shaped_like_the_published_schema() {
    fn one_of(v: &Value, allowed: &[&str], what: &str, file: &str) {
        let s = v
            .as_str()
            .unwrap_or_else(|| panic!("{file}: {what} is not a string"));
        assert!(
            allowed.contains(&s),
            "{file}: {what} {s:?} is not documented"
        );
    }
    fn partial_date(v: &Value, what: &str, file: &str) {
        let s = v.as_str().unwrap();
        let ok = match s.len() {
            4 | 7 | 10 => s.chars().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            }),
            _ => false,
        };
        assert!(
            ok,
            "{file}: {what} {s:?} is not yyyy, yyyy-MM or yyyy-MM-dd"
        );
    }
    const DATE_TYPES: &[&str] = &["ACTUAL", "ESTIMATED"];
    let mut seen = 0;
    for file in [
        "NCT02229942.json",
        "new-study.json",
        "missing-modules.json",
        "not-mecfs.json",
        "search-page.json",
    ] {
        let doc = json(&std::fs::read_to_string(fixture(&format!("ctgov/{file}"))).unwrap());
        let studies: Vec<Value> = match doc.get("studies") {
            Some(Value::Array(a)) => {
                if let Some(t) = doc.get("nextPageToken") {
                    assert!(t.is_string(), "{file}: nextPageToken");
                }
                a.clone()
            }
            _ => vec![doc.clone()],
        };
        for study in &studies {
            seen += 1;
            for k in study.as_object().unwrap().keys() {
                assert!(
                    [
                        "protocolSection",
                        "resultsSection",
                        "annotationSection",
                        "documentSection",
                        "derivedSection",
                        "hasResults"
                    ]
                    .contains(&k.as_str()),
                    "{file}: top-level {k}"
                );
            }
            assert!(study["hasResults"].is_boolean(), "{file}: hasResults");
            let p = &study["protocolSection"];
            let nct = p["identificationModule"]["nctId"].as_str().unwrap();
            assert!(nct.len() == 11 && nct.starts_with("NCT"), "{file}: {nct}");
            let st = &p["statusModule"];
            one_of(
                &st["overallStatus"],
                mecfs_data::ctgov::OVERALL_STATUSES,
                "overallStatus",
                file,
            );
            if !st["lastKnownStatus"].is_null() {
                one_of(
                    &st["lastKnownStatus"],
                    mecfs_data::ctgov::OVERALL_STATUSES,
                    "lastKnownStatus",
                    file,
                );
            }
            if !st["statusVerifiedDate"].is_null() {
                partial_date(&st["statusVerifiedDate"], "statusVerifiedDate", file);
            }
            for key in [
                "startDateStruct",
                "primaryCompletionDateStruct",
                "completionDateStruct",
                "studyFirstPostDateStruct",
                "lastUpdatePostDateStruct",
            ] {
                let d = &st[key];
                if d.is_null() {
                    continue;
                }
                for k in d.as_object().unwrap().keys() {
                    assert!(k == "date" || k == "type", "{file}: {key}.{k}");
                }
                partial_date(&d["date"], key, file);
                one_of(&d["type"], DATE_TYPES, &format!("{key}.type"), file);
            }
            let dm = &p["designModule"];
            if dm.is_null() {
                continue;
            }
            one_of(
                &dm["studyType"],
                &["EXPANDED_ACCESS", "INTERVENTIONAL", "OBSERVATIONAL"],
                "studyType",
                file,
            );
            for ph in dm["phases"].as_array().unwrap() {
                one_of(
                    ph,
                    &["NA", "EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4"],
                    "phase",
                    file,
                );
            }
            assert!(dm["enrollmentInfo"]["count"].is_u64(), "{file}: count");
            one_of(
                &dm["enrollmentInfo"]["type"],
                DATE_TYPES,
                "enrollmentInfo.type",
                file,
            );
            let di = &dm["designInfo"];
            one_of(
                &di["allocation"],
                &["RANDOMIZED", "NON_RANDOMIZED", "NA"],
                "allocation",
                file,
            );
            one_of(
                &di["interventionModel"],
                &[
                    "SINGLE_GROUP",
                    "PARALLEL",
                    "CROSSOVER",
                    "FACTORIAL",
                    "SEQUENTIAL",
                ],
                "interventionModel",
                file,
            );
            one_of(
                &di["maskingInfo"]["masking"],
                &["NONE", "SINGLE", "DOUBLE", "TRIPLE", "QUADRUPLE"],
                "masking",
                file,
            );
            let arms = &p["armsInterventionsModule"];
            for a in arms["armGroups"].as_array().into_iter().flatten() {
                one_of(
                    &a["type"],
                    &[
                        "EXPERIMENTAL",
                        "ACTIVE_COMPARATOR",
                        "PLACEBO_COMPARATOR",
                        "SHAM_COMPARATOR",
                        "NO_INTERVENTION",
                        "OTHER",
                    ],
                    "arm type",
                    file,
                );
            }
            for i in arms["interventions"].as_array().into_iter().flatten() {
                one_of(
                    &i["type"],
                    &[
                        "BEHAVIORAL",
                        "BIOLOGICAL",
                        "COMBINATION_PRODUCT",
                        "DEVICE",
                        "DIAGNOSTIC_TEST",
                        "DIETARY_SUPPLEMENT",
                        "DRUG",
                        "GENETIC",
                        "PROCEDURE",
                        "RADIATION",
                        "OTHER",
                    ],
                    "intervention type",
                    file,
                );
            }
        }
    }
    assert_eq!(seen, 6);
}

#[test]
fn import_refuses_a_record_not_about_mecfs() {
    let (r, v) = import(&["tests/fixtures/ctgov/not-mecfs.json"]);
    assert_eq!(r.code, 1);
    assert!(
        r.err.contains("not-mecfs.json: NCT09900003: its conditions (Fibromyalgia; Chronic Pain) do not mention ME/CFS"),
        "{}",
        r.err
    );
    assert_eq!(v["proposals"], serde_json::json!([]));
    assert_eq!(v["refused"][0]["nct"], "NCT09900003");
    // The other records still make it into the patch.
    let (r, v) = import(&[
        "tests/fixtures/ctgov/not-mecfs.json",
        "tests/fixtures/ctgov/new-study.json",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(v["proposals"][0]["nct"], "NCT09900001");
}

#[test]
fn import_rejects_invalid_json_and_other_documents() {
    let (r, _) = import(&["tests/fixtures/ctgov/invalid.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.err.contains("mecfs-data import-ctgov: ")
            && r.err.contains("invalid.json is not valid JSON (line 6"),
        "{}",
        r.err
    );
    assert!(r.out.is_empty());
    // A dataset file is JSON but not a registry record.
    let (r, _) = import(&["tests/fixtures/valid.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.err.contains("not a ClinicalTrials.gov API v2 study"),
        "{}",
        r.err
    );
    // Nothing is printed when one input of several is broken.
    let (r, _) = import(&[
        "tests/fixtures/ctgov/new-study.json",
        "tests/fixtures/ctgov/invalid.json",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.out.is_empty());
}

#[test]
fn import_a_search_page() {
    let (r, v) = import(&["tests/fixtures/ctgov/search-page.json"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let p = v["proposals"].as_array().unwrap();
    assert_eq!(p.len(), 2);
    assert_eq!(p[0]["action"], "new");
    assert_eq!(p[1]["action"], "update");
    assert_eq!(p[1]["study_id"], "fluge-2019-rituxme-phase3");
}

#[test]
fn import_writes_the_patch_to_a_file() {
    let dir = scratch("out");
    let out = dir.join("patch.json");
    let out_s = out.to_string_lossy().into_owned();
    let (r, _) = import(&["--out", &out_s, "tests/fixtures/ctgov/new-study.json"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.out.is_empty());
    let v = json(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(v["proposals"][0]["nct"], "NCT09900001");
    let bad = dir.join("no/such/dir/patch.json");
    let (r, _) = import(&[
        "--out",
        &bad.to_string_lossy(),
        "tests/fixtures/ctgov/new-study.json",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("cannot write "), "{}", r.err);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn import_uses_the_shipped_dataset_by_default() {
    // From the project folder: data/studies.json, which cites NCT02229942.
    let r = run(&["import-ctgov", "tests/fixtures/ctgov/NCT02229942.json"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let v = json(&r.out);
    assert_eq!(v["dataset"], "data/studies.json");
    assert_eq!(v["proposals"][0]["action"], "update");
    assert_eq!(v["proposals"][0]["study_id"], "fluge-2019-rituxme-phase3");
    // Elsewhere, without --dataset: every record is new, and stderr says why.
    let dir = scratch("nodata");
    let r = run_in(&dir, &["import-ctgov", &fixture("ctgov/NCT02229942.json")]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        r.err.contains("every record is proposed as new"),
        "{}",
        r.err
    );
    let v = json(&r.out);
    assert_eq!(v["dataset"], Value::Null);
    assert_eq!(v["proposals"][0]["action"], "new");
    let _ = std::fs::remove_dir_all(dir);
}
