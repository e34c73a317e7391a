// Smoke test of the 10,000-study build (dist-10k/, built by scripts/test.sh from the deterministic
// synthetic dataset target/synth-10000.json): it renders, filters correctly and keeps the DOM small
// because only the lanes in view exist. No timing assertions: speed lives in BENCHMARKS.md.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './server.mjs';
import { launch, newPage } from './browser.mjs';
import { ROOT, mounted } from './support.mjs';

const DIST10K = path.join(ROOT, 'dist-10k');
const DATA10K = path.join(ROOT, 'target', 'synth-10000.json');
const present = fs.existsSync(path.join(DIST10K, 'index.html')) && fs.existsSync(DATA10K);

describe('10,000-study build', { skip: present ? false : 'dist-10k/ or target/synth-10000.json missing: scripts/test.sh builds them' }, () => {
  let browser;
  let server;
  let data;
  before(async () => {
    data = JSON.parse(fs.readFileSync(DATA10K, 'utf8'));
    browser = await launch();
    server = await serve({ '/': DIST10K });
  });
  after(async () => {
    await server?.close();
    await browser?.close();
  });

  it('renders every study, filters to the right count and draws only what is in view', async () => {
    const page = await newPage(browser, server.url);
    try {
      await page.goto(`${server.url}/`);
      await mounted(page);
      assert.equal(data.studies.length, 10000);
      assert.equal((await page.textContent('#count-live')).trim(), '10000 studies');
      const marks = await page.locator('.tl-svg [data-study-id]').count();
      assert.ok(marks > 0, 'marks are drawn');
      const lanes = await page.locator('.tl-svg g.lane').count();
      assert.ok(lanes > 0 && lanes < 200, `only lanes in view are in the DOM (${lanes} of ~1,000)`);
      assert.ok(await page.evaluate(() => document.getElementsByTagName('*').length) < 5000, 'the DOM stays small');

      const positive = data.studies.filter((s) => s.evidence === 'positive').length;
      await page.click('input[data-facet="status"][data-value="positive"]');
      await page.waitForFunction((n) => document.querySelector('#count-live').textContent.trim() === `${n} studies`, positive);
      const shown = await page.locator('.tl-svg [data-study-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-study-id')));
      const ev = new Map(data.studies.map((s) => [s.id, s.evidence]));
      assert.ok(shown.length > 0 && shown.every((id) => ev.get(id) === 'positive'), 'every drawn mark is a positive trial');

      // The table of 10,000 rows renders a window of rows, with the right total.
      await page.goto(`${server.url}/?view=table`);
      await mounted(page);
      const rows = await page.locator('tr[data-study-id]').count();
      assert.ok(rows > 0 && rows < 300, `table renders a window of rows (${rows})`);
      assert.match(await page.textContent('caption'), /^10000 studies/);
      await page.locator('.table-wrap').evaluate((el) => { el.scrollTop = 44 * 5000; el.dispatchEvent(new Event('scroll')); });
      await page.waitForFunction(() => Number(document.querySelector('tr[data-study-id]')?.getAttribute('aria-rowindex')) > 4000);

      // Scrolling down and back up, by less and more than a step, never shows a gap: after each
      // scroll's frame, the top and bottom of the visible box are covered by study rows.
      const gaps = await page.locator('.table-wrap').evaluate(async (wrap) => {
        const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const found = [];
        let y = 52 * 3000;
        for (const dy of [10, 60, 100, 160, 300, 520, 1, -10, -60, -100, -160, -300, -520, -2000, 2000, 37, -37]) {
          y += dy;
          wrap.scrollTop = y;
          await frame();
          const box = wrap.getBoundingClientRect();
          const head = wrap.querySelector('thead').getBoundingClientRect().height;
          for (const at of [box.top + head + 2, box.top + box.height / 2, box.bottom - 3]) {
            const row = document.elementFromPoint(box.left + 40, at)?.closest('tr');
            if (!row || !row.hasAttribute('data-study-id')) found.push(`scrollTop ${wrap.scrollTop} (after ${dy}): no row at y=${Math.round(at - box.top)}`);
          }
        }
        return found;
      });
      assert.deepEqual(gaps, []);
      const drawn = await page.locator('tr[data-study-id]').count();
      const fit = await page.locator('.table-wrap').evaluate((el) => Math.ceil(el.clientHeight / 52));
      assert.ok(drawn <= fit + 6, `rows drawn (${drawn}) stay close to the rows that fit (${fit})`);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  });
});
