// Running inside other people's pages: the strict Content-Security-Policy, embed mode, a
// sandboxed iframe, the example embed page, copying a link (with and without a clipboard),
// downloads and printing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './server.mjs';
import { launch, newPage } from './browser.mjs';
import { ROOT, DIST, RESULTS, loadData, countEvidence, parseCsv, countOf, mounted } from './support.mjs';

const data = loadData();
const N = data.studies.length;
const POSITIVE = countEvidence(data, 'positive');
const EMBED_EXAMPLE = path.join(ROOT, 'examples/embed.html');

let browser;

before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), 'dist/index.html missing: run scripts/build.sh');
  fs.mkdirSync(RESULTS, { recursive: true });
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Runs `fn(page)` on a fresh page (own context) and always closes the context. */
async function withPage(origin, options, fn) {
  const page = await newPage(browser, origin, options);
  try {
    await fn(page);
  } finally {
    await page.context().close();
  }
}

/** Opens the "Share, embed and download" panel. */
async function openShare(page) {
  await page.click('details#share > summary');
  await page.waitForSelector('#copy-link', { state: 'visible' });
}

describe('strict Content-Security-Policy', () => {
  let server;
  before(async () => { server = await serve({ '/': DIST }, { csp: true }); });
  after(async () => { await server?.close(); });

  it('runs under the documented CSP with no violations and no foreign requests', async () => {
    await withPage(server.url, {}, async (page) => {
      await page.addInitScript(() => {
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => {
          window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} ${e.sample || ''}`.trim());
        });
      });
      const response = await page.goto(`${server.url}/`);
      assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self' 'wasm-unsafe-eval'/, 'the CSP header is sent');
      await mounted(page);
      await page.waitForFunction((n) => document.querySelector('#count-live')?.textContent === `${n} studies`, N);

      // Hover (tooltip) and open a study from the timeline.
      const mark = page.locator('.tl-scroll .mark[data-study-id]').first();
      const id = await mark.getAttribute('data-study-id');
      await mark.hover();
      await page.waitForSelector('.tooltip');
      await mark.click();
      await page.waitForSelector(`section.detail[data-study-id="${id}"]`);
      // Table, then the comparison with the suggested treatments.
      await page.click('[data-view-button="table"]');
      await page.waitForSelector('#results table tr[data-study-id]');
      await page.click('[data-view-button="compare"]');
      await page.click('button.suggest');
      await page.waitForSelector('article.compare-col');
      // A theme and the share panel (embed snippet, inline-looking markup) too.
      await page.selectOption('#theme', 'dark');
      await page.waitForSelector('.app.theme-dark');
      await openShare(page);

      // Styles from the stylesheet really apply (style-src 'self' let it through).
      assert.notEqual(await page.evaluate(() => getComputedStyle(document.querySelector('.app')).backgroundColor), 'rgba(0, 0, 0, 0)');
      const violations = await page.evaluate(() => window.__cspViolations);
      assert.deepEqual(violations, [], `CSP violations:\n${violations.join('\n')}`);
      assert.deepEqual(page.problems.filter((p) => p.startsWith('foreign request')), [], 'foreign requests');
      assert.deepEqual(page.problems, []);
    });
  });
});

describe('embedding', () => {
  let server;
  const hostDir = path.join(RESULTS, 'embed-host');
  before(async () => {
    fs.mkdirSync(hostDir, { recursive: true });
    // The host page that frames the widget in a sandbox without allow-same-origin (opaque origin).
    fs.writeFileSync(path.join(hostDir, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Sandboxed host</title></head>
<body><h1>Host page</h1>
<iframe id="widget" title="ME/CFS treatment studies" width="1000" height="800"
  sandbox="allow-scripts allow-popups" src="/?status=positive"></iframe>
</body></html>
`);
    server = await serve({ '/host/': hostDir, '/': DIST });
  });
  after(async () => { await server?.close(); });

  it('?embed=1 drops the chrome and offers "Open full view" in a new tab', async () => {
    await withPage(server.url, {}, async (page) => {
      await page.goto(`${server.url}/?status=positive&embed=1`);
      await mounted(page);
      await page.waitForSelector('.app.embed');
      assert.equal((await page.textContent('#count-live')).trim(), `${POSITIVE} studies`);
      assert.equal(await page.locator('details#share, .share').count(), 0, 'no share panel when embedded');
      const open = page.locator('a.open-full');
      assert.equal(await open.count(), 1);
      assert.ok(await open.isVisible());
      assert.equal(await open.getAttribute('target'), '_blank');
      const href = new URL(await open.getAttribute('href'), page.url());
      assert.equal(href.searchParams.has('embed'), false, `href keeps embed: ${href}`);
      assert.equal(href.searchParams.get('status'), 'positive', `href keeps the view: ${href}`);
      assert.equal(href.origin + href.pathname, `${server.url}/`);
      assert.deepEqual(page.problems, []);
    });
  });

  it('renders inside <iframe sandbox="allow-scripts allow-popups"> served by a plain static server', async () => {
    await withPage(server.url, {}, async (page) => {
      await page.goto(`${server.url}/host/`);
      const frame = page.frameLocator('#widget');
      const shown = await frame.locator('#count-live').waitFor({ timeout: 15000 }).then(() => true, () => false);
      assert.ok(shown, `the widget did not render in the sandboxed frame; problems:\n${page.problems.join('\n')}`);
      assert.equal((await frame.locator('#count-live').textContent()).trim(), `${POSITIVE} studies`);
      assert.deepEqual(page.problems, []);
    });
  });

  it('renders styled inside the sandbox when the server allows CORS (isolates the page markup)', async () => {
    await withPage(server.url, {}, async (page) => {
      // Emulate a host that sends Access-Control-Allow-Origin: * (as e.g. GitHub Pages does).
      await page.route('**/*', async (route) => {
        const r = await route.fetch();
        await route.fulfill({ response: r, headers: { ...r.headers(), 'access-control-allow-origin': '*' } });
      });
      await page.goto(`${server.url}/host/`);
      const frame = page.frameLocator('#widget');
      await frame.locator('#count-live').waitFor({ timeout: 15000 });
      assert.equal((await frame.locator('#count-live').textContent()).trim(), `${POSITIVE} studies`);
      // Interacting works inside the opaque origin (history may be unavailable there).
      await frame.locator('[data-view-button="table"]').click();
      await frame.locator('#results table').waitFor();
      assert.equal(await frame.locator('#results tr[data-study-id]').count(), POSITIVE);
      // The stylesheet applied: the visually hidden heading takes no room.
      const box = await frame.locator('.sr-only').first().evaluate((e) => e.getBoundingClientRect().width);
      assert.ok(box <= 1, `stylesheet not applied in the sandbox (.sr-only is ${box}px wide); problems:\n${page.problems.join('\n')}`);
      assert.deepEqual(page.problems, []);
    });
  });

  it('examples/embed.html frames the widget and sizes the frame', async (t) => {
    if (!fs.existsSync(EMBED_EXAMPLE)) {
      t.skip('examples/embed.html does not exist yet (written by someone else)');
      return;
    }
    const root = await serve({ '/': ROOT });
    try {
      await withPage(root.url, {}, async (page) => {
        await page.goto(`${root.url}/examples/embed.html`);
        const frames = page.locator('iframe');
        const n = await frames.count();
        assert.ok(n >= 1, 'examples/embed.html has an iframe');
        for (let i = 0; i < n; i++) {
          await frames.nth(i).scrollIntoViewIfNeeded(); // frames may load lazily
          const frame = page.frameLocator('iframe').nth(i);
          await frame.locator('#count-live').waitFor({ timeout: 30000 });
          countOf(await frame.locator('#count-live').textContent());
          assert.equal(await frame.locator('.app.embed').count(), 1, `iframe ${i} is in embed mode`);
        }
        // With embed.js on the page, each marked frame grows to its content's height (the
        // example is same-origin, so the host can measure the content itself).
        if (await page.locator('script[src$="embed.js"]').count()) {
          const marked = page.locator('iframe[data-mecfs-timeline]');
          for (let i = 0; i < (await marked.count()); i++) {
            const el = await marked.nth(i).elementHandle();
            const fits = (f) => {
              const app = f.contentDocument?.querySelector('.app');
              if (!app) return false;
              const h = Math.ceil(app.getBoundingClientRect().height);
              return h < 200 || h > 20000 || Math.abs(Number(f.getAttribute('height')) - h) <= 2;
            };
            await page.waitForFunction(fits, el, { timeout: 10000 }).catch(() => {});
            const [attr, inner] = await el.evaluate((f) => [f.getAttribute('height'), Math.ceil(f.contentDocument.querySelector('.app').getBoundingClientRect().height)]);
            assert.ok(await el.evaluate(fits), `iframe ${i} height ${attr} does not fit its content (${inner}px)`);
          }
        }
        assert.deepEqual(page.problems, []);
      });
    } finally {
      await root.close();
    }
  });
});

describe('share, download and print', () => {
  let server;
  before(async () => { server = await serve({ '/': DIST }); });
  after(async () => { await server?.close(); });

  it('"Copy link" copies the link and says so when the clipboard is allowed', async () => {
    await withPage(server.url, {}, async (page) => {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      await page.goto(`${server.url}/?status=positive`);
      await mounted(page);
      await openShare(page);
      const link = await page.inputValue('#share-link');
      // A shared link is the view plus the data version it was made with (`data=`), so a
      // reader opening it on newer data is told what changed; the address bar leaves it out.
      const shared = new URL(link);
      assert.match(shared.searchParams.get('data') ?? '', /^\d{4}\.\d+\.\d+$/);
      shared.searchParams.delete('data');
      assert.equal(shared.href, page.url());
      await page.click('#copy-link');
      await page.waitForSelector('[data-notice]:has-text("Link copied")');
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
      assert.equal(await page.locator('#copy-fallback').count(), 0);
      assert.deepEqual(page.problems, []);
    });
  });

  it('"Copy link" falls back to a text box when there is no clipboard', async () => {
    await withPage(server.url, {}, async (page) => {
      await page.addInitScript(() => {
        Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
      });
      await page.goto(`${server.url}/?status=positive`);
      await mounted(page);
      assert.equal(await page.evaluate(() => navigator.clipboard), undefined);
      await openShare(page);
      const link = await page.inputValue('#share-link');
      await page.click('#copy-link');
      await page.waitForSelector('#copy-fallback');
      assert.equal(await page.inputValue('#copy-fallback'), link);
      assert.ok(await page.locator('#copy-fallback').isVisible());
      assert.equal(await page.locator('[data-notice="warn"]').count(), 1, 'a warning explains the fallback');
      assert.deepEqual(page.problems, []);
    });
  });

  it('CSV and JSON downloads hold exactly the studies shown', async () => {
    await withPage(server.url, { acceptDownloads: true }, async (page) => {
      await page.goto(`${server.url}/?status=positive`);
      await mounted(page);
      const shown = countOf(await page.textContent('#count-live'));
      assert.equal(shown, POSITIVE);
      const ids = new Set(data.studies.filter((s) => s.evidence === 'positive').map((s) => s.id));
      await openShare(page);

      const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#dl-csv')]);
      assert.match(csv.suggestedFilename(), /\.csv$/);
      const csvText = fs.readFileSync(await csv.path(), 'utf8');
      const rows = parseCsv(csvText).filter((r) => !(r.length === 1 && r[0] === ''));
      assert.match(rows[0].join(','), /^id,treatment,title/, `CSV header: ${rows[0].join(',')}`);
      const body = rows.slice(1);
      assert.equal(body.length, shown, 'one CSV row per study shown');
      for (const r of body) assert.equal(r.length, rows[0].length, `row ${r[0]} has ${r.length} fields`);
      assert.deepEqual(new Set(body.map((r) => r[0])), ids);

      const [json] = await Promise.all([page.waitForEvent('download'), page.click('#dl-json')]);
      assert.match(json.suggestedFilename(), /\.json$/);
      const parsed = JSON.parse(fs.readFileSync(await json.path(), 'utf8'));
      assert.ok(Array.isArray(parsed.studies), 'JSON has a studies array');
      assert.equal(parsed.studies.length, shown);
      assert.deepEqual(new Set(parsed.studies.map((s) => s.id)), ids);
      assert.deepEqual(page.problems, []);
    });
  });

  it('prints a one-page summary: print media shows .print-summary and hides the filters', async () => {
    await withPage(server.url, {}, async (page) => {
      await page.goto(`${server.url}/?status=positive`);
      await mounted(page);
      assert.equal(await page.locator('.print-summary').isVisible(), false, 'summary hidden on screen');
      await page.emulateMedia({ media: 'print' });
      await page.waitForSelector('.print-summary', { state: 'visible' });
      assert.equal(await page.locator('.filters').isVisible(), false, '.filters hidden in print');
      assert.equal(await page.locator('.print-summary tbody tr').count(), POSITIVE);
      const pdf = path.join(RESULTS, 'summary.pdf');
      await page.pdf({ path: pdf });
      const head = fs.readFileSync(pdf).subarray(0, 5).toString('latin1');
      assert.equal(head, '%PDF-');
      assert.deepEqual(page.problems, []);
    });
  });
});
