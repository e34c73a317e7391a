// Robustness at the edges: the crash screen (a deliberate panic, compiled only into the
// test-hooks build in dist-hostile/), missing or throwing browser APIs, two embedded widgets that
// must not affect each other or their host, and hostile postMessages aimed at the embed loader.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './server.mjs';
import { launch, newPage } from './browser.mjs';
import { ROOT, DIST, loadData, countEvidence, countMechanism, mounted } from './support.mjs';

const HOSTILE_DIST = path.join(ROOT, 'dist-hostile');
const data = loadData();
const N = data.studies.length;

let browser;
before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), 'dist/index.html missing: run scripts/build.sh');
  browser = await launch();
});
after(async () => { await browser?.close(); });

async function withPage(origin, fn) {
  const page = await newPage(browser, origin);
  try {
    await fn(page);
  } finally {
    await page.context().close();
  }
}

describe('crash screen', () => {
  it('a panic shows a message with a Reload link, never a blank box', async (t) => {
    if (!fs.existsSync(path.join(HOSTILE_DIST, 'index.html'))) {
      t.skip('dist-hostile/ (the test-hooks build) is missing: scripts/test.sh builds it');
      return;
    }
    const server = await serve({ '/': HOSTILE_DIST }, { csp: true });
    try {
      await withPage(server.url, async (page) => {
        await page.goto(`${server.url}/?__panic=1`);
        await page.waitForSelector('.crash[role="alert"]', { timeout: 30000 });
        const text = await page.textContent('.crash');
        assert.match(text, /stopped working/);
        const reload = page.locator('.crash a', { hasText: 'Reload' });
        assert.equal(await reload.count(), 1);
        // The panic is logged to the console for whoever debugs it.
        assert.ok(page.problems.some((p) => p.includes('deliberate test panic')), page.problems.join('\n'));
        // Reload without the trigger recovers.
        await page.goto(`${server.url}/`);
        await mounted(page);
      });
    } finally {
      await server.close();
    }
  });
});

describe('missing or throwing browser APIs', () => {
  let server;
  before(async () => { server = await serve({ '/': DIST }); });
  after(async () => { await server?.close(); });

  it('works without ResizeObserver, clipboard or storage, and says what is unavailable', async () => {
    await withPage(server.url, async (page) => {
      await page.addInitScript(() => {
        delete window.ResizeObserver;
        Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
        const deny = () => { throw new DOMException('denied', 'SecurityError'); };
        Object.defineProperty(window, 'localStorage', { get: deny, configurable: true });
        Object.defineProperty(window, 'sessionStorage', { get: deny, configurable: true });
        Object.defineProperty(Document.prototype, 'cookie', { get: deny, set: deny, configurable: true });
      });
      await page.goto(`${server.url}/`);
      await mounted(page);
      assert.equal((await page.textContent('#count-live')).trim(), `${N} studies`);
      await page.click('input[data-facet="status"][data-value="positive"]');
      await page.waitForFunction((n) => document.querySelector('#count-live').textContent.trim() === `${n} studies`, countEvidence(data, 'positive'));
      await page.click('details#share > summary');
      await page.click('#copy-link');
      await page.waitForSelector('[data-notice]:has-text("Could not copy")');
      await page.waitForSelector('#copy-fallback');
      assert.deepEqual(page.problems, []);
    });
  });

  it('history that refuses to be written (opaque origins) does not break filtering', async () => {
    await withPage(server.url, async (page) => {
      await page.addInitScript(() => {
        const deny = () => { throw new DOMException('denied', 'SecurityError'); };
        History.prototype.pushState = deny;
        History.prototype.replaceState = deny;
      });
      await page.goto(`${server.url}/`);
      await mounted(page);
      await page.click('input[data-facet="status"][data-value="negative"]');
      await page.waitForFunction((n) => document.querySelector('#count-live').textContent.trim() === `${n} studies`, countEvidence(data, 'negative'));
      assert.deepEqual(page.problems.filter((p) => !p.includes('SecurityError')), []);
    });
  });
});

describe('embedding boundary', () => {
  let server;
  before(async () => { server = await serve({ '/': ROOT }); });
  after(async () => { await server?.close(); });

  it('two widgets on one host page keep their own views and never touch the host URL', async () => {
    await withPage(server.url, async (page) => {
      await page.goto(`${server.url}/examples/embed.html`);
      const hostUrl = page.url();
      for (const id of ['widget-positive', 'widget-immune']) {
        await page.locator(`#${id}`).scrollIntoViewIfNeeded();
        await page.frameLocator(`#${id}`).locator('#count-live').waitFor({ timeout: 30000 });
      }
      const a = page.frameLocator('#widget-positive');
      const b = page.frameLocator('#widget-immune');
      assert.equal((await a.locator('#count-live').textContent()).trim(), `${countEvidence(data, 'positive')} studies`);
      assert.equal((await b.locator('#count-live').textContent()).trim(), `${countMechanism(data, 'immune')} studies`);
      assert.equal(await b.locator('table').count(), 1, 'the second widget shows its table view');
      // Interact inside the first widget: open a study.
      await a.locator('.tl-scroll').focus();
      await a.locator('.tl-scroll').press('ArrowRight');
      await a.locator('.tl-scroll').press('Enter');
      await a.locator('section.detail').waitFor();
      assert.equal(page.url(), hostUrl, 'the host page URL is unchanged');
      assert.equal((await b.locator('#count-live').textContent()).trim(), `${countMechanism(data, 'immune')} studies`);
      assert.equal(await b.locator('section.detail').count(), 0, 'the other widget did not open anything');
      assert.equal(await page.textContent('#host-marker'), 'This text belongs to the host page.');
      assert.deepEqual(page.problems, []);
    });
  });

  it('the loader ignores messages from other frames, wrong shapes and absurd heights', async () => {
    await withPage(server.url, async (page) => {
      await page.goto(`${server.url}/examples/embed.html`);
      const frame = page.locator('#widget-positive');
      await frame.scrollIntoViewIfNeeded();
      await page.frameLocator('#widget-positive').locator('#count-live').waitFor({ timeout: 30000 });
      // Let the real widget settle its height, then remember it.
      await page.waitForTimeout(300);
      const before = await frame.getAttribute('height');
      const results = await page.evaluate(async () => {
        const target = document.getElementById('widget-positive');
        const rogue = document.createElement('iframe');
        rogue.id = 'rogue';
        rogue.srcdoc = '<p>rogue</p>';
        document.body.appendChild(rogue);
        await new Promise((r) => rogue.addEventListener('load', r));
        const send = (source, data) => window.dispatchEvent(new MessageEvent('message', { data, source, origin: location.origin }));
        // A rogue frame claims to be the widget.
        rogue.contentWindow.parent.postMessage({ type: 'mecfs-timeline:height', height: 4321 }, '*');
        send(rogue.contentWindow, { type: 'mecfs-timeline:height', height: 4321 });
        // The real frame, but malformed or absurd values.
        for (const bad of [{ type: 'mecfs-timeline:height', height: 1e9 }, { type: 'mecfs-timeline:height', height: -5 },
          { type: 'mecfs-timeline:height', height: '900' }, { type: 'mecfs-timeline:height', height: NaN },
          { type: 'other', height: 900 }, 'mecfs-timeline:height', null]) {
          send(target.contentWindow, bad);
        }
        await new Promise((r) => setTimeout(r, 200));
        const afterBad = target.getAttribute('height');
        // A well-formed message from the real frame is accepted.
        send(target.contentWindow, { type: 'mecfs-timeline:height', height: 777 });
        await new Promise((r) => setTimeout(r, 50));
        return { afterBad, afterGood: target.getAttribute('height'), rogueHeight: rogue.getAttribute('height') };
      });
      assert.equal(results.afterBad, before, 'rogue and malformed messages changed nothing');
      assert.equal(results.afterGood, '777', 'a sane message from the widget frame is applied');
      assert.equal(results.rogueHeight, null, 'the rogue frame was not resized');
      assert.deepEqual(page.problems, []);
    });
  });

  it('the widget acts on no incoming message', async () => {
    const dist = await serve({ '/': DIST });
    try {
      await withPage(dist.url, async (page) => {
        await page.goto(`${dist.url}/?status=positive`);
        await mounted(page);
        const before = [await page.textContent('#count-live'), page.url()];
        await page.evaluate(() => {
          for (const m of [{ type: 'mecfs-timeline:height', height: 10 }, { view: 'table' }, '?status=negative', { type: 'navigate', url: 'javascript:alert(1)' }]) {
            window.postMessage(m, '*');
          }
        });
        await page.waitForTimeout(200);
        assert.deepEqual([await page.textContent('#count-live'), page.url()], before);
        assert.deepEqual(page.problems, []);
      });
    } finally {
      await dist.close();
    }
  });
});

describe('prerendered first view (before the wasm starts)', () => {
  let server;
  before(async () => { server = await serve({ '/': DIST }, { csp: true }); });
  after(async () => { await server?.close(); });

  /** Opens `query` with the wasm held back until `release()` is called. */
  async function heldBack(page, query) {
    let release;
    const gate = new Promise((r) => { release = r; });
    await page.route((u) => u.pathname.endsWith('.wasm'), async (route) => {
      await gate;
      await route.continue();
    });
    await page.goto(`${server.url}/${query}`, { waitUntil: 'domcontentloaded' });
    return release;
  }

  it('the default view is painted from the page itself, inert, then replaced by the live widget', async () => {
    await withPage(server.url, async (page) => {
      const release = await heldBack(page, '');
      const mark = page.locator('.prerendered .tl-svg [data-study-id]').first();
      await mark.waitFor({ state: 'visible' });
      assert.equal(await page.locator('.prerendered').getAttribute('inert'), '', 'the prerender is inert');
      assert.equal(await page.locator('.app[data-live]').count(), 0, 'no live widget yet');
      // Where the first marks are on screen (an expression: the page's CSP forbids eval).
      const BOXES = `[...document.querySelectorAll('.tl-svg .mark-body[data-study-id]')].slice(0, 12)
        .map((m) => { const r = m.getBoundingClientRect(); return [m.dataset.studyId, Math.round(r.left), Math.round(r.top), Math.round(r.width)]; })`;
      const pre = await page.evaluate(() => ({
        count: document.querySelector('.prerendered #count-live').textContent.trim(),
        marks: [...document.querySelectorAll('.prerendered .tl-svg [data-study-id]')].map((m) => m.dataset.studyId),
        width: document.querySelector('.prerendered .tl-scroll').clientWidth,
        svg: document.querySelector('.prerendered .tl-svg').getBoundingClientRect().width,
      }));
      pre.boxes = await page.evaluate(BOXES);
      // At 1280 px the box is within 10% of the width the prerender was drawn for: boot.js fits
      // the chart to it before the first paint.
      assert.equal(Math.round(pre.svg), pre.width - 2, 'the prerendered chart fills its box');
      assert.equal(pre.count, `${N} studies`);
      assert.ok(pre.marks.length > 0);
      // The page head (title, count, view buttons, display menu) as painted from the prerender;
      // it must look exactly the same once live (the build slims the prerender's markup).
      const head = { x: 0, y: 0, width: page.viewportSize().width, height: 130 };
      const headBefore = await page.screenshot({ clip: head });
      release();
      await mounted(page);
      assert.ok((await page.screenshot({ clip: head })).equals(headBefore), 'the page head looks the same before and after the handover');
      assert.equal(await page.locator('.prerendered').count(), 0, 'the prerender is gone');
      const live = await page.evaluate(() => ({
        marks: [...document.querySelectorAll('.tl-svg [data-study-id]')].map((m) => m.dataset.studyId),
        width: document.querySelector('.tl-scroll').clientWidth,
        svg: Number(document.querySelector('.tl-svg').getAttribute('width')),
      }));
      // The same view at the same size: the live chart takes over the prerender's width.
      assert.equal(live.width, pre.width);
      assert.ok(Math.abs(live.svg - (pre.width - 2)) <= 1, `chart drawn for ${live.svg} px in a ${pre.width} px box`);
      assert.deepEqual(live.marks.slice(0, pre.marks.length), pre.marks);
      // Nothing jumps when the live chart replaces the prerender: every mark stays where it was
      // painted (within 2 px).
      const after = await page.evaluate(BOXES);
      assert.equal(after.length, pre.boxes.length);
      for (const [i, [id, x, y, w]] of pre.boxes.entries()) {
        const [id2, x2, y2, w2] = after[i];
        assert.equal(id2, id);
        assert.ok(Math.abs(x2 - x) <= 2 && Math.abs(y2 - y) <= 2 && Math.abs(w2 - w) <= 2,
          `${id} moved from ${[x, y, w]} to ${[x2, y2, w2]}`);
      }
      // And it is live: a click opens the study.
      await page.locator('.tl-svg .mark-body[data-study-id]').first().click();
      await page.waitForSelector('section.detail');
    });
  });

  it('an address with parameters never shows the default prerender', async () => {
    await withPage(server.url, async (page) => {
      const release = await heldBack(page, '?view=table&status=negative');
      assert.equal(await page.locator('.prerendered').count(), 0, 'removed once parsed');
      assert.ok(await page.locator('.boot-msg').isVisible(), 'the loading message shows instead');
      release();
      await mounted(page);
      assert.equal((await page.textContent('#count-live')).trim(), `${countEvidence(data, 'negative')} studies`);
    });
  });

  it('when the wasm cannot load, a message replaces the prerender', async () => {
    await withPage(server.url, async (page) => {
      await page.route((u) => u.pathname.endsWith('.wasm'), (route) => route.abort());
      await page.goto(`${server.url}/`);
      const msg = page.locator('#mecfs-timeline .boot-msg[role="alert"]');
      await msg.waitFor({ state: 'visible', timeout: 15000 });
      assert.match(await msg.textContent(), /could not start/);
      assert.equal(await page.locator('.prerendered').count(), 0);
    });
  });
});
