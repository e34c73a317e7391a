// Whole-page behaviour a visitor sees: filters and facet counts, search, timeline keyboard use,
// the study detail, the table, the comparison, back/forward, bad links, themes and axe-core.
// Expected numbers are computed from data/studies.json, never copied from the page.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { serve } from './server.mjs';
import { launch, newPage } from './browser.mjs';
import {
  DIST, SHOTS, loadData, countEvidence, countMechanism, countTreatment, searchStudies, countOf, mounted,
  overdueStudies,
} from './support.mjs';

const data = loadData();
const N = data.studies.length;
const STUDY = 'ruan-2025-rapamycin-pilot';

let server;
let browser;

before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), 'dist/index.html missing: run scripts/build.sh');
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await serve({ '/': DIST });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page (own context) at `query`, mounted and showing its count. */
async function open(query = '', options) {
  const page = await newPage(browser, server.url, options);
  try {
    await page.goto(`${server.url}/${query}`);
    await mounted(page);
  } catch (e) {
    await page.context().close();
    throw e;
  }
  return page;
}

/** Runs `fn(page)` on a fresh page and always closes its context. */
async function withPage(query, fn, options) {
  const page = await open(query, options);
  try {
    await fn(page);
  } finally {
    await page.context().close();
  }
}

/** Waits until #count-live says `n studies`. */
async function waitCount(page, n) {
  await page.waitForFunction(
    (want) => document.querySelector('#count-live')?.textContent.trim() === want,
    `${n} studies`,
    { timeout: 10000 },
  ).catch(() => {});
  assert.equal((await page.textContent('#count-live')).trim(), `${n} studies`);
}

/** Waits until `pred(arg)`, run in the page, is true (e.g. about the query string). */
async function waitUrl(page, pred, what, arg = null) {
  await page.waitForFunction(pred, arg, { timeout: 10000 }).catch(() => {});
  assert.ok(await page.evaluate(pred, arg), `${what}; URL is ${page.url()}`);
}

const params = (page) => new URL(page.url()).searchParams;

describe('filters', () => {
  it('"Positive controlled trial" narrows to the positive studies and writes status=positive; Reset all restores', async () => {
    const positive = countEvidence(data, 'positive');
    assert.ok(positive > 0 && positive < N);
    await withPage('', async (page) => {
      await waitCount(page, N);
      await page.check('input[data-facet="status"][data-value="positive"]');
      await waitCount(page, positive);
      await waitUrl(page, () => new URLSearchParams(location.search).get('status') === 'positive', 'URL has status=positive');
      await page.click('button.reset');
      await waitCount(page, N);
      await waitUrl(page, () => !new URLSearchParams(location.search).has('status'), 'status gone from the URL');
      assert.equal(await page.isChecked('input[data-facet="status"][data-value="positive"]'), false);
      assert.ok(await page.isDisabled('button.reset'), 'Reset all is disabled with no filters');
      assert.deepEqual(page.problems, []);
    });
  });

  it('each evidence option shows the number of studies with that evidence', async () => {
    await withPage('', async (page) => {
      const opts = await page.locator('input[data-facet="status"]').evaluateAll((els) => els.map((e) => ({
        key: e.getAttribute('data-value'),
        count: e.closest('.opt').querySelector('.opt-count').textContent.trim(),
        label: e.closest('.opt').querySelector('.opt-count').getAttribute('aria-label'),
      })));
      const keys = new Set(data.studies.map((s) => s.evidence));
      for (const k of keys) assert.ok(opts.some((o) => o.key === k), `no option for evidence ${k}`);
      for (const o of opts) {
        const n = countEvidence(data, o.key);
        assert.equal(o.count, n === 0 ? '0 — none match' : String(n), `count for ${o.key}`);
        assert.equal(o.label, `${n} studies`, `aria-label for ${o.key}`);
      }
    });
  });

  it('search "rituximab" narrows by treatment, title, authors and result; empty options are marked zero', async () => {
    const q = 'rituximab';
    const hits = searchStudies(data, q);
    assert.ok(hits.length > 0 && hits.length < N);
    await withPage('', async (page) => {
      await page.fill('#search', q);
      await waitCount(page, hits.length);
      await waitUrl(page, () => new URLSearchParams(location.search).get('q') === 'rituximab', 'URL has q=rituximab');
      // Under the search, an evidence option is "zero" exactly when no matching study has it.
      const zeroExpected = new Set(
        [...new Set(data.studies.map((s) => s.evidence))].filter((ev) => !hits.some((s) => s.evidence === ev)),
      );
      assert.ok(zeroExpected.size > 0, 'the dataset leaves some evidence option empty under the search');
      const opts = await page.locator('input[data-facet="status"]').evaluateAll((els) => els.map((e) => ({
        key: e.getAttribute('data-value'),
        zero: e.closest('.opt').classList.contains('zero'),
        count: e.closest('.opt').querySelector('.opt-count').textContent.trim(),
      })));
      for (const o of opts) {
        const n = hits.filter((s) => s.evidence === o.key).length;
        assert.equal(o.zero, n === 0, `option ${o.key} zero class (expected ${n} studies)`);
        assert.equal(o.count, n === 0 ? '0 — none match' : String(n), `count for ${o.key}`);
      }
      // Zero options stay visible.
      assert.ok(await page.locator('.opt.zero').first().isVisible(), 'a zero option is visible');
      // Every timeline mark is one of the hits.
      const ids = new Set(hits.map((s) => s.id));
      const shown = await page.locator('.tl-scroll [data-study-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-study-id')));
      assert.ok(shown.length > 0);
      for (const id of shown) assert.ok(ids.has(id), `mark ${id} does not match the search`);
    });
  });

  it('a multi-word search needs every word', async () => {
    const q = 'rituximab  placebo';
    const hits = searchStudies(data, q);
    await withPage('', async (page) => {
      await page.fill('#search', q);
      await waitCount(page, hits.length);
    });
  });
});

describe('timeline keyboard', () => {
  it('arrows move the focus, Enter opens, Escape in the detail closes, + zooms, 0 fits all', async () => {
    await withPage('', async (page) => {
      const scroll = page.locator('.tl-scroll');
      const fitted = (await page.textContent('.tl-range')).trim();
      await scroll.focus();
      await page.keyboard.press('ArrowRight');
      await page.waitForSelector('.mark.focused');
      const focused = page.locator('.mark.focused');
      assert.equal(await focused.count(), 1);
      const markId = await focused.getAttribute('id');
      const studyId = await focused.getAttribute('data-study-id');
      assert.ok(markId, 'focused mark has an id');
      assert.equal(await scroll.getAttribute('aria-activedescendant'), markId);
      assert.equal(await focused.getAttribute('aria-selected'), 'true');

      await page.keyboard.press('Enter');
      await page.waitForSelector(`section.detail[data-study-id="${studyId}"]`);
      await waitUrl(page, () => new URLSearchParams(location.search).has('study'), 'URL has study=');
      assert.equal(params(page).get('study'), studyId);

      await page.focus('section.detail');
      await page.keyboard.press('Escape');
      await page.waitForSelector('section.detail', { state: 'detached' });
      await waitUrl(page, () => !new URLSearchParams(location.search).has('study'), 'study gone from the URL');

      await scroll.focus();
      await page.keyboard.press('+');
      await page.waitForFunction((before) => document.querySelector('.tl-range').textContent.trim() !== before, fitted);
      await waitUrl(page, () => new URLSearchParams(location.search).has('window'), 'URL has window=');
      await page.keyboard.press('0');
      await page.waitForFunction((before) => document.querySelector('.tl-range').textContent.trim() === before, fitted);
      await waitUrl(page, () => !new URLSearchParams(location.search).has('window'), 'window gone from the URL');
      assert.deepEqual(page.problems, []);
    });
  });
});

describe('timeline mouse', () => {
  it('Ctrl + wheel zooms in, a left-button drag pans, Shift + wheel pans', async () => {
    await withPage('', async (page) => {
      const win = () => {
        const w = new URL(page.url()).searchParams.get('window');
        if (!w) return null;
        const [from, to] = w.split('..').map(Number);
        return { from, to, span: to - from };
      };
      const box = await page.locator('.tl-svg').boundingBox();
      const x = box.x + box.width / 2;
      const y = box.y + Math.min(80, box.height / 2);
      const fitted = (await page.textContent('.tl-range')).trim();
      await page.mouse.move(x, y);
      // Ctrl + wheel up: zoom in around the pointer (the span shrinks, the URL gets window=).
      await page.keyboard.down('Control');
      await page.mouse.wheel(0, -100);
      await page.keyboard.up('Control');
      await waitUrl(page, () => new URLSearchParams(location.search).has('window'), 'URL has window= after Ctrl+wheel');
      await page.waitForFunction((before) => document.querySelector('.tl-range').textContent.trim() !== before, fitted);
      const zoomed = win();
      assert.ok(zoomed && zoomed.span > 0, JSON.stringify(zoomed));
      // A drag to the left by 200 px shows later years: both ends move forward, the span stays.
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x - 100, y, { steps: 4 });
      await page.mouse.move(x - 200, y, { steps: 4 });
      await page.mouse.up();
      await waitUrl(page, (from) => Number(new URLSearchParams(location.search).get('window')?.split('..')[0]) > from, 'the window moved later after the drag', zoomed.from);
      const dragged = win();
      assert.ok(dragged.from > zoomed.from && dragged.to > zoomed.to, JSON.stringify({ zoomed, dragged }));
      assert.ok(Math.abs(dragged.span - zoomed.span) < 0.02, JSON.stringify({ zoomed, dragged }));
      // Shift + wheel down pans later too; a plain wheel leaves the window alone (it scrolls lanes).
      await page.keyboard.down('Shift');
      await page.mouse.wheel(0, 100);
      await page.keyboard.up('Shift');
      await waitUrl(page, (from) => Number(new URLSearchParams(location.search).get('window')?.split('..')[0]) > from, 'the window moved later after Shift+wheel', dragged.from);
      const shifted = win();
      await page.mouse.wheel(0, 100);
      await page.waitForTimeout(300);
      assert.deepEqual(win(), shifted);
      assert.deepEqual(page.problems, []);
    });
  });
});

describe('detail', () => {
  it(`?study=${STUDY} shows attrition, the checklist and a DOI source`, async () => {
    await withPage(`?study=${STUDY}`, async (page) => {
      const detail = page.locator(`section.detail[data-study-id="${STUDY}"]`);
      await detail.waitFor();
      const att = await detail.locator('[data-attrition]').textContent();
      const people = data.studies.find((s) => s.id === STUDY).people;
      for (const n of [people.enrolled, people.completed, people.analysed]) {
        const want = n === null ? 'not reported' : String(n);
        assert.ok(att.includes(want), `attrition "${att}" lacks ${want}`);
      }
      assert.equal(await detail.locator('[data-check]').count(), 7);
      const randomised = detail.locator('[data-check="randomised"]');
      assert.ok((await randomised.textContent()).includes('No'));
      assert.equal((await randomised.locator('.check-answer').textContent()).trim(), 'No');
      const hrefs = await detail.locator('.sources a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(hrefs.some((h) => h.startsWith('https://doi.org/')), `no DOI link in ${hrefs.join(', ')}`);
      assert.deepEqual(page.problems, []);
    });
  });
});

describe('harms, reporting and overdue results', () => {
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const human = (d) => {
    const [y, m, day] = d.split('-');
    return [day && String(Number(day)), m && MONTHS[Number(m) - 1], y].filter(Boolean).join(' ');
  };

  it('a controlled trial with serious adverse events per group shows both numbers under "Harms and side effects"', async () => {
    const perGroup = (x) => Number.isInteger(x.harms?.serious_treatment) && Number.isInteger(x.harms?.serious_control);
    // Prefer a trial where someone had a serious event (RituxME), else any with both counts.
    const s = data.studies.find((x) => perGroup(x) && x.harms.serious_treatment + x.harms.serious_control > 0)
      ?? data.studies.find(perGroup);
    assert.ok(s, 'the dataset has a study with serious adverse events reported per group');
    await withPage(`?study=${s.id}`, async (page) => {
      const harms = page.locator(`section.detail[data-study-id="${s.id}"] ul[data-harms]`);
      await harms.waitFor();
      const text = await harms.textContent();
      const people = (n) => (n === 1 ? '1 person' : `${n} people`);
      const { serious_treatment: t, serious_control: c } = s.harms;
      if (t === 0 && c === 0) {
        assert.ok(text.includes('Serious adverse events: none in either group.'), text);
      } else {
        assert.ok(text.includes(`${people(t)} on the treatment`), text);
        assert.ok(text.includes(`${people(c)} in the comparison group`), text);
      }
      if (s.harms.summary) assert.ok(text.includes(s.harms.summary), text);
      // Harms come straight after the result, before the caveats and the design.
      const order = await page.evaluate(() => [...document.querySelectorAll('section.detail h3')].map((h) => h.textContent));
      assert.equal(order[0], 'What was found');
      assert.equal(order[1], 'Harms and side effects');
      assert.deepEqual(page.problems, []);
    });
  });

  it('a study whose source is silent on harms says "Not reported", never "none"', async () => {
    const s = data.studies.find((x) => Object.values(x.harms ?? {}).every((v) => v === null));
    assert.ok(s, 'some study reports nothing on harms');
    await withPage(`?study=${s.id}`, async (page) => {
      const p = page.locator('section.detail [data-harms="none"]');
      await p.waitFor();
      assert.match(await p.textContent(), /^Not reported/);
    });
  });

  it('a preprint-only result is marked as not peer-reviewed in the detail view', async () => {
    const s = data.studies.find((x) => x.reported_in === 'preprint');
    assert.ok(s, 'the dataset has a preprint-only result');
    await withPage(`?study=${s.id}`, async (page) => {
      const p = page.locator('section.detail .detail-reported.unreviewed');
      await p.waitFor();
      assert.match(await p.textContent(), /Reported in: Preprint\./);
      assert.equal(await p.getAttribute('data-reported-in'), 'preprint');
    });
  });

  it('"Results overdue" lists exactly the trials the documented rule flags, and each says so', async () => {
    const overdue = overdueStudies(data);
    assert.ok(overdue.length > 0, 'the dataset has overdue trials');
    await withPage('?design=overdue', async (page) => {
      await waitCount(page, overdue.length);
    });
    await withPage(`?study=${overdue[0].id}`, async (page) => {
      const p = page.locator('section.detail [data-overdue]');
      await p.waitFor();
      assert.match(await p.textContent(), /^Results overdue: this registered trial/);
      assert.ok((await p.textContent()).includes(human(overdue[0].end)));
    });
    // A study with a journal paper is never flagged.
    const published = data.studies.find((x) => x.reported_in === 'journal');
    await withPage(`?study=${published.id}`, async (page) => {
      await page.locator('section.detail').waitFor();
      assert.equal(await page.locator('section.detail [data-overdue]').count(), 0);
    });
  });

  it('"About this data" states the inclusion rules and the cut-off date', async () => {
    await withPage('', async (page) => {
      await page.click('#about-data summary');
      const text = await page.locator('#about-data').innerText();
      assert.ok(text.includes(data.inclusion), 'inclusion rules shown');
      assert.ok(text.includes(`searched up to ${human(data.cutoff)}`), text);
      assert.ok(text.includes(`${N} studies of ${data.treatments.length} treatments`), text);
    });
  });
});

describe('table', () => {
  it('renders an accessible table, one row per study shown, sortable by people analysed', async () => {
    await withPage('?status=positive~negative', async (page) => {
      await page.click('[data-view-button="table"]');
      await page.waitForSelector('table.study-table');
      await waitUrl(page, () => new URLSearchParams(location.search).get('view') === 'table', 'URL has view=table');
      assert.equal(await page.getAttribute('[data-view-button="table"]', 'aria-pressed'), 'true');
      // The print summary holds a second, hidden table; the view's table is the one in #results.
      const table = page.locator('#results table');
      assert.equal(await table.count(), 1);
      assert.ok((await table.locator('caption').textContent()).trim().length > 0, 'caption has text');
      assert.equal(await table.locator('thead th[scope=col]').count(), 7);
      const shown = countOf(await page.textContent('#count-live'));
      assert.equal(shown, countEvidence(data, 'positive') + countEvidence(data, 'negative'));
      assert.equal(await table.locator('tr[data-study-id]').count(), shown);

      const th = table.locator('th[data-col="people"]');
      const button = th.locator('button', { hasText: 'People analysed' });
      await button.click();
      await page.waitForFunction(() => document.querySelector('th[data-col="people"]').getAttribute('aria-sort') === 'ascending');
      const nums = async () => (await table.locator('tr[data-study-id] td.num').allTextContents())
        .map((t) => Number(t.trim())).filter((n) => Number.isFinite(n));
      const asc = await nums();
      assert.deepEqual(asc, [...asc].sort((a, b) => a - b), 'ascending order');
      await button.click();
      await page.waitForFunction(() => document.querySelector('th[data-col="people"]').getAttribute('aria-sort') === 'descending');
      const desc = await nums();
      assert.deepEqual(desc, [...desc].sort((a, b) => b - a), 'descending order');
      await waitUrl(page, () => new URLSearchParams(location.search).get('sort') === '-people', 'URL has sort=-people');
      assert.ok(page.url().includes('sort=-people'));
      // Only one column is sorted.
      assert.equal(await table.locator('th[aria-sort="none"]').count(), 6);
      assert.deepEqual(page.problems, []);
    });
  });
});

describe('page size', () => {
  // Nothing may stick out below the widget: a page that scrolls on into emptiness is confusing,
  // and an embedding frame would get a scrollbar.
  for (const [name, query] of [['timeline', ''], ['table', '?view=table'], ['detail', `?study=${STUDY}`], ['compare', '?view=compare&treat=rituximab~rapamycin']]) {
    it(`the ${name} view adds no empty scroll space below the widget`, async () => {
      await withPage(query, async (page) => {
        const { doc, app, culprit } = await page.evaluate(() => {
          const bottom = document.querySelector('.app').getBoundingClientRect().bottom + scrollY;
          // Out-of-flow boxes escape scroll containers that are not their containing block.
          let far = null;
          for (const e of document.querySelectorAll('.app *')) {
            const r = e.getBoundingClientRect();
            const b = r.bottom + scrollY;
            const pos = getComputedStyle(e).position;
            if (r.width > 0 && r.height > 0 && b > bottom + 32 && (pos === 'absolute' || pos === 'fixed') && (!far || b > far.b)) {
              far = { b: Math.round(b), position: pos, what: `${e.tagName.toLowerCase()}.${e.getAttribute('class')} in ${e.parentElement.closest('[class]')?.getAttribute('class')}` };
            }
          }
          return { doc: document.documentElement.scrollHeight, app: Math.ceil(bottom), culprit: far };
        });
        assert.ok(doc <= app + 32, `page is ${doc}px tall but the widget ends at ${app}px; furthest element: ${JSON.stringify(culprit)}`);
      });
    });
  }
});

describe('compare', () => {
  it('?view=compare&treat=rituximab~rapamycin shows both columns with the dataset counts', async () => {
    await withPage('?view=compare&treat=rituximab~rapamycin', async (page) => {
      await page.waitForSelector('article.compare-col');
      const cols = page.locator('article.compare-col');
      assert.equal(await cols.count(), 2);
      assert.deepEqual(await cols.evaluateAll((els) => els.map((e) => e.dataset.treatment)), ['rituximab', 'rapamycin']);
      for (const key of ['rituximab', 'rapamycin']) {
        const n = await page.textContent(`article.compare-col[data-treatment="${key}"] [data-fact="studies"]`);
        assert.equal(Number(n.trim()), countTreatment(data, key), `studies for ${key}`);
      }
      const neg = await page.textContent('article.compare-col[data-treatment="rituximab"] [data-fact="negative"]');
      assert.ok(Number(neg.trim()) >= 1, `rituximab negative trials: ${neg}`);
      assert.deepEqual(page.problems, []);
    });
  });

  it('the evidence ladder does not paint its bars over its rung labels', async () => {
    await withPage('?view=compare&treat=rituximab~rapamycin', async (page) => {
      await page.waitForSelector('svg.ladder .ladder-bar');
      // SVG paints in document order: a bar after a label and overlapping it hides the text.
      const hidden = await page.locator('svg.ladder').evaluateAll((svgs) => svgs.flatMap((svg) => {
        const col = svg.closest('article')?.dataset.treatment;
        const all = [...svg.querySelectorAll('.ladder-rung-label, .ladder-bar')];
        const out = [];
        all.forEach((label, i) => {
          if (!label.classList.contains('ladder-rung-label')) return;
          const a = label.getBBox();
          const covering = all.slice(i + 1).filter((bar) => {
            if (!bar.classList.contains('ladder-bar')) return false;
            const b = bar.getBBox();
            return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
          });
          if (covering.length) out.push(`${col}: "${label.textContent}" is under ${covering.length} bar(s)`);
        });
        return out;
      }));
      assert.deepEqual(hidden, [], `rung labels hidden by bars:\n${hidden.join('\n')}`);
    });
  });
});

describe('history', () => {
  it('back and forward restore the exact previous views', async () => {
    const positive = countEvidence(data, 'positive');
    await withPage('', async (page) => {
      const box = 'input[data-facet="status"][data-value="positive"]';
      await page.check(box);
      await waitCount(page, positive);
      await waitUrl(page, () => location.search === '?status=positive', 'filter pushed');
      const filteredUrl = page.url();

      const mark = page.locator('.tl-scroll .mark[data-study-id]').first();
      const id = await mark.getAttribute('data-study-id');
      await mark.click();
      await page.waitForSelector(`section.detail[data-study-id="${id}"]`);
      await waitUrl(page, () => new URLSearchParams(location.search).has('study'), 'study pushed');

      await page.goBack();
      await page.waitForSelector('section.detail', { state: 'detached' });
      assert.equal(page.url(), filteredUrl);
      await waitCount(page, positive);
      assert.equal(await page.isChecked(box), true, 'filter still on');

      await page.goBack();
      await waitCount(page, N);
      assert.equal(await page.isChecked(box), false, 'filter removed');
      assert.equal(new URL(page.url()).search, '');

      await page.goForward();
      await waitCount(page, positive);
      assert.equal(await page.isChecked(box), true, 'filter re-applied');
      assert.equal(page.url(), filteredUrl);
      assert.equal(await page.locator('section.detail').count(), 0);
      assert.deepEqual(page.problems, []);
    });
  });
});

describe('URL robustness', () => {
  it('a link with bad parts says what was ignored and applies the rest', async () => {
    await withPage('?foo=1&phase=7&years=2025..2010&mech=immune', async (page) => {
      const notice = page.locator('[data-notice]');
      await notice.waitFor();
      const text = await notice.textContent();
      for (const part of ['foo', '7', '2025..2010']) assert.ok(text.includes(part), `notice "${text}" does not mention ${part}`);
      await waitCount(page, countMechanism(data, 'immune'));
      assert.equal(await page.isChecked('input[data-facet="mech"][data-value="immune"]'), true);
      await notice.locator('button.notice-close').click();
      await notice.waitFor({ state: 'detached' });
      assert.equal(await page.locator('[data-notice]').count(), 0);
      assert.deepEqual(page.problems, []);
    });
  });

  it('a 100 KB query string does not crash the widget', async () => {
    const junk = `mech=immune&q=${'x'.repeat(50 * 1024)}&${'z=1&'.repeat(13 * 1024)}`;
    assert.ok(junk.length >= 100 * 1024);
    // Node's HTTP server (like most servers) refuses request lines over 16 KB with 431, so the
    // page itself is answered from dist/ by the browser; the app still sees the whole URL.
    const html = fs.readFileSync(path.join(DIST, 'index.html'));
    const page = await newPage(browser, server.url);
    try {
      await page.route((u) => u.pathname === '/' && u.search.length > 1000, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
      await page.goto(`${server.url}/?${junk}`);
      await mounted(page);
      assert.equal((await page.evaluate(() => location.search.length)) - 1, junk.length, 'the app got the long URL');
      assert.ok(await page.locator('#count-live').isVisible());
      countOf(await page.textContent('#count-live'));
      await page.locator('[data-notice]').first().waitFor();
      // Later back/forward to a long URL is handled too.
      await page.evaluate((q) => {
        history.pushState(null, '', `?${q}`);
        dispatchEvent(new PopStateEvent('popstate'));
      }, `status=positive&${'y=2&'.repeat(26 * 1024)}`);
      assert.ok(await page.locator('#count-live').isVisible());
      countOf(await page.textContent('#count-live'));
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  });
});

describe('themes', () => {
  for (const theme of ['dark', 'calm']) {
    it(`choosing ${theme} sets .theme-${theme} and theme=${theme}`, async () => {
      await withPage('', async (page) => {
        await page.selectOption('#theme', theme);
        await page.waitForSelector(`.app.theme-${theme}`);
        await waitUrl(page, (t) => new URLSearchParams(location.search).get('theme') === t, `URL has theme=${theme}`, theme);
        assert.equal(params(page).get('theme'), theme);
        assert.deepEqual(page.problems, []);
      });
    });
  }
});

describe('axe-core: no WCAG 2.2 AA violations', () => {
  const views = {
    timeline: { query: '', wait: '.tl-scroll .mark' },
    table: { query: 'view=table', wait: 'table.study-table tr[data-study-id]' },
    detail: { query: `study=${STUDY}`, wait: 'section.detail' },
    compare: { query: 'view=compare&treat=rituximab~rapamycin', wait: 'article.compare-col' },
    treatments: { query: 'view=treatments', wait: 'li.tx-card' },
    handout: { query: 'view=treatments&treat=rituximab', wait: 'article.handout' },
  };
  for (const theme of ['light', 'dark']) {
    for (const [name, v] of Object.entries(views)) {
      it(`${name} view, ${theme} theme`, async () => {
        const q = v.query ? `?${v.query}&theme=${theme}` : `?theme=${theme}`;
        await withPage(q, async (page) => {
          await page.waitForSelector(v.wait);
          await page.waitForSelector(`.app.theme-${theme}`);
          await page.screenshot({ path: path.join(SHOTS, `${name}-${theme}.png`), fullPage: true });
          const results = await new AxeBuilder({ page })
            .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
            .analyze();
          // Name each node by its axe selector plus the nearest id (e.g. the timeline mark).
          const lines = [];
          for (const x of results.violations) {
            lines.push(`${x.id} (${x.impact}): ${x.help}`);
            for (const n of x.nodes) {
              const owner = n.target.length === 1
                ? await page.evaluate((sel) => document.querySelector(sel)?.closest('[id]')?.id ?? '', n.target[0]).catch(() => '')
                : '';
              const why = (n.failureSummary ?? '').split('\n').slice(1, 2).join(' ').trim();
              lines.push(`    ${JSON.stringify(n.target)}${owner ? ` in #${owner}` : ''}: ${why}`);
            }
          }
          const report = lines.join('\n');
          assert.equal(results.violations.length, 0, `axe violations in ${name}/${theme}:\n${report}`);
          assert.deepEqual(page.problems, []);
        });
      });
    }
  }
});
