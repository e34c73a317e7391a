//! Writes a deterministic synthetic dataset for the benchmark (see bench/README.md).
//!
//! `cargo run --release --example synth -- <N> <seed> > file.json`
//!
//! N studies in about N/10 treatment lanes, in the real schema, with a realistic mix of every
//! mechanism, phase, evidence status, design, date precision, participant numbers (some unknown),
//! text lengths and source kinds. The same N and seed always give the same bytes. The file is
//! validated in-process with the app's own rules; the program exits 1 if it is not valid.

use mecfs_timeline::dataset::validate;
use mecfs_timeline::model::*;

/// SplitMix64: tiny, fast and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next() % u64::from(hi - lo + 1)) as u32
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }

    /// Picks by weight.
    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut r = self.range(0, total - 1);
        for (item, w) in items {
            if r < *w {
                return *item;
            }
            r -= w;
        }
        items[items.len() - 1].0
    }
}

const WORDS: &[&str] = &[
    "fatigue",
    "immune",
    "response",
    "energy",
    "metabolism",
    "randomised",
    "placebo",
    "exertion",
    "malaise",
    "orthostatic",
    "tolerance",
    "cognitive",
    "function",
    "symptom",
    "severity",
    "antibody",
    "receptor",
    "mitochondrial",
    "infusion",
    "low-dose",
    "open-label",
    "pilot",
    "follow-up",
    "patients",
    "adults",
    "adolescents",
    "long",
    "COVID",
    "chronic",
    "syndrome",
    "myalgic",
    "encephalomyelitis",
    "treatment",
    "trial",
    "study",
    "cohort",
    "outcome",
    "activity",
    "sleep",
    "pain",
    "heart",
    "rate",
    "blood",
    "flow",
    "gut",
    "microbiome",
    "hormone",
    "rehabilitation",
    "pacing",
    "autoantibodies",
    "effect",
    "safety",
    "efficacy",
    "questionnaire",
    "step",
    "counts",
];

const DRUG_PARTS: &[&str] = &[
    "ra", "mi", "to", "ve", "lu", "zi", "ca", "no", "pe", "sa", "ti", "bu", "fe", "lo", "xa", "de",
];
const DRUG_ENDS: &[&str] = &[
    "mab", "nib", "vir", "lol", "pril", "zole", "cept", "stat", "dine", "mide",
];
const SURNAMES: &[&str] = &[
    "Fluge",
    "Mella",
    "Ruan",
    "Scheibenbogen",
    "Walitt",
    "Nath",
    "Klimas",
    "Lipkin",
    "Montoya",
    "Naviaux",
    "Davis",
    "Tronstad",
    "Rekeland",
    "Sotzny",
    "Bateman",
    "Komaroff",
    "Hornig",
    "Stein",
];
const POPULATIONS: &[&str] = &[
    "Adults with ME/CFS",
    "Adults with ME/CFS (Canadian criteria)",
    "Adolescents with ME/CFS",
    "People with long COVID and post-exertional malaise",
    "Adults who developed ME/CFS after COVID-19",
];
const CASE_DEFINITIONS: &[&str] = &[
    "Canadian Consensus Criteria",
    "Fukuda 1994",
    "Institute of Medicine 2015",
    "International Consensus Criteria",
    "Oxford criteria",
];

/// Capitalised text of roughly `min..=max` characters made of words.
fn text(rng: &mut Rng, min: usize, max: usize) -> String {
    let target = rng.range(min as u32, max as u32) as usize;
    let mut out = String::new();
    while out.len() < target {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(rng.pick(WORDS));
    }
    while out.len() > max {
        match out.rfind(' ') {
            Some(p) => out.truncate(p),
            None => out.truncate(max),
        }
    }
    let mut c = out.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => "Study".into(),
    }
}

/// A month index (year * 12 + month - 1) and a day, turned into a date of the given precision.
fn date(month_index: u32, day: u32, precision: Precision) -> PartialDate {
    let year = (month_index / 12) as i32;
    let month = (month_index % 12 + 1) as u8;
    match precision {
        Precision::Year => PartialDate::year(year),
        Precision::Month => PartialDate {
            year,
            month: Some(month),
            day: None,
        },
        Precision::Day => PartialDate {
            year,
            month: Some(month),
            day: Some(day as u8),
        },
    }
}

fn precision(rng: &mut Rng) -> Precision {
    rng.weighted(&[
        (Precision::Year, 3),
        (Precision::Month, 5),
        (Precision::Day, 2),
    ])
}

/// Latest month any date may have: November 2026.
const LAST_MONTH: u32 = 2026 * 12 + 10;
const FIRST_MONTH: u32 = 1985 * 12;

fn treatment(rng: &mut Rng, i: usize) -> Treatment {
    let mut name = String::new();
    for _ in 0..rng.range(1, 3) {
        name.push_str(rng.pick(DRUG_PARTS));
    }
    name.push_str(rng.pick(DRUG_ENDS));
    let key = format!("t{i}-{name}");
    let mut display = name.clone();
    display[..1].make_ascii_uppercase();
    // Every mechanism appears: the first nine lanes take them in order.
    let mechanism = if i < Mechanism::ALL.len() {
        Mechanism::ALL[i]
    } else {
        rng.pick(Mechanism::ALL)
    };
    Treatment {
        key,
        name: format!("{display} {}", i + 1),
        target: text(rng, 20, 90),
        mechanism,
        note: None,
    }
}

fn study(rng: &mut Rng, j: usize, t: &Treatment) -> Study {
    let evidence = rng.weighted(&[
        (Evidence::Planned, 4),
        (Evidence::Ongoing, 11),
        (Evidence::Unreported, 3),
        (Evidence::Preliminary, 30),
        (Evidence::Mixed, 15),
        (Evidence::Positive, 13),
        (Evidence::Negative, 15),
        (Evidence::Approved, 4),
        (Evidence::Refuted, 8),
    ]);
    let status = match evidence {
        Evidence::Planned => Status::Planned,
        Evidence::Ongoing => Status::Ongoing,
        Evidence::Unreported => rng.weighted(&[(Status::Completed, 3), (Status::Terminated, 1)]),
        _ => rng.weighted(&[
            (Status::Published, 85),
            (Status::Completed, 10),
            (Status::Terminated, 5),
        ]),
    };
    let rct = matches!(evidence, Evidence::Positive | Evidence::Negative);
    let phase = if rct {
        rng.weighted(&[
            (Phase::Phase1_2, 1),
            (Phase::Phase2, 5),
            (Phase::Phase2_3, 2),
            (Phase::Phase3, 3),
            (Phase::Phase4, 1),
            (Phase::Unstated, 4),
        ])
    } else {
        rng.pick(Phase::ALL)
    };

    // Designs consistent with the validator: a positive/negative RCT is randomised and controlled.
    let design = if rct {
        let control = rng.weighted(&[
            (Control::Placebo, 7),
            (Control::Sham, 1),
            (Control::Active, 2),
        ]);
        Design {
            randomised: Some(true),
            control: Some(control),
            blinding: rng.weighted(&[
                (Some(Blinding::Double), 6),
                (Some(Blinding::Triple), 1),
                (Some(Blinding::Single), 1),
                (Some(Blinding::Open), 1),
                (None, 1),
            ]),
            crossover: Some(rng.chance(0.15)),
            summary: "Randomised, controlled trial.".into(),
        }
    } else {
        let randomised = rng.weighted(&[(Some(false), 6), (Some(true), 3), (None, 1)]);
        let control = if randomised == Some(true) {
            rng.weighted(&[
                (Some(Control::Placebo), 5),
                (Some(Control::Active), 2),
                (Some(Control::Sham), 1),
                (None, 1),
            ])
        } else {
            rng.weighted(&[
                (Some(Control::None), 6),
                (Some(Control::Untreated), 1),
                (Some(Control::Active), 1),
                (None, 2),
            ])
        };
        Design {
            randomised,
            control,
            blinding: rng.weighted(&[
                (Some(Blinding::Open), 4),
                (Some(Blinding::Double), 2),
                (Some(Blinding::Single), 1),
                (None, 3),
            ]),
            crossover: rng.weighted(&[(Some(false), 6), (Some(true), 1), (None, 2)]),
            summary: text(rng, 30, 160),
        }
    };

    // Dates: month indexes in order start ≤ end ≤ published, truncated to a random precision
    // (truncation keeps the order at any common precision, so the validator agrees).
    let (start, end, published) = match status {
        Status::Planned if rng.chance(0.5) => (None, None, None),
        Status::Planned => {
            let s = rng.range(LAST_MONTH - 6, LAST_MONTH);
            (Some(date(s, rng.range(1, 28), precision(rng))), None, None)
        }
        Status::Ongoing => {
            let s = rng.range(2016 * 12, LAST_MONTH);
            let end = rng
                .chance(0.2)
                .then(|| date(LAST_MONTH, 28, Precision::Year));
            (Some(date(s, rng.range(1, 14), precision(rng))), end, None)
        }
        _ => {
            let s = rng.range(FIRST_MONTH, LAST_MONTH - 12);
            let e = (s + rng.range(0, 60)).min(LAST_MONTH);
            let p = (e + rng.range(1, 30)).min(LAST_MONTH);
            let (ds, de) = (rng.range(1, 14), rng.range(15, 28));
            let start = (!rng.chance(0.1)).then(|| date(s, ds, precision(rng)));
            let end = rng.chance(0.75).then(|| date(e, de, precision(rng)));
            let published = (status == Status::Published || start.is_none() && end.is_none())
                .then(|| date(p, 28, precision(rng)));
            (start, end, published)
        }
    };

    let people = if rng.chance(0.08) {
        People::default()
    } else {
        let enrolled = (8.0 * (1500.0f64 / 8.0).powf(rng.unit().powi(2))) as u32;
        let completed = enrolled - rng.range(0, enrolled / 3);
        let analysed = completed - rng.range(0, completed / 5);
        match status {
            Status::Planned | Status::Ongoing => People {
                enrolled: rng.chance(0.3).then_some(enrolled / 2),
                completed: None,
                analysed: None,
                target: Some(enrolled),
            },
            _ => People {
                enrolled: (!rng.chance(0.15)).then_some(enrolled),
                completed: (!rng.chance(0.3)).then_some(completed),
                analysed: (!rng.chance(0.1)).then_some(analysed),
                target: None,
            },
        }
    };

    let year = start.or(published).or(end).map(|d| d.year).unwrap_or(2026);
    let surname = rng.pick(SURNAMES);
    // Every graded study rests on a result (the validator insists); the rest have none yet.
    let has_results = evidence.has_result();
    let result = has_results.then(|| text(rng, 1, 400));
    let reported_in = has_results.then(|| {
        rng.weighted(&[
            (ReportedIn::Journal, 80),
            (ReportedIn::Preprint, 8),
            (ReportedIn::Registry, 5),
            (ReportedIn::Abstract, 4),
            (ReportedIn::Press, 3),
        ])
    });
    let cap = people.enrolled.unwrap_or(u32::MAX);
    let harms = if has_results && rng.chance(0.7) {
        Harms {
            serious_total: Some(rng.range(0, 5).min(cap)),
            serious_treatment: None,
            serious_control: None,
            withdrawn: rng.chance(0.5).then(|| rng.range(0, 4).min(cap)),
            stopped_for_safety: (status == Status::Terminated).then_some(false),
            summary: rng.chance(0.8).then(|| text(rng, 20, 160)),
        }
    } else {
        Harms::default()
    };
    let caveats = (0..rng.range(0, 4)).map(|_| text(rng, 20, 200)).collect();

    let n_sources = rng.range(1, 3) as usize;
    let sources = (0..n_sources)
        .map(|k| {
            let kind = if k == 0 {
                rng.weighted(&[
                    (SourceKind::Doi, 6),
                    (SourceKind::Registry, 3),
                    (SourceKind::Url, 1),
                ])
            } else {
                rng.pick(&[SourceKind::Doi, SourceKind::Registry, SourceKind::Url])
            };
            match kind {
                SourceKind::Doi => Source {
                    kind,
                    id: format!("10.5555/synth.{j}.{k}"),
                    registry: None,
                    label: format!("Journal article ({year})"),
                },
                SourceKind::Registry => Source {
                    kind,
                    id: format!("NCT{:08}", rng.range(0, 99_999_999)),
                    registry: Some("clinicaltrials.gov".into()),
                    label: "Trial registration".into(),
                },
                _ => Source {
                    kind: SourceKind::Url,
                    id: format!("https://example.org/synth/{j}/{k}"),
                    registry: None,
                    label: "Project page".into(),
                },
            }
        })
        .collect();

    Study {
        id: format!("s{j}-{}-{year}", t.key),
        treatment: t.key.clone(),
        title: text(rng, 30, 160),
        authors: (!rng.chance(0.1)).then(|| format!("{surname} AB et al.")),
        start,
        end,
        published,
        status,
        phase,
        phase_note: rng.chance(0.1).then(|| text(rng, 20, 100)),
        design,
        people,
        population: (!rng.chance(0.1)).then(|| rng.pick(POPULATIONS).to_string()),
        case_definition: rng
            .chance(0.6)
            .then(|| rng.pick(CASE_DEFINITIONS).to_string()),
        pem_required: rng.weighted(&[(Some(true), 4), (Some(false), 2), (None, 4)]),
        scope: rng.weighted(&[
            (Scope::MeCfs, 8),
            (Scope::PostCovid, 1),
            (Scope::LongCovid, 1),
        ]),
        primary_outcome: (!rng.chance(0.2)).then(|| text(rng, 15, 120)),
        outcome_type: rng.weighted(&[
            (Some(OutcomeType::SelfReported), 4),
            (Some(OutcomeType::Objective), 1),
            (Some(OutcomeType::Laboratory), 1),
            (Some(OutcomeType::Mixed), 2),
            (None, 2),
        ]),
        result,
        caveats,
        evidence,
        reported_in,
        harms,
        // An approval comes after the trial: a year or two after its latest known date.
        approved: (evidence == Evidence::Approved).then(|| {
            let after = [start, end, published]
                .into_iter()
                .flatten()
                .map(|d| d.year)
                .max()
                .unwrap_or(year);
            PartialDate::year((after + 1).min(2026))
        }),
        sources,
        confidence: rng.weighted(&[
            (Confidence::High, 5),
            (Confidence::Medium, 4),
            (Confidence::Low, 1),
        ]),
        last_reviewed: PartialDate {
            year: 2026,
            month: Some(11),
            day: Some(22),
        },
        // Made-up studies have no history of their own.
        added: None,
        history: Vec::new(),
    }
}

/// The whole dataset for `n` studies and `seed`.
pub fn generate(n: usize, seed: u64) -> DatasetFile {
    let mut rng = Rng(seed ^ 0x6D65_6366_735F_7331);
    let lanes = (n / 10).max(1);
    let treatments: Vec<Treatment> = (0..lanes).map(|i| treatment(&mut rng, i)).collect();
    let studies = (0..n)
        .map(|j| {
            // Every lane gets a study; the rest are skewed so some lanes are crowded.
            let t = if j < lanes {
                j
            } else {
                ((rng.unit().powf(1.5)) * lanes as f64) as usize % lanes
            };
            study(&mut rng, j, &treatments[t])
        })
        .collect();
    DatasetFile {
        format: 1,
        title: format!("Synthetic benchmark dataset ({n} studies, seed {seed})"),
        version: format!("synth.{n}.{seed}"),
        last_reviewed: PartialDate {
            year: 2026,
            month: Some(11),
            day: Some(22),
        },
        cutoff: PartialDate {
            year: 2026,
            month: Some(11),
            day: None,
        },
        inclusion: "Made-up studies for the benchmark: none of them is real.".into(),
        licence: Licence {
            name: "CC BY 4.0".into(),
            url: "https://creativecommons.org/licenses/by/4.0/".into(),
        },
        treatments,
        studies,
        changelog: Vec::new(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(seed)) = (
        args.first().and_then(|a| a.parse::<usize>().ok()),
        args.get(1).and_then(|a| a.parse::<u64>().ok()),
    ) else {
        eprintln!("usage: cargo run --release --example synth -- <N> <seed> > file.json");
        std::process::exit(2);
    };
    let file = generate(n, seed);
    let text = serde_json::to_string(&file).expect("the model serialises");
    if let Err(problems) = validate::validate(&text) {
        eprint!("{}", validate::report("synthetic dataset", &problems));
        std::process::exit(1);
    }
    println!("{text}");
}
