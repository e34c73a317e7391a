// The browser tiers that Playwright cannot drive here (Firefox through geckodriver, WebKit
// through WebKitWebDriver) share this: a W3C WebDriver client over Node's fetch, the driver
// process's lifecycle, and the smoke checks both tiers run against the built widget (views,
// filter, detail, history, keyboard, the embed height message and a sandboxed frame's links).
// Every wait polls for state; nothing sleeps for a fixed time and then asserts.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TIMEOUT_MS = 60000;
// The W3C web element identifier.
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
export const KEY = { Enter: '\uE007', Escape: '\uE00C', ArrowRight: '\uE014', Tab: '\uE004' };

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function freePort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

/** One W3C WebDriver command; throws with the driver's error message on failure. */
export async function wd(base, method, route, body) {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const v = json.value || {};
    throw new Error(`${method} ${route}: ${res.status} ${v.error || ''} ${v.message || ''}`.trim());
  }
  return json.value;
}

/**
 * Starts a WebDriver server (`command args…`, which must listen on `port`) in its own process
 * group and waits until it answers /status. `close()` ends the whole group (xvfb-run starts Xvfb
 * and the driver, which starts the browser).
 */
export async function startDriver(command, args, port, { env } = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: env ?? process.env });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  child.on('error', (e) => { log += `spawn error: ${e.message}\n`; });
  const exited = new Promise((r) => child.on('exit', r));
  const base = `http://127.0.0.1:${port}`;
  const close = async () => {
    const group = (sig) => { try { process.kill(-child.pid, sig); } catch { /* already gone */ } };
    group('SIGTERM');
    if (await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])) return;
    group('SIGKILL');
    await exited;
  };
  const ready = Date.now() + 30000;
  for (;;) {
    const s = await wd(base, 'GET', '/status').catch(() => null);
    if (s?.ready) break;
    if (child.exitCode !== null || Date.now() > ready) {
      await close();
      throw new Error(`${command} did not start:\n${log}`);
    }
    await sleep(200);
  }
  return { base, close, log: () => log };
}

/** A WebDriver session with the few commands the smoke checks need. */
export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async create(base, capabilities) {
    const s = await wd(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } });
    const session = new Session(base, s.sessionId);
    session.capabilities = s.capabilities;
    return session;
  }

  cmd(method, route, body) {
    return wd(this.base, method, `/session/${this.id}${route}`, body);
  }

  exec(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  /** Polls `script` until `pred(value)` holds; returns the value or throws naming `what`. */
  async until(script, pred, what, args = [], timeout = TIMEOUT_MS) {
    const end = Date.now() + timeout;
    let last;
    while (Date.now() < end) {
      last = await this.exec(script, args).catch((e) => `error: ${e.message}`);
      if (pred(last)) return last;
      await sleep(150);
    }
    throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)}`);
  }

  async find(css) {
    const el = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return { [ELEMENT]: el[ELEMENT] };
  }

  click(el) {
    return this.cmd('POST', `/element/${el[ELEMENT]}/click`, {});
  }

  async clickCss(css) {
    return this.click(await this.find(css));
  }

  /** Presses keys (KEY values) on whatever has the focus, through the actions API. */
  keys(...keys) {
    const actions = keys.flatMap((k) => [{ type: 'keyDown', value: k }, { type: 'keyUp', value: k }]);
    return this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] })
      .finally(() => this.cmd('DELETE', '/actions').catch(() => {}));
  }

  /**
   * Clicks `css` inside the frame `frameCss` (on the top page) after scrolling the top page so it
   * is in view: WebKitWebDriver does not scroll the parent of an opaque-origin frame for a click.
   */
  async clickInFrame(frameCss, css) {
    await this.top();
    const frameTop = await this.exec('return document.querySelector(arguments[0]).getBoundingClientRect().top + scrollY;', [frameCss]);
    await this.frame(frameCss);
    const elTop = await this.exec('return document.querySelector(arguments[0]).getBoundingClientRect().top;', [css]);
    await this.top();
    await this.exec('scrollTo(0, Math.max(0, arguments[0]));', [frameTop + elTop - 100]);
    await this.frame(frameCss);
    return this.clickCss(css);
  }

  url() { return this.cmd('GET', '/url'); }
  go(url) { return this.cmd('POST', '/url', { url }); }
  back() { return this.cmd('POST', '/back', {}); }
  forward() { return this.cmd('POST', '/forward', {}); }
  handles() { return this.cmd('GET', '/window/handles'); }
  handle() { return this.cmd('GET', '/window'); }
  toWindow(handle) { return this.cmd('POST', '/window', { handle }); }
  async frame(css) { return this.cmd('POST', '/frame', { id: await this.find(css) }); }
  top() { return this.cmd('POST', '/frame', { id: null }); }
  close() { return this.cmd('DELETE', '').catch(() => {}); }
}

/** Records script errors and CSP violations in the current document from now on. */
const WATCH = `window.__problems = window.__problems || [];
  addEventListener('error', (e) => __problems.push('error: ' + e.message));
  document.addEventListener('securitypolicyviolation', (e) => __problems.push('csp: ' + e.violatedDirective + ' ' + e.blockedURI));`;

/**
 * The smoke checks of a WebDriver tier. `check(ok, what, detail)` reports one result. Needs the
 * built widget in `dist` (served with the strict CSP) and the repository's examples/.
 */
export async function smoke(s, check, { dist }) {
  const data = JSON.parse(fs.readFileSync(path.join(ROOT, 'data/studies.json'), 'utf8'));
  const N = data.studies.length;
  const POSITIVE = data.studies.filter((x) => x.evidence === 'positive').length;
  const server = await serve({ '/': dist }, { csp: true });
  const examples = await serve({ '/dist/': dist, '/': ROOT });
  const count = "return document.querySelector('.app[data-live] #count-live')?.textContent.trim() ?? null;";
  // The address is written when the page is next idle, which can be after the view has changed:
  // wait for a query parameter to take the value wanted.
  const untilParam = (name, want) => s.until(`return new URLSearchParams(location.search).get(${JSON.stringify(name)});`, (v) => v === want, `${name}=${want} in the URL`);
  const attempt = async (what, fn) => {
    try {
      await fn();
    } catch (e) {
      check(false, what, e.message.split('\n')[0]);
    }
  };
  try {
    await s.go(`${server.url}/`);
    await s.exec(WATCH);

    await attempt('mount', async () => {
      const shown = await s.until(count, (v) => v === `${N} studies`, `"${N} studies"`);
      check(shown === `${N} studies`, `the widget mounts and shows all ${N} studies of data/studies.json`, shown);
      const marks = await s.exec("return document.querySelectorAll('.tl-scroll [data-study-id]').length;");
      check(marks > 0, 'the timeline draws study marks', `${marks} marks`);
    });

    await attempt('filter', async () => {
      const css = 'input[data-facet="status"][data-value="positive"]';
      const box = await s.find(css);
      await s.click(box).catch(async () => {
        // A visually restyled checkbox may be covered by its label; click the label instead.
        await s.clickCss(`label[for="${await s.exec('return document.querySelector(arguments[0]).id;', [css])}"]`);
      });
      const after = await s.until(count, (v) => v === `${POSITIVE} studies`, `"${POSITIVE} studies"`);
      check(after === `${POSITIVE} studies`, `status=positive narrows the count to the ${POSITIVE} positive studies`, after);
      check(await s.cmd('GET', `/element/${box[ELEMENT]}/selected`) === true, 'the checkbox is checked');
      await s.until('return location.search;', (v) => v === '?status=positive', 'the URL to say status=positive');
      check(true, 'the URL says status=positive');
    });

    await attempt('views', async () => {
      await s.clickCss('[data-view-button="table"]');
      const rows = await s.until("return document.querySelectorAll('#results table tr[data-study-id]').length;", (v) => v === POSITIVE, `${POSITIVE} table rows`);
      check(rows === POSITIVE, 'the table view lists one row per study shown', `${rows} rows`);
      const view = await untilParam('view', 'table');
      check(view === 'table', 'the URL says view=table', view);
      await s.clickCss('[data-view-button="compare"]');
      await s.until("return !!document.querySelector('button.suggest');", (v) => v === true, 'the compare view');
      await s.clickCss('button.suggest');
      const cols = await s.until("return document.querySelectorAll('article.compare-col').length;", (v) => v >= 2, 'compared treatments');
      check(cols >= 2, 'the compare view compares the suggested treatments', `${cols} columns`);
      await s.clickCss('[data-view-button="timeline"]');
      await s.until("return document.querySelectorAll('.tl-scroll .mark[data-study-id]').length;", (v) => v > 0, 'the timeline again');
      // The address is written when the page is next idle: wait for it before going on.
      await s.until('return new URLSearchParams(location.search).has("view");', (v) => v === false, 'view= to leave the URL');
    });

    await attempt('detail and history', async () => {
      const before = await s.url();
      const id = await s.exec("return document.querySelector('.tl-scroll .mark[data-study-id]').getAttribute('data-study-id');");
      await s.click(await s.find(`.tl-scroll .mark[data-study-id="${id}"]`));
      await s.until(`return !!document.querySelector('section.detail[data-study-id="${id}"]');`, (v) => v === true, `the detail of ${id}`);
      await untilParam('study', id);
      check(true, 'clicking a mark opens its detail and writes study= to the URL', id);
      await s.back();
      await s.until("return document.querySelector('section.detail') === null;", (v) => v === true, 'the detail to close on Back');
      check(await s.url() === before, 'Back closes the detail and restores the previous address', await s.url());
      await s.forward();
      await s.until(`return !!document.querySelector('section.detail[data-study-id="${id}"]');`, (v) => v === true, 'the detail again on Forward');
      check(true, 'Forward opens the same detail again');
      await s.clickCss('section.detail .detail-close');
      await s.until("return document.querySelector('section.detail') === null;", (v) => v === true, 'the detail to close');
    });

    await attempt('keyboard', async () => {
      await s.exec("document.querySelector('.tl-scroll').focus();");
      await s.keys(KEY.ArrowRight);
      const focused = await s.until("const m = document.querySelector('.mark.focused'); return m && document.querySelector('.tl-scroll').getAttribute('aria-activedescendant') === m.id ? m.getAttribute('data-study-id') : null;",
        (v) => typeof v === 'string', 'a focused mark');
      check(true, 'ArrowRight on the timeline focuses a mark (aria-activedescendant)', focused);
      await s.keys(KEY.Enter);
      await s.until(`return !!document.querySelector('section.detail[data-study-id="${focused}"]');`, (v) => v === true, 'Enter to open the focused study');
      check(true, 'Enter opens the focused study');
      await s.exec("document.querySelector('section.detail').focus();");
      await s.keys(KEY.Escape);
      await s.until("return document.querySelector('section.detail') === null;", (v) => v === true, 'Escape to close the detail');
      check(true, 'Escape closes the detail');
    });

    const problems = await s.exec('return window.__problems;');
    check(Array.isArray(problems) && problems.length === 0, 'no script errors or CSP violations', JSON.stringify(problems));

    await attempt('what we know', async () => {
      // Every treatment with its verdict badge; one treatment's handout lists all its studies.
      await s.go(`${server.url}/?view=treatments`);
      const T = data.treatments.length;
      const cards = await s.until("return document.querySelectorAll('.app[data-live] li.tx-card .verdict-badge').length;", (v) => v === T, `${T} verdict cards`);
      check(cards === T, 'What we know lists every treatment with its verdict badge', `${cards} cards`);
      await s.clickCss('li.tx-card[data-treatment="cbt"] .tx-links button:last-child');
      const cbt = data.studies.filter((x) => x.treatment === 'cbt').length;
      const rows = await s.until("return document.querySelectorAll('article.handout .handout-table tbody tr').length;", (v) => v === cbt, `${cbt} handout rows`);
      check(rows === cbt, 'the handout lists every study of the treatment', `${rows} of ${cbt}`);
      const treat = await untilParam('treat', 'cbt');
      check(treat === 'cbt', 'the URL names the handout treatment', treat);
    });

    await attempt('since', async () => {
      // since= keeps only the studies added or changed on or after the day, and says so.
      const day = data.changelog?.at(-1)?.date ?? '2026-12-01';
      const want = data.studies.filter((x) => (x.added && x.added >= day) || (x.history || []).some((h) => h.date >= day)).length;
      await s.go(`${server.url}/?since=${day}&status=positive`);
      const both = data.studies.filter((x) => x.evidence === 'positive' && ((x.added && x.added >= day) || (x.history || []).some((h) => h.date >= day))).length;
      const shown = await s.until(count, (v) => v === `${both} studies`, `"${both} studies"`);
      check(shown === `${both} studies`, `since=${day} with status=positive shows the ${both} positive studies added or changed since (${want} in all)`, shown);
      const note = await s.until("return document.querySelector('.since-note')?.textContent ?? null;", (v) => typeof v === 'string', 'the since note');
      check(note.includes('added or changed since'), 'a line says only new or changed studies are shown', note.slice(0, 80));
    });

    await attempt('data pin', async () => {
      // A link made with an older data version (data=) still applies, and the notice says the
      // data changed since and how many of the studies shown were added or changed after it.
      const old = data.changelog.at(-2);
      const oldIndex = data.changelog.findIndex((c) => c.version === old.version);
      const changed = new Set(data.changelog.slice(oldIndex + 1).flatMap((c) => [...(c.added || []), ...(c.changed || [])]));
      const shownIds = data.studies.filter((x) => x.evidence === 'preliminary').map((x) => x.id);
      const n = shownIds.filter((id) => changed.has(id)).length;
      await s.go(`${server.url}/?status=preliminary&data=${old.version}`);
      const shown = await s.until(count, (v) => v === `${shownIds.length} studies`, `"${shownIds.length} studies"`);
      check(shown === `${shownIds.length} studies`, 'a link pinned to an older data version still applies its filters', shown);
      const notice = await s.until("return document.querySelector('[data-notice=\"warn\"]')?.textContent ?? null;", (v) => typeof v === 'string', 'the pin notice');
      check(notice.includes(`made with data version ${old.version}`) && notice.includes('the data has changed since')
        && notice.includes(`${n} of the studies shown were added or changed after it`),
        `the notice says the data changed since version ${old.version} (${n} of the studies shown)`, notice.slice(0, 160));
    });

    await attempt('embed height', async () => {
      // examples/embed.html: two same-origin frames with embed.js; each becomes as tall as its widget.
      await s.go(`${examples.url}/examples/embed.html`);
      const fits = `return [...document.querySelectorAll('iframe[data-mecfs-timeline]')].map((f) => {
          const app = f.contentDocument && f.contentDocument.querySelector('.app[data-live]');
          if (!app) return 'loading';
          const h = Math.ceil(app.getBoundingClientRect().height);
          return Math.abs(f.getBoundingClientRect().height - h) <= 1 && f.getAttribute('height') === String(h) ? 'fits' : h + ' vs ' + f.getAttribute('height');
        });`;
      // The frames load lazily: scroll each into view and let it start before the next, or the
      // first can be scrolled out again before the browser ever decides to load it.
      for (const i of [0, 1]) {
        await s.exec('document.querySelectorAll(\'iframe[data-mecfs-timeline]\')[arguments[0]].scrollIntoView();', [i]);
        await s.until(fits, (v) => Array.isArray(v) && v[i] !== 'loading', `frame ${i + 1} to go live`);
      }
      const state = await s.until(fits, (v) => Array.isArray(v) && v.length === 2 && v.every((x) => x === 'fits'), 'both frames to fit their widget');
      check(true, 'embed.js sizes each frame to its widget from the height message', state.join(', '));
    });

    // The other embed host pages: WordPress's protocol, AMP's resize request, a stripped script.
    const innerHeight = async (frameCss) => {
      await s.frame(frameCss);
      await s.until("return document.querySelector('.app[data-live]') ? 1 : 0;", (v) => v === 1, `the widget in ${frameCss}`);
      const h = await s.exec("return Math.ceil(document.querySelector('.app').getBoundingClientRect().height);");
      await s.top();
      return h;
    };
    await attempt('WordPress embed', async () => {
      await s.go(`${examples.url}/examples/embed-wordpress.html`);
      const h = await innerHeight('#widget-wp');
      const want = String(Math.min(1000, Math.max(200, h)));
      const state = await s.until(`const f = document.getElementById('widget-wp');
          return [f.getAttribute('style'), f.getAttribute('height'), document.querySelector('blockquote.wp-embedded-content').hidden];`,
        (v) => Array.isArray(v) && v[0] === null && v[1] === want && v[2] === true, `WordPress's frame shown at height ${want}`);
      check(true, 'WordPress (secret in the fragment): the frame is shown at the widget\'s height, clamped to 200..1000', state[1]);
    });
    await attempt('AMP embed', async () => {
      await s.go(`${examples.url}/examples/embed-amp.html`);
      const h = await innerHeight('#widget-amp');
      await s.until("return Number(document.getElementById('amp-host').getAttribute('height'));", (v) => v === h, `the AMP-like host at ${h}px`);
      check(true, 'AMP (embed-size request): the host takes the widget\'s height', String(h));
    });
    await attempt('script stripped', async () => {
      await s.go(`${examples.url}/examples/embed-no-script.html`);
      await innerHeight('#widget-noscript');
      const [h, vh, w, room] = await s.exec(`const f = document.getElementById('widget-noscript'); const r = f.getBoundingClientRect();
          const cs = getComputedStyle(f.parentElement);
          return [r.height, innerHeight, r.width, f.parentElement.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)];`);
      check(Math.abs(h - Math.min(720, 0.85 * vh)) <= 1 && Math.abs(w - room) <= 1, 'without embed.js the frame is full width and min(720px, 85vh) tall', `${w}x${h}, viewport height ${vh}`);
    });

    await attempt('host look', async () => {
      await s.go(`${examples.url}/examples/embed-themed.html`);
      await innerHeight('#widget-themed');
      await s.frame('#widget-themed');
      const look = await s.exec(`const app = document.querySelector('.app');
          const bg = (el) => getComputedStyle(el).backgroundColor;
          return [getComputedStyle(document.querySelector('a.open-full')).color, bg(document.documentElement), bg(document.body), bg(app)];`);
      await s.top();
      check(look[0] === 'rgb(91, 42, 134)' && look.slice(1).every((b) => b === 'rgba(0, 0, 0, 0)' || b === 'transparent'),
        'accent=5b2a86&bg=transparent: links take the accent, no background of its own', look.join(', '));
      await innerHeight('#widget-unreadable');
      await s.frame('#widget-unreadable');
      const notice = await s.until("return document.querySelector('[data-notice=\"warn\"]')?.textContent ?? null;", (v) => typeof v === 'string', 'the notice');
      await s.top();
      check(/accent colour “ffee00” \(too light/.test(notice), 'an unreadable accent is ignored with the notice', notice);
    });

    await attempt('sandboxed frame', async () => {
      // examples/embed-sandboxed.html, sandbox="allow-scripts": a new tab cannot open, so the
      // widget offers the link for copying.
      await s.go(`${examples.url}/examples/embed-sandboxed.html`);
      const main = await s.handle();
      const handles = (await s.handles()).length;
      await s.frame('#widget-strict');
      await s.until(count, (v) => v === `${POSITIVE} studies`, 'the widget in the sandboxed frame');
      check(await s.exec('return self.origin;') === 'null', 'the frame is an opaque-origin sandbox');
      const href = await s.exec("return document.querySelector('a.open-full').href;");
      await s.clickInFrame('#widget-strict', 'a.open-full');
      const shown = await s.until("const i = document.getElementById('blocked-link'); return i && document.activeElement === i ? i.value : null;", (v) => typeof v === 'string', 'the copy-the-link box');
      check(shown === href, 'a blocked new tab shows the link to copy, focused', shown);
      const near = await s.exec(`const b = document.querySelector('[data-blocked-link]').getBoundingClientRect();
        const a = document.querySelector('a.open-full').getBoundingClientRect();
        return Math.min(Math.abs(b.top - a.bottom), Math.abs(a.top - b.bottom));`);
      check(near <= 8, 'the box appears right next to the link', `${near}px away`);
      await s.top();
      check((await s.handles()).length === handles, 'no window opened');

      // embed.js sized the opaque-origin frame: compare with the height the widget measures.
      const frameHeight = await s.exec("return Math.round(document.getElementById('widget-strict').getBoundingClientRect().height);");
      await s.frame('#widget-strict');
      const inner = await s.exec("return Math.ceil(document.querySelector('.app').getBoundingClientRect().height);");
      await s.top();
      check(Math.abs(frameHeight - inner) <= 1, 'embed.js sizes a sandboxed frame too', `${frameHeight} vs ${inner}`);

      // sandbox="allow-scripts allow-popups": the same link opens a new window (checked last:
      // the session ends with it open).
      await s.frame('#widget-popups');
      await s.until("return document.querySelector('.app[data-live]') ? 1 : 0;", (v) => v === 1, 'the widget in the second frame');
      const wanted = await s.exec("return document.querySelector('a.open-full').href;");
      await s.clickInFrame('#widget-popups', 'a.open-full');
      await s.top();
      let all = await s.handles();
      for (const end = Date.now() + 20000; all.length <= handles && Date.now() < end; all = await s.handles()) await sleep(150);
      check(all.length === handles + 1, 'with allow-popups the link opens a new window', `${all.length} windows`);
      const opened = all.find((h) => h !== main);
      if (opened) {
        await s.toWindow(opened);
        const u = await s.until('return location.href;', (v) => v === wanted, 'the new window to load the full view').catch((e) => e.message);
        check(u === wanted, 'the new window shows the full view', u);
      }
    });
  } finally {
    await server.close();
    await examples.close();
  }
}

/** Runs a tier: reports TAP-like lines and returns the process exit code. */
export async function runTier(name, startAndCreate) {
  let passed = 0;
  let failed = 0;
  const check = (ok, what, detail = '') => {
    if (ok) passed++;
    else failed++;
    console.log(`${ok ? 'ok' : 'not ok'} - ${what}${detail ? ` (${detail})` : ''}`);
    return ok;
  };
  const dist = path.resolve(ROOT, process.env.DIST || 'dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    check(false, `${path.relative(ROOT, dist)}/index.html missing: run scripts/build.sh first`);
    return 1;
  }
  const started = Date.now();
  let driver;
  let session;
  try {
    ({ driver, session } = await startAndCreate());
    await smoke(session, check, { dist });
  } catch (e) {
    check(false, `the ${name} session ran`, e.message);
  } finally {
    await session?.close();
    await driver?.close();
  }
  console.log(`${name} smoke: ${passed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failed === 0 && passed > 0 ? 0 : 1;
}
