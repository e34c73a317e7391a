// The embed test pages in examples/, one per kind of host that breaks embeds (README
// "Embedding"): a WordPress post embedding the widget as an untrusted oEmbed provider (secret in
// the fragment, allow-scripts sandbox, WordPress's height and link messages), a page whose editor
// stripped the script, a page builder's sandboxed frames (with and without allow-popups) and an
// AMP-like parent (amp-iframe's embed-size request). Each waits for state by polling, never for
// a fixed time.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './server.mjs';
import { launch, newPage } from './browser.mjs';
import { ROOT, DIST, loadData, countEvidence, countMechanism } from './support.mjs';

const data = loadData();
const POSITIVE = countEvidence(data, 'positive');
const IMMUNE = countMechanism(data, 'immune');
// Chromium reports the new tab it refused in a sandbox without allow-popups; that refusal is
// what the widget answers with its copy-the-link box, so it is expected there and only there.
const BLOCKED_POPUP = /Blocked opening .* in a new window because the request was made in a sandboxed frame whose 'allow-popups' permission is not set/;

let browser;
let server;

before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), `${DIST}/index.html missing: run scripts/build.sh`);
  browser = await launch();
  // examples/*.html refer to the build as ../dist/.
  server = await serve({ '/dist/': DIST, '/': ROOT });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function withPage(options, fn) {
  const page = await newPage(browser, server.url, options);
  try {
    await fn(page);
  } finally {
    await page.context().close();
  }
}

/** Polls `fn` until it returns a truthy value; the failure names `what` and the last value. */
async function poll(fn, what, timeout = 20000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn().catch((e) => `error: ${e.message}`);
    if (last && !(typeof last === 'string' && last.startsWith('error: '))) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The live widget inside the iframe `#id`, once it has mounted. */
async function liveFrame(page, id) {
  const handle = await page.waitForSelector(`#${id}`, { state: 'attached' });
  await handle.scrollIntoViewIfNeeded().catch(() => {});
  const frame = await poll(async () => handle.contentFrame(), `#${id}'s frame`);
  await frame.waitForSelector('.app[data-live] #count-live', { timeout: 30000 });
  return { frame, handle };
}

/** Is `selector` in `frame` drawn on top at its centre (not covered by anything)? */
const onTop = (frame, selector) => frame.evaluate((sel) => {
  const el = document.querySelector(sel);
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && (hit === el || el.contains(hit));
}, selector);

const appHeight = (frame) => frame.evaluate(() => Math.ceil(document.querySelector('.app').getBoundingClientRect().height));

describe('embed host pages (examples/)', () => {
  it('WordPress, untrusted oEmbed provider: secret, sandbox, height and link messages (embed-wordpress.html)', async () => {
    await withPage({}, async (page) => {
      // Record what reaches the host page (top frame only).
      await page.addInitScript(() => {
        if (window.top !== window) return;
        window.__wp = [];
        addEventListener('message', (e) => {
          const f = document.getElementById('widget-wp');
          if (e.data && e.data.secret !== undefined) window.__wp.push({ ...e.data, fromFrame: !!f && e.source === f.contentWindow });
        });
      });
      await page.goto(`${server.url}/examples/embed-wordpress.html`);
      const { frame } = await liveFrame(page, 'widget-wp');
      assert.equal((await frame.textContent('#count-live')).trim(), `${POSITIVE} studies`);
      assert.equal(await frame.evaluate(() => self.origin), 'null', 'the frame runs in an opaque-origin sandbox');
      // The widget spoke with the secret: the blockquote fallback is gone, the frame shown and as
      // tall as the timeline, within WordPress's 200..1000 pixels.
      const h = await appHeight(frame);
      const want = String(Math.min(1000, Math.max(200, h)));
      const state = await poll(() => page.evaluate((w) => {
        const f = document.getElementById('widget-wp');
        const s = { style: f.getAttribute('style'), height: f.getAttribute('height'), quote: document.querySelector('blockquote.wp-embedded-content').hidden };
        return s.style === null && s.height === w && s.quote ? s : false;
      }, want), `the frame to be shown at height ${want}`);
      assert.equal(state.height, want);
      const msgs = await page.evaluate(() => window.__wp);
      assert.ok(msgs.length > 0 && msgs.every((m) => m.secret === 'Qm7xK2pL9a' && m.fromFrame), `WordPress messages: ${JSON.stringify(msgs)}`);
      assert.ok(msgs.some((m) => m.message === 'height' && m.value === h), `a height message with ${h}: ${JSON.stringify(msgs)}`);

      // WordPress's "ready" with the right secret asks for the height again; a wrong one is ignored
      // (messages are handled in order, so once the answer to the second has come, any answer to
      // the first would have come before it).
      const before = msgs.filter((m) => m.message === 'height').length;
      await page.evaluate(() => {
        const w = document.getElementById('widget-wp').contentWindow;
        w.postMessage({ message: 'ready', secret: 'WrongSecret' }, '*');
        w.postMessage({ message: 'ready', secret: 'Qm7xK2pL9a' }, '*');
      });
      await poll(() => page.evaluate((n) => window.__wp.filter((m) => m.message === 'height').length > n, before), 'the height again after "ready"');
      assert.equal(await page.evaluate(() => window.__wp.filter((m) => m.message === 'height').length), before + 1, 'only the right secret was answered');

      // A source link (another host) cannot open from WordPress's sandbox: the widget says so and
      // offers the link; the host page stays.
      const hostUrl = page.url();
      await frame.locator('.tl-scroll .mark[data-study-id]').first().click();
      await frame.waitForSelector('section.detail ul.sources a[target="_blank"]');
      const source = frame.locator('section.detail ul.sources a[target="_blank"]').first();
      const sourceHref = await source.evaluate((a) => a.href);
      await source.click();
      await frame.waitForSelector('[data-blocked-link]');
      assert.equal(await frame.inputValue('#blocked-link'), sourceHref);
      assert.equal(await frame.evaluate(() => document.activeElement?.id), 'blocked-link', 'focus moved to the link to copy');
      assert.ok(await onTop(frame, '#blocked-link'), 'the link to copy is in view, above the open detail');
      assert.equal(page.url(), hostUrl);
      const linkMsg = (await page.evaluate(() => window.__wp)).find((m) => m.message === 'link');
      assert.equal(linkMsg?.value, sourceHref, 'the link was handed to WordPress too');

      // "Open full view" is on the widget's own host: WordPress opens it in the top window.
      await frame.click('[data-blocked-link] .notice-close');
      await frame.click('section.detail .detail-close');
      await frame.waitForSelector('section.detail', { state: 'detached' });
      const full = await frame.locator('a.open-full').evaluate((a) => a.href);
      assert.equal(new URL(full).searchParams.get('status'), 'positive');
      assert.equal(new URL(full).searchParams.has('embed'), false);
      const sameView = (u) => u.origin + u.pathname === `${server.url}/dist/` && u.searchParams.get('status') === 'positive' && !u.searchParams.has('embed');
      await Promise.all([page.waitForURL(sameView), frame.click('a.open-full')]);
      await page.waitForSelector('.app[data-live] #count-live', { timeout: 30000 });
      assert.equal((await page.textContent('#count-live')).trim(), `${POSITIVE} studies`);
      assert.deepEqual(page.problems, []);
    });
  });

  for (const [name, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 664 }]]) {
    it(`script stripped by the CMS: the frame keeps a usable fallback size and the link stays (embed-no-script.html, ${name})`, async () => {
      await withPage({ viewport }, async (page) => {
        await page.goto(`${server.url}/examples/embed-no-script.html`);
        const { frame, handle } = await liveFrame(page, 'widget-noscript');
        assert.equal((await frame.textContent('#count-live')).trim(), `${POSITIVE} studies`);
        const box = await handle.evaluate((f) => {
          const r = f.getBoundingClientRect();
          return { w: r.width, h: r.height, room: f.parentElement.clientWidth - parseFloat(getComputedStyle(f.parentElement).paddingLeft) - parseFloat(getComputedStyle(f.parentElement).paddingRight), vh: innerHeight };
        });
        assert.ok(Math.abs(box.w - box.room) <= 1, `full width: ${box.w} of ${box.room}`);
        const want = Math.min(720, 0.85 * box.vh);
        assert.ok(Math.abs(box.h - want) <= 1, `height min(720px, 85vh) = ${want}, got ${box.h}`);
        // The timeline is taller than the frame and scrolls inside it.
        const scrolled = await frame.evaluate(() => {
          const s = document.scrollingElement;
          s.scrollTop = 200;
          return { top: s.scrollTop, height: s.scrollHeight, client: s.clientHeight };
        });
        assert.ok(scrolled.height > scrolled.client && scrolled.top > 0, `scrolls inside the frame: ${JSON.stringify(scrolled)}`);
        const href = await page.locator('#full-link').evaluate((a) => a.href);
        assert.equal(href, `${server.url}/dist/?status=positive`);
        assert.deepEqual(page.problems, []);
      });
    });
  }

  it('sandboxed frames: a blocked new tab offers the link to copy, an allowed one opens (embed-sandboxed.html)', async () => {
    await withPage({}, async (page) => {
      await page.goto(`${server.url}/examples/embed-sandboxed.html`);
      const strict = await liveFrame(page, 'widget-strict');
      assert.equal((await strict.frame.textContent('#count-live')).trim(), `${POSITIVE} studies`);
      const popups = [];
      page.context().on('page', (p) => popups.push(p));

      // Keyboard: Tab to "Open full view" and press Enter, as a keyboard user would.
      const full = await strict.frame.locator('a.open-full').evaluate((a) => a.href);
      assert.equal(new URL(full).origin, server.url, `the full-view link is absolute even in an opaque origin: ${full}`);
      await strict.frame.focus('a.open-full');
      await page.keyboard.press('Enter');
      await strict.frame.waitForSelector('[data-blocked-link]');
      assert.equal(await strict.frame.inputValue('#blocked-link'), full);
      assert.equal(await strict.frame.evaluate(() => document.activeElement?.id), 'blocked-link');
      assert.equal(await strict.frame.getAttribute('[data-blocked-link]', 'role'), 'alert');
      assert.ok(await onTop(strict.frame, '#blocked-link'), 'the link to copy is in view');
      // Copying is refused in this sandbox too: the box says what to do instead.
      await strict.frame.click('#copy-blocked-link');
      const status = await poll(() => strict.frame.textContent('.link-fallback-status').then((t) => t.trim()), 'the copy status');
      assert.match(status, /copied|Ctrl\+C/, status);
      // Dismissable.
      await strict.frame.click('[data-blocked-link] .notice-close');
      await strict.frame.waitForSelector('[data-blocked-link]', { state: 'detached' });
      assert.equal(popups.length, 0, 'nothing opened');

      // allow-popups: the same link opens a new tab, which cannot reach back into the frame (its
      // opener is null, or, from an opaque-origin sandbox, a cross-origin window it can't script).
      const open = await liveFrame(page, 'widget-popups');
      assert.equal((await open.frame.textContent('#count-live')).trim(), `${IMMUNE} studies`);
      const wanted = await open.frame.locator('a.open-full').evaluate((a) => a.href);
      const [tab] = await Promise.all([page.context().waitForEvent('page'), open.frame.click('a.open-full')]);
      await tab.waitForURL(wanted);
      const reach = await tab.evaluate(() => {
        try {
          return window.opener === null ? 'none' : `scriptable: ${window.opener.document.title}`;
        } catch {
          return 'cross-origin';
        }
      });
      assert.ok(reach === 'none' || reach === 'cross-origin', `the new tab reaches its opener: ${reach}`);
      assert.equal(await open.frame.locator('[data-blocked-link]').count(), 0);
      await tab.close();

      // embed.js sizes both sandboxed frames to their content.
      for (const f of [strict, open]) {
        await poll(async () => {
          const h = await appHeight(f.frame);
          const attr = Number(await f.handle.getAttribute('height'));
          const shown = await f.handle.evaluate((el) => el.getBoundingClientRect().height);
          return h < 200 || (attr === h && Math.abs(shown - h) <= 1);
        }, 'embed.js to size the frame');
      }
      const problems = page.problems.filter((p) => !BLOCKED_POPUP.test(p));
      assert.deepEqual(problems, []);
    });
  });

  for (const scheme of ['light', 'dark']) {
    it(`the host's look: accent colour and transparent background, an unreadable accent ignored with the notice (embed-themed.html, device ${scheme})`, async () => {
      await withPage({ colorScheme: scheme }, async (page) => {
        await page.goto(`${server.url}/examples/embed-themed.html`);
        const themed = await liveFrame(page, 'widget-themed');
        const look = await themed.frame.evaluate(() => {
          const app = document.querySelector('.app');
          const bg = (el) => getComputedStyle(el).backgroundColor;
          return {
            accent: getComputedStyle(app).getPropertyValue('--accent').trim(),
            link: getComputedStyle(document.querySelector('a.open-full')).color,
            backgrounds: [bg(document.documentElement), bg(document.body), bg(app)],
            scheme: getComputedStyle(document.documentElement).colorScheme,
            notices: document.querySelectorAll('[data-notice="warn"]').length,
          };
        });
        assert.equal(look.accent, '#5b2a86');
        assert.equal(look.link, 'rgb(91, 42, 134)', 'links take the accent');
        assert.deepEqual(look.backgrounds, ['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)']);
        assert.equal(look.scheme, 'light', 'the frame keeps the light scheme of theme=light');
        assert.equal(look.notices, 0);
        // The host's own background shows through the frame (pixels of the frame's top-left
        // padding, read back through a canvas): also on a dark device, where a frame whose colour
        // scheme differed from the page's would be painted on an opaque backdrop.
        const box = await themed.handle.boundingBox();
        const png = await page.screenshot({ clip: { x: box.x + 1, y: box.y + 1, width: 4, height: 4 } });
        const pixel = await page.evaluate(async (b64) => {
          const img = new Image();
          img.src = `data:image/png;base64,${b64}`;
          await img.decode();
          const c = document.createElement('canvas');
          c.width = img.width;
          c.height = img.height;
          const g = c.getContext('2d');
          g.drawImage(img, 0, 0);
          return [...g.getImageData(1, 1, 1, 1).data.slice(0, 3)];
        }, png.toString('base64'));
        const host = [0xfd, 0xf1, 0xe4];
        assert.ok(pixel.every((v, i) => Math.abs(v - host[i]) <= 2), `host background ${host} shows through: got ${pixel}`);

        // accent=ffee00 cannot be read as link text: ignored, said so, the theme's accent stays.
        const plain = await liveFrame(page, 'widget-unreadable');
        const notice = await plain.frame.textContent('[data-notice="warn"]');
        assert.match(notice, /accent colour “ffee00” \(too light/, notice);
        const accent = await plain.frame.evaluate(() => getComputedStyle(document.querySelector('.app')).getPropertyValue('--accent').trim());
        assert.equal(accent, scheme === 'dark' ? '#7cb7ff' : '#0a5cad');
        assert.deepEqual(page.problems, []);
      });
    });
  }

  it('AMP-like parent: amp-iframe\'s embed-size request resizes the frame (embed-amp.html)', async () => {
    await withPage({}, async (page) => {
      await page.goto(`${server.url}/examples/embed-amp.html`);
      const { frame } = await liveFrame(page, 'widget-amp');
      assert.equal((await frame.textContent('#count-live')).trim(), `${POSITIVE} studies`);
      await poll(async () => {
        const h = await appHeight(frame);
        const host = await page.evaluate(() => {
          const el = document.getElementById('amp-host');
          return { attr: Number(el.getAttribute('height')), box: el.getBoundingClientRect().height, overflow: el.querySelector('[overflow]').hidden };
        });
        return host.attr === h && Math.abs(host.box - h) <= 1 && host.overflow;
      }, 'the AMP-like host to take the widget\'s height');
      assert.deepEqual(page.problems, []);
    });
  });
});
