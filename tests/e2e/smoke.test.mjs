// Smoke test: the release build mounts from a sub-path (relative asset URLs), renders the
// embedded dataset, and loads without errors on a desktop and a 360 px phone screen.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './server.mjs';
import { launch, newPage } from './browser.mjs';
import { DIST, SHOTS, loadData, mounted } from './support.mjs';

const SUB = '/tools/timeline/';

describe('smoke: the widget mounts from a sub-path and renders the dataset', () => {
  let server;
  let browser;
  const data = loadData();
  const N = data.studies.length;

  before(async () => {
    assert.ok(fs.existsSync(path.join(DIST, 'index.html')), 'dist/index.html missing: run scripts/build.sh');
    fs.mkdirSync(SHOTS, { recursive: true });
    // Only the sub-path is served: an asset requested from "/" would 404 and be reported.
    server = await serve({ [SUB]: DIST });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens the sub-path, records failed responses next to page.problems. */
  async function open(options) {
    const page = await newPage(browser, server.url, options);
    page.on('response', (r) => {
      if (r.status() >= 400) page.problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    page.on('requestfailed', (r) => page.problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    await page.goto(server.url + SUB);
    await mounted(page);
    return page;
  }

  it('shows every study of data/studies.json, with marks on the timeline and no problems', async () => {
    assert.ok(N > 0, 'the dataset has studies');
    const page = await open();
    try {
      assert.equal((await page.textContent('#count-live')).trim(), `${N} studies`);
      const marks = await page.locator('.tl-scroll [data-study-id]').count();
      assert.ok(marks > 0, `expected timeline marks, found ${marks}`);
      // Every mark names a study that exists in the data.
      const ids = new Set(data.studies.map((s) => s.id));
      const shown = await page.locator('.tl-scroll [data-study-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-study-id')));
      for (const id of shown) assert.ok(ids.has(id), `mark for unknown study ${id}`);
      // Assets really came from the sub-path.
      const assets = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
      assert.ok(assets.some((u) => /\.wasm$/.test(u)), `no wasm loaded: ${assets.join(', ')}`);
      for (const u of assets) {
        if (u.startsWith('http')) assert.ok(new URL(u).pathname.startsWith(SUB), `asset outside ${SUB}: ${u}`);
      }
      await page.screenshot({ path: path.join(SHOTS, 'desktop.png'), fullPage: true });
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  });

  it('works on a 360 px wide screen', async () => {
    const page = await open({ viewport: { width: 360, height: 800 } });
    try {
      assert.equal((await page.textContent('#count-live')).trim(), `${N} studies`);
      assert.ok(await page.locator('#count-live').isVisible(), 'count visible at 360 px');
      await page.screenshot({ path: path.join(SHOTS, 'mobile-360.png'), fullPage: true });
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  });
});
