// No label on the timeline overlaps another label or another study's mark: every mark label's and
// mark body's box is measured in the browser at 1280 and 360 px wide, in the default view, calm mode
// and the 10,000-study build, after scrolling through the whole chart. Labels are in plain words
// ("Phase 2 · 53 people"), shortened or hidden where they do not fit.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './server.mjs';
import { launch, newPage } from './browser.mjs';
import { DIST, ROOT, SHOTS, mounted } from './support.mjs';

const DIST10K = path.join(ROOT, 'dist-10k');

/** Every overlap between a label and another label or another mark in the chart as drawn now. */
function overlapsInPage() {
  const boxes = [];
  // A mark is one shape carrying the study's id; the labels follow the marks in their lane.
  for (const m of document.querySelectorAll('.tl-svg .mark[data-study-id]')) {
    boxes.push({ id: m.getAttribute('data-study-id'), kind: 'mark', r: m.getBoundingClientRect() });
  }
  for (const label of document.querySelectorAll('.tl-svg .mark-label')) {
    boxes.push({ id: null, kind: 'label', inside: label.classList.contains('inside'), r: label.getBoundingClientRect(), text: label.textContent });
  }
  for (const t of document.querySelectorAll('.tl-svg .lane-label, .tl-svg .group-label')) {
    boxes.push({ id: t.textContent, kind: 'lane', r: t.getBoundingClientRect(), text: t.textContent });
  }
  // Boxes may touch; 0.5 px of anti-aliasing slack.
  const hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  // A label inside a bar lies wholly within its own mark (marks in a row never overlap).
  const within = (a, b) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
  const labels = boxes.filter((b) => b.kind !== 'mark');
  const found = [];
  for (const l of labels) {
    for (const o of boxes) {
      if (o === l || (l.inside && o.kind === 'mark' && within(l.r, o.r))) continue;
      if (o.kind !== 'mark' && boxes.indexOf(o) < boxes.indexOf(l)) continue; // each label pair once
      if (hit(l.r, o.r)) found.push(`"${l.text}"${l.id ? ` (${l.id})` : ''} overlaps ${o.kind} ${o.kind === 'mark' ? o.id : `"${o.text}"`}`);
    }
  }
  return { found, labels: labels.filter((b) => b.kind === 'label').length, texts: labels.slice(0, 400).map((b) => b.text) };
}

/** Scrolls the chart top to bottom a screen at a time and collects overlaps at each stop. */
async function checkWholeChart(page) {
  const all = [];
  let labels = 0;
  const texts = new Set();
  const height = await page.locator('.tl-scroll').evaluate((el) => el.scrollHeight);
  const view = await page.locator('.tl-scroll').evaluate((el) => el.clientHeight || 600);
  const stops = Math.min(40, Math.ceil(height / view));
  for (let i = 0; i < stops; i++) {
    await page.locator('.tl-scroll').evaluate((el, y) => { el.scrollTop = y; el.dispatchEvent(new Event('scroll')); }, i * view);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const r = await page.evaluate(overlapsInPage);
    all.push(...r.found);
    labels += r.labels;
    r.texts.forEach((t) => texts.add(t));
  }
  return { found: [...new Set(all)], labels, texts };
}

describe('timeline labels never overlap', () => {
  let browser;
  let server;
  let server10k;
  before(async () => {
    browser = await launch();
    server = await serve({ '/': DIST });
    if (fs.existsSync(path.join(DIST10K, 'index.html'))) server10k = await serve({ '/': DIST10K });
  });
  after(async () => {
    await server?.close();
    await server10k?.close();
    await browser?.close();
  });

  const cases = [];
  for (const width of [1280, 360]) {
    cases.push({ name: `default view at ${width} px`, width, query: '' });
    cases.push({ name: `calm mode at ${width} px`, width, query: '?theme=calm&view=timeline' });
    cases.push({ name: `10,000 studies at ${width} px`, width, query: '', big: true });
  }
  for (const c of cases) {
    it(c.name, async (t) => {
      if (c.big && !server10k) { t.skip('dist-10k/ missing: scripts/test.sh builds it'); return; }
      const base = c.big ? server10k.url : server.url;
      const page = await newPage(browser, base, { viewport: { width: c.width, height: 900 } });
      try {
        await page.goto(`${base}/${c.query}`);
        await mounted(page);
        await page.waitForSelector('.tl-svg .mark[data-study-id]');
        const r = await checkWholeChart(page);
        const tag = `${c.big ? '10k' : c.query ? 'calm' : 'default'}-${c.width}`;
        fs.mkdirSync(SHOTS, { recursive: true });
        await page.locator('.tl-scroll').evaluate((el) => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); });
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        await page.screenshot({ path: path.join(SHOTS, `labels-${tag}.png`) });
        assert.deepEqual(r.found, [], `overlapping labels:\n${r.found.slice(0, 20).join('\n')}`);
        assert.ok(r.labels > 0, 'some labels are drawn');
        if (!c.big && c.width === 1280) {
          // Plain words, not codes: "Phase 2 · 53 people", never "P2 · n=53".
          const texts = [...r.texts];
          assert.ok(texts.some((x) => / people$/.test(x)), `some label says "… people": ${texts.slice(0, 10).join(' | ')}`);
          assert.ok(!texts.some((x) => /n=|\bP\d|P\?/.test(x)), 'no label uses "n=" or "P2"-style codes');
        }
        assert.deepEqual(page.problems, []);
      } finally {
        await page.context().close();
      }
    });
  }
});
