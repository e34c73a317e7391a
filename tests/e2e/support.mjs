// Shared support for the Playwright tier: reads the dataset the widget embeds
// (data/studies.json) and computes, independently of the app, the numbers the tests expect to
// see on the page; parses CSV; waits for the widget with a useful failure message.
import fs from 'node:fs';
import { ready } from './browser.mjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// E2E_DIST=dir runs the tier against another build (default dist/, what scripts/test.sh builds).
export const DIST = path.resolve(ROOT, process.env.E2E_DIST || 'dist');
export const RESULTS = path.join(ROOT, 'test-results');
export const SHOTS = path.join(RESULTS, 'screenshots');

/** The dataset file, parsed. */
export function loadData() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'data/studies.json'), 'utf8'));
}

/** treatment key -> treatment record */
export function treatmentMap(data) {
  return new Map(data.treatments.map((t) => [t.key, t]));
}

/** Number of studies whose evidence key is `ev`. */
export function countEvidence(data, ev) {
  return data.studies.filter((s) => s.evidence === ev).length;
}

/** Number of studies of treatments with mechanism `mech`. */
export function countMechanism(data, mech) {
  const tm = treatmentMap(data);
  return data.studies.filter((s) => tm.get(s.treatment)?.mechanism === mech).length;
}

/** Number of studies of the treatment with key `key`. */
export function countTreatment(data, key) {
  return data.studies.filter((s) => s.treatment === key).length;
}

/**
 * The studies matching a free-text search, by the documented rule: treatment name, treatment
 * key, title, authors and result, lower-cased; every whitespace-separated term must occur.
 */
export function searchStudies(data, q) {
  const tm = treatmentMap(data);
  const terms = q.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return data.studies.filter((s) => {
    const t = tm.get(s.treatment);
    const hay = [t?.name, t?.key, s.title, s.authors, s.result]
      .filter((x) => typeof x === 'string')
      .map((x) => x.toLowerCase())
      .join('\n');
    return terms.every((term) => hay.includes(term));
  });
}

/** Parses RFC 4180 CSV (quoted fields may contain commas, quotes and newlines) into rows. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Parses the number out of "#count-live" text like "66 studies". */
export function countOf(text) {
  const m = /^(\d+) stud(y|ies)$/.exec(text.trim());
  if (!m) throw new Error(`not a count: ${JSON.stringify(text)}`);
  return Number(m[1]);
}

/** Like browser.mjs's ready(page), but a timeout says what the page reported (404s, CSP, …). */
export async function mounted(page) {
  try {
    await ready(page);
  } catch (e) {
    const boot = await page.locator('#mecfs-timeline').textContent().catch(() => '');
    throw new Error(`the widget did not mount at ${page.url().slice(0, 200)}: ${e.message.split('\n')[0]}\n` +
      `page text: ${boot.trim().slice(0, 300)}\nproblems:\n${page.problems.join('\n')}`);
  }
}

/**
 * The registered trials whose results are overdue at the dataset's cut-off, by the rule in
 * docs/DATA.md ("Results overdue"), written again here so the page is checked against the rule,
 * not against the app's own code: registered, ended more than 12 whole months before the cut-off,
 * no journal/preprint/registry/official report.
 */
export function overdueStudies(data) {
  const [cy, cm] = data.cutoff.split('-').map(Number);
  const cut = cy * 12 + (cm || 1) - 1;
  return data.studies.filter((s) => {
    if (!s.sources.some((x) => x.kind === 'registry') || !s.end) return false;
    if (['journal', 'preprint', 'registry', 'official'].includes(s.reported_in)) return false;
    const [ey, em] = s.end.split('-').map(Number);
    const end = ey * 12 + (em || 12) - 1;
    return cut - end - 1 > 12;
  });
}
