// "What we know": the Treatments view lists every treatment with its verdict, sorts, follows the
// filters without changing any verdict, links each treatment to its lane, its studies and compare,
// opens by default in calm mode, and gives a printable one-page handout per treatment. The lanes of
// the timeline carry the same verdict as a badge (icon and word).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './server.mjs';
import { launch, newPage } from './browser.mjs';
import { DIST, SHOTS, loadData, mounted } from './support.mjs';

const data = loadData();
let server;
let browser;

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await serve({ '/': DIST });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function withPage(query, fn, options) {
  const page = await newPage(browser, server.url, options);
  try {
    await page.goto(`${server.url}/${query}`);
    await mounted(page);
    await fn(page);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
}

const params = (page) => new URL(page.url()).searchParams;
const waitUrl = (page, pred, arg) => page.waitForFunction(pred, arg);
const card = (page, key) => page.locator(`li.tx-card[data-treatment="${key}"]`);

describe('What we know (view=treatments)', () => {
  it('lists every treatment with a verdict badge, headline, best evidence, harms and what is running', async () => {
    await withPage('?view=treatments', async (page) => {
      await page.waitForSelector('li.tx-card');
      assert.equal(await page.locator('li.tx-card').count(), data.treatments.length);
      assert.equal((await page.textContent('#tx-count')).trim(), `${data.treatments.length} of ${data.treatments.length} treatments`);
      // The cards are a list under a heading, each card headed by its treatment.
      assert.equal(await page.locator('section.treatments > h2').count(), 1);
      assert.equal(await page.locator('ol.tx-list > li > h3').count(), data.treatments.length);
      // Rituximab: a negative phase 3 of 151 people after a smaller mixed trial reads "no benefit".
      const r = card(page, 'rituximab');
      assert.match(await r.locator('.verdict-badge').textContent(), /✗\s*No benefit found/);
      assert.match(await r.textContent(), /151 people/);
      assert.match(await r.textContent(), /phase 3/i);
      assert.match(await r.textContent(), /2019/);
      // Rintatolimod: approved somewhere, naming the 2012 phase 3 of 234 people.
      const rin = card(page, 'rintatolimod');
      assert.match(await rin.locator('.verdict-badge').textContent(), /★\s*Approved somewhere/);
      assert.match(await rin.textContent(), /234 people/);
      // Graded exercise: dropped, never strong.
      assert.match(await card(page, 'graded-exercise-therapy').locator('.verdict-badge').textContent(), /Dropped/);
      // Immunoadsorption: nine records, no positive controlled trial: never a positive verdict.
      const ia = await card(page, 'immunoadsorption').locator('.verdict-badge').textContent();
      assert.doesNotMatch(ia, /Confirmed|One positive|Approved/);
      await page.screenshot({ path: path.join(SHOTS, 'treatments-default.png') });
    });
  });

  it('sorts by strength, name and most recent result', async () => {
    await withPage('?view=treatments', async (page) => {
      const names = () => page.locator('li.tx-card h3').allTextContents();
      const first = (await page.locator('li.tx-card').first().getAttribute('data-treatment'));
      assert.equal(first, 'rintatolimod', 'strongest first: the only treatment approved somewhere');
      await page.selectOption('#tx-order', 'name');
      await page.waitForFunction(() => document.querySelector('li.tx-card h3').textContent !== 'Rintatolimod (Ampligen)');
      const byName = await names();
      const sorted = [...byName].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), 'en'));
      assert.deepEqual(byName.map((x) => x.toLowerCase()).slice(0, 10), sorted.map((x) => x.toLowerCase()).slice(0, 10));
      await page.selectOption('#tx-order', 'recent');
      await page.waitForFunction((n) => document.querySelector('li.tx-card h3').textContent !== n, byName[0]);
      assert.equal(await page.locator('li.tx-card').count(), data.treatments.length);
    });
  });

  it('filters choose which treatments are listed, never a verdict', async () => {
    await withPage('?view=treatments', async (page) => {
      const before = await card(page, 'rituximab').locator('.verdict-badge').textContent();
      // Only positive controlled trials: rituximab has none, so it is not listed; a treatment
      // with one keeps its full verdict (its negative trials still count).
      await page.click('input[data-facet="status"][data-value="mixed"]');
      const withMixed = new Set(data.studies.filter((s) => s.evidence === 'mixed').map((s) => s.treatment));
      await page.waitForFunction((n) => document.querySelectorAll('li.tx-card').length === n, withMixed.size);
      assert.equal(await card(page, 'rituximab').locator('.verdict-badge').textContent(), before);
      assert.equal(await card(page, 'anakinra').count(), 0);
    });
  });

  it('links a treatment to its lane, its studies in the table, compare and its handout', async () => {
    await withPage('?view=treatments', async (page) => {
      await card(page, 'rituximab').getByRole('button', { name: 'On the timeline' }).click();
      await waitUrl(page, () => location.search.includes('treat=rituximab') && !location.search.includes('view='));
      await page.waitForSelector('.tl-svg g.lane[data-lane="rituximab"]');
      assert.equal(await page.locator('.tl-svg g.lane').count(), 1);
      assert.match(await page.locator('.tl-svg g.lane[data-lane="rituximab"] .lane-label').textContent(), /No benefit found/);
      await page.goBack();
      await page.waitForSelector('li.tx-card[data-treatment="rituximab"]');
      await card(page, 'rituximab').getByRole('button', { name: 'Studies in the table' }).click();
      await page.waitForSelector('table.study-table tr[data-study-id]');
      await waitUrl(page, () => new URLSearchParams(location.search).get('view') === 'table');
      const rows = data.studies.filter((s) => s.treatment === 'rituximab').length;
      assert.equal(await page.locator('table.study-table tr[data-study-id]').count(), rows);
      assert.equal(params(page).get('view'), 'table');
      await page.goBack();
      await card(page, 'rituximab').getByRole('button', { name: 'Compare' }).click();
      await page.waitForSelector('article.compare-col');
      // The address is written after the render that drew the columns: wait for it, not a time.
      await waitUrl(page, () => new URLSearchParams(location.search).get('view') === 'compare');
      await page.goBack();
      await card(page, 'rituximab').getByRole('button', { name: 'Handout to print' }).click();
      await page.waitForSelector('article.handout');
      await waitUrl(page, () => new URLSearchParams(location.search).get('treat') === 'rituximab');
    });
  });

  it('the handout prints on one page with the verdict, every study and its source, harms and the data date', async () => {
    await withPage('?view=treatments&treat=rituximab', async (page) => {
      await page.waitForSelector('article.handout');
      const studies = data.studies.filter((s) => s.treatment === 'rituximab');
      assert.equal(await page.locator('.handout-table tbody tr').count(), studies.length);
      const text = await page.textContent('article.handout');
      assert.match(text, /No benefit found/);
      assert.match(text, /Harms/);
      assert.ok(text.includes(data.version), 'names the data version');
      // Every row links its source where the study has a linkable one.
      const links = await page.locator('.handout-table tbody a[href^="https://"]').count();
      assert.ok(links >= studies.length - 1, `${links} source links for ${studies.length} studies`);
      await page.emulateMedia({ media: 'print' });
      assert.ok(await page.locator('article.handout').isVisible(), 'the handout prints');
      assert.equal(await page.locator('.filters-box').isVisible(), false, 'filters do not print');
      assert.equal(await page.locator('.handout-tools').isVisible(), false, 'buttons do not print');
      await page.screenshot({ path: path.join(SHOTS, 'handout-print.png'), fullPage: true });
      const pdf = await page.pdf({ format: 'A4' });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
      assert.ok(pages >= 1 && pages <= 2, `the handout prints on ${pages} A4 pages`);
    });
  });

  it('calm mode opens on What we know; its other views are named in the link', async () => {
    await withPage('?theme=calm', async (page) => {
      await page.waitForSelector('li.tx-card');
      assert.equal(await page.locator('.tl-svg').count(), 0, 'no chart until asked');
      assert.equal(await page.getAttribute('.app', 'data-view'), 'treatments');
      await page.screenshot({ path: path.join(SHOTS, 'treatments-calm.png') });
      await page.click('button[data-view-button="timeline"]');
      await waitUrl(page, () => new URLSearchParams(location.search).get('view') === 'timeline');
      await page.waitForSelector('.tl-svg .mark[data-study-id]');
    });
  });
});

describe('lane verdict badges', () => {
  it('every lane label carries its treatment verdict as an icon and a word', async () => {
    await withPage('', async (page) => {
      await page.waitForSelector('.tl-svg g.lane');
      const labels = await page.locator('.tl-svg .lane-label .lane-verdict').allTextContents();
      const lanes = await page.locator('.tl-svg g.lane').count();
      assert.equal(labels.length, lanes);
      assert.ok(labels.every((l) => /^\S+ [A-Z][a-z]/.test(l)), `icon and word: ${labels.slice(0, 5).join(' | ')}`);
      const ia = await page.locator('.tl-svg g.lane[data-lane="immunoadsorption"]').getAttribute('aria-label');
      assert.match(ia, /verdict: /);
    });
  });
});
