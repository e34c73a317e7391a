//! "Compare treatments": 2–4 treatments side by side, each with its evidence ladder over time
//! (the highest level of evidence reached by each year, computed by `crate::ladder`), drawn on a
//! shared time axis so the columns can be read against each other, plus the headline numbers.

use super::glyph::{evidence_icon, num};
use crate::direction::Direction;
use crate::ladder::{summarise, Level, TreatmentSummary};
use crate::model::Evidence;
use crate::session::Session;
use crate::state::{Action, MAX_COMPARE};
use crate::verdict::Category;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// Treatment keys being compared, in the order chosen.
    pub treatments: Vec<String>,
    pub on_action: Callback<Action>,
}

/// Suggested first comparison when nothing is chosen yet.
const SUGGESTED: [&str; 4] = [
    "rituximab",
    "rapamycin",
    "low-dose-naltrexone",
    "rintatolimod",
];

/// Chart geometry (SVG user units; the chart scrolls sideways on narrow screens).
const W: f64 = 760.0;
const LEFT: f64 = 150.0;
const RIGHT: f64 = 16.0;
const RUNG: f64 = 15.0;
const BAND_GAP: f64 = 44.0;
/// The strip under each band: which way the controlled evidence pointed, year by year.
const STRIP_H: f64 = 14.0;

/// One shared chart: a band per treatment, rungs on the y axis, years on a common x axis, the
/// highest rung reached drawn as a filled step, ✗/✓ where negative/positive controlled trials
/// reported. Reading down compares treatments year by year.
/// One band of the chart: the treatment's name, its ladder and its direction year by year.
type Band<'a> = (
    String,
    &'a TreatmentSummary,
    Vec<(i32, Category, Option<Direction>)>,
);

fn ladder_chart(rows: &[Band], from: i32, to: i32) -> Html {
    let levels = Level::ALL;
    let band_h = RUNG * levels.len() as f64;
    let span = (to - from + 1).max(1) as f64;
    let x = |y: i32| LEFT + (y - from) as f64 / span * (W - LEFT - RIGHT);
    let bw = (W - LEFT - RIGHT) / span;
    let height = rows.len() as f64 * (band_h + BAND_GAP) + 30.0;
    let step = [1, 2, 5, 10]
        .into_iter()
        .find(|s| span / *s as f64 <= 12.0)
        .unwrap_or(10);
    let years: Vec<i32> = (from..=to).filter(|y| y % step == 0).collect();
    html! {
        <div class="ladder-scroll">
        <svg class="ladder" viewBox={format!("0 0 {} {}", num(W), num(height))} role="img"
            aria-label="Evidence ladders of the chosen treatments on one time axis; the milestones under each treatment give the same information as text">
            { for years.iter().map(|yr| html! {
                <g class="ladder-grid">
                    <line x1={num(x(*yr))} x2={num(x(*yr))} y1="0" y2={num(height - 22.0)} />
                    <text x={num(x(*yr))} y={num(height - 8.0)} text-anchor="middle" class="ladder-year">{ yr.to_string() }</text>
                </g>
            }) }
            { for rows.iter().enumerate().map(|(bi, (name, sum, dirs))| {
                let top = bi as f64 * (band_h + BAND_GAP) + 20.0;
                let y_of = |l: Level| top + band_h - (l.rank() as f64 + 1.0) * RUNG;
                html! {
                    <g class="ladder-band">
                        <text x="0" y={num(top - 6.0)} class="ladder-name">{ name.clone() }</text>
                        { for levels.iter().map(|l| html! {
                            <g>
                                <line x1={num(LEFT)} x2={num(W - RIGHT)} y1={num(y_of(*l) + RUNG)} y2={num(y_of(*l) + RUNG)} class="ladder-rung" />
                                <text x={num(LEFT - 6.0)} y={num(y_of(*l) + RUNG - 4.0)} text-anchor="end" class="ladder-rung-label">{ l.label() }</text>
                            </g>
                        }) }
                        { for sum.years.iter().filter(|y| y.year >= from && y.year <= to).map(|y| {
                            let bar = y.level.map(|l| {
                                let t = y_of(l);
                                html! { <rect x={num(x(y.year))} y={num(t)} width={num(bw.max(1.0))} height={num(top + band_h - t)} class={format!("ladder-bar lvl-{}", l.rank())} /> }
                            });
                            html! { <g>{ for bar }</g> }
                        }) }
                        <text x={num(LEFT - 6.0)} y={num(top + band_h + 6.0 + STRIP_H - 3.0)} text-anchor="end" class="ladder-rung-label dir-label">{ "Trials found" }</text>
                        { for dirs.iter().enumerate().filter(|(_, d)| d.0 >= from && d.0 <= to).map(|(k, (year, _, dir))| {
                            let Some(dir) = dir else { return html! {} };
                            let changed = k == 0 || dirs[k - 1].2 != Some(*dir);
                            let sy = top + band_h + 6.0;
                            html! {
                                <g class={format!("dir dir-{}", dir.key())}>
                                    <rect x={num(x(*year))} y={num(sy)} width={num(bw.max(1.0))} height={num(STRIP_H)} class="dir-cell" />
                                    if changed {
                                        <text x={num(x(*year) + 2.0)} y={num(sy + STRIP_H - 3.0)} class="dir-icon">{ dir.icon() }</text>
                                    }
                                </g>
                            }
                        }) }
                    </g>
                }
            }) }
        </svg>
        </div>
    }
}

#[function_component(CompareView)]
pub fn compare_view(props: &CompareProps) -> Html {
    let session = Session::get();
    let data = session.data;
    let today_year = session.today.floor() as i32;
    let on = &props.on_action;
    let verdicts = session.verdicts();

    let chosen: Vec<usize> = props
        .treatments
        .iter()
        .filter_map(|k| data.treatment_index(k))
        .collect();
    let summaries: Vec<(usize, TreatmentSummary)> = chosen
        .iter()
        .map(|&ti| {
            let idx: Vec<usize> = (0..data.studies().len())
                .filter(|&i| data.treatment_of[i] == ti)
                .collect();
            let refs: Vec<&crate::model::Study> = idx.iter().map(|&i| &data.studies()[i]).collect();
            (ti, summarise(&refs, &idx, today_year))
        })
        .collect();
    let from = summaries
        .iter()
        .filter_map(|(_, s)| s.first_year)
        .min()
        .unwrap_or(today_year - 10);
    let to = today_year;

    let mut options: Vec<(usize, &crate::model::Treatment)> =
        data.treatments().iter().enumerate().collect();
    crate::order::sort_caseless(&mut options, &|(_, t)| t.name.clone());
    let full = props.treatments.len() >= MAX_COMPARE;
    // Studies per treatment in one pass (not one scan of every study per option).
    let mut per_treatment = vec![0usize; data.treatments().len()];
    for &t in &data.treatment_of {
        per_treatment[t] += 1;
    }

    html! {
        <section class="compare" aria-labelledby="compare-h">
            <h2 id="compare-h">{ "Compare treatments" }</h2>
            <p class="hint">{ format!("Choose 2 to {MAX_COMPARE} treatments. The chart shows, year by year on one shared time axis, how each treatment had been tested (the highest rung of the ladder it reached) and, in the strip under it, which way the controlled trials pointed: ✓ for benefit, ✗ against, ± unclear. A high rung with a ✗ strip means a well-tested treatment that did not work. The columns below give the verdict and the numbers.") }</p>
            <details class="compare-pick" open={chosen.len() < 2}>
                <summary>{ format!("Choose treatments ({} of {MAX_COMPARE} chosen)", chosen.len()) }</summary>
                if chosen.is_empty() {
                    <p>
                        <button type="button" class="suggest" onclick={{
                            let on = on.clone();
                            Callback::from(move |_| for k in SUGGESTED { on.emit(Action::ToggleCompare(k.to_string())) })
                        }}>{ "Start with rituximab, rapamycin, low-dose naltrexone and rintatolimod" }</button>
                    </p>
                }
                <ul class="compare-options">
                    { for options.iter().map(|(ti, t)| {
                        let checked = props.treatments.contains(&t.key);
                        let key = t.key.clone();
                        let on = on.clone();
                        let id = format!("cmp-{}", t.key);
                        let n = per_treatment[*ti];
                        html! {
                            <li>
                                <input type="checkbox" id={id.clone()} checked={checked} disabled={full && !checked}
                                    onchange={Callback::from(move |_: Event| on.emit(Action::ToggleCompare(key.clone())))} />
                                <label for={id}>{ &t.name }{ format!(" ({n})") }</label>
                            </li>
                        }
                    }) }
                </ul>
            </details>
            if !summaries.is_empty() {
                { ladder_chart(&summaries.iter().map(|(ti, s)| {
                    (data.treatments()[*ti].name.clone(), s, session.by_year(*ti, from, to))
                }).collect::<Vec<_>>(), from, to) }
            }
            <div class={format!("compare-grid cols-{}", summaries.len().max(1))}>
                { for summaries.iter().map(|(ti, sum)| {
                    let t = &data.treatments()[*ti];
                    let steps: Vec<String> = sum.years.iter().scan(None, |prev: &mut Option<Level>, y| {
                        let changed = y.level != *prev && y.level.is_some();
                        *prev = y.level.or(*prev);
                        Some((y, changed))
                    }).filter_map(|(y, changed)| {
                        let mut parts = Vec::new();
                        if changed { parts.push(format!("reached {}", y.level.map(|l| l.label()).unwrap_or(""))); }
                        for &i in &y.new_studies {
                            let s = &data.studies()[i];
                            if matches!(s.evidence, Evidence::Negative | Evidence::Positive | Evidence::Refuted) {
                                parts.push(format!("{} {} ({})", evidence_icon(s.evidence), s.evidence.label().to_ascii_lowercase(), crate::timeline::labels::phase_words(s.phase).to_ascii_lowercase()));
                            }
                        }
                        (!parts.is_empty()).then(|| format!("{}: {}", y.year, parts.join("; ")))
                    }).collect();
                    let ongoing: Vec<&crate::model::Study> = data.studies().iter().enumerate()
                        .filter(|(i, s)| data.treatment_of[*i] == *ti && matches!(s.evidence, Evidence::Ongoing | Evidence::Planned))
                        .map(|(_, s)| s).collect();
                    html! {
                        <article class="compare-col" data-treatment={t.key.clone()}>
                            <h3>{ &t.name }</h3>
                            <p class="compare-mech">{ t.mechanism.label() }{ " · " }{ &t.target }</p>
                            { super::treatments::verdict_head(&verdicts[*ti]) }
                            <p class="compare-highest">
                                { "How it has been tested (highest rung, not what was found): " }
                                <strong>{ sum.highest.map(|l| l.label()).unwrap_or("none yet") }</strong>
                            </p>
                            <dl class="compare-facts">
                                <dt>{ "Studies" }</dt><dd data-fact="studies">{ sum.studies }</dd>
                                <dt>{ "People studied" }</dt><dd data-fact="people">{ sum.people }{ if sum.people_unknown > 0 { format!(" (+ {} studies with no numbers)", sum.people_unknown) } else { String::new() } }</dd>
                                <dt>{ "Positive controlled trials" }</dt><dd data-fact="positive">{ sum.positive_rcts }</dd>
                                <dt>{ "Negative controlled trials" }</dt><dd data-fact="negative">{ sum.negative_rcts }</dd>
                                <dt>{ "Ongoing or planned" }</dt><dd data-fact="ongoing">{ sum.ongoing }</dd>
                            </dl>
                            <h4>{ "Milestones" }</h4>
                            if steps.is_empty() {
                                <p class="nr">{ "No results published yet." }</p>
                            } else {
                                <ul class="milestones">{ for steps.iter().map(|s| html! { <li>{ s }</li> }) }</ul>
                            }
                            if !ongoing.is_empty() {
                                <h4>{ "What is running now" }</h4>
                                <ul class="ongoing">
                                    { for ongoing.iter().map(|s| {
                                        let on = on.clone();
                                        let id = s.id.clone();
                                        html! { <li><button type="button" class="linkish" data-study-id={s.id.clone()}
                                            onclick={Callback::from(move |_| on.emit(Action::OpenStudy(id.clone())))}>{ &s.title }</button></li> }
                                    }) }
                                </ul>
                            }
                        </article>
                    }
                }) }
            </div>
            if !summaries.is_empty() {
                <p class="ladder-key">
                    { "Rungs, lowest to highest: " }
                    { Level::ALL.iter().map(|l| format!("{} ({})", l.label(), l.definition())).collect::<Vec<_>>().join("; ") }
                    { ". A negative trial does not raise a treatment up the ladder; it turns the strip under it to ✗ (against benefit). The strip follows the verdict rules of What we know, applied to the results public by the end of each year." }
                </p>
            }
        </section>
    }
}
