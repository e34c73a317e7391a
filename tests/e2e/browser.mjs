// Launches Debian's Chromium through playwright-core (no browser download) with the flags this
// machine needs, and collects page errors so every test can assert none happened.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/** A new page that records console errors, page errors and requests to other origins. */
export async function newPage(browser, origin, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:') && !u.startsWith('about:')) {
      page.problems.push(`foreign request: ${u}`);
    }
  });
  return page;
}

/** The live widget's count: present once the wasm app has replaced the prerendered view. */
export const LIVE = '.app[data-live] #count-live';

/** Waits until the live widget (not the build-time prerender standing in) shows its count. */
export async function ready(page) {
  await page.waitForSelector(LIVE, { timeout: 30000 });
}
