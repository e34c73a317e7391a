// The data's history in a real browser: `since=` keeps only the studies added or changed since a
// day and says so, a link pinned to an older data version (`data=`) says what changed since,
// shared links carry the pin, "About this data" shows the current version's changes, and the
// build's feed.xml is served next to the widget. Expected numbers are worked out here from
// data/studies.json by the documented rules (docs/DATA.md, section 4a), not by the app's code.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './server.mjs';
import { launch, newPage } from './browser.mjs';
import { DIST, loadData, mounted } from './support.mjs';

const data = loadData();
const N = data.studies.length;

/** Studies added or changed on or after `day` (YYYY-MM-DD), by `added` and `history`. */
function changedSince(day) {
  return data.studies.filter((s) => (s.added && s.added >= day) || (s.history || []).some((h) => h.date >= day));
}

/** Ids the changelog lists as added or changed in the versions after `version`. */
function changedAfter(version) {
  const num = (v) => v.split('.').map(Number);
  const later = (a, b) => {
    const [x, y] = [num(a), num(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      if ((x[i] ?? -1) !== (y[i] ?? -1)) return (x[i] ?? -1) > (y[i] ?? -1);
    }
    return false;
  };
  const ids = new Set();
  for (const c of data.changelog) if (later(c.version, version)) for (const id of [...c.added, ...c.changed]) ids.add(id);
  return ids;
}

async function waitCount(page, n) {
  await page.waitForFunction((want) => document.querySelector('#count-live')?.textContent.trim() === want, `${n} studies`, { timeout: 10000 }).catch(() => {});
  assert.equal((await page.textContent('#count-live')).trim(), `${n} studies`);
}

describe('history: since=, pinned links, what changed', () => {
  let server;
  let browser;

  before(async () => {
    assert.ok(fs.existsSync(path.join(DIST, 'index.html')), 'dist/index.html missing: run scripts/build.sh');
    assert.ok(data.changelog?.length > 0, 'data/studies.json has a changelog');
    server = await serve({ '/': DIST });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(query) {
    const page = await newPage(browser, server.url);
    await page.goto(server.url + '/' + query);
    await mounted(page);
    return page;
  }

  it('since= keeps only the studies added or changed since the day, says so, and clears', async () => {
    const current = data.changelog.at(-1);
    const after = (d) => new Date(Date.parse(d) + 86400000).toISOString().slice(0, 10);
    for (const day of [current.date, after(current.date), '2026-11-22']) {
      const page = await open(`?since=${day}`);
      try {
        const want = changedSince(day).length;
        await waitCount(page, want);
        const note = page.locator('.since-note');
        await note.waitFor();
        assert.match(await note.textContent(), new RegExp(`Showing only the ${want} studies added or changed since`));
        if (want > 0) {
          const shown = await page.locator('.tl-scroll [data-study-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-study-id')));
          const allowed = new Set(changedSince(day).map((s) => s.id));
          for (const id of shown) assert.ok(allowed.has(id), `${id} shown under since=${day}`);
        }
        // "Show all studies" clears the filter, and the URL with it.
        await page.click('#since-clear');
        await waitCount(page, N);
        await page.waitForFunction(() => !new URLSearchParams(location.search).has('since'), null, { timeout: 10000 });
        assert.equal(await page.locator('.since-note').count(), 0);
        assert.deepEqual(page.problems, []);
      } finally {
        await page.context().close();
      }
    }
  });

  it('an invalid since= is ignored with the notice; the rest of the link applies', async () => {
    const page = await open('?since=last-week&view=table');
    try {
      const notice = page.locator('[data-notice="warn"]');
      await notice.waitFor();
      assert.match(await notice.textContent(), /new or changed since “last-week” \(not a date like 2026-12-01\)/);
      await waitCount(page, N);
      assert.equal(await page.getAttribute('.app', 'data-view'), 'table');
      assert.equal(await page.locator('.since-note').count(), 0);
    } finally {
      await page.context().close();
    }
  });

  it('a link pinned to an older data version says the data changed and how many shown studies', async () => {
    const old = data.changelog.at(-2);
    const id = 'ruan-2025-rapamycin-pilot';
    const page = await open(`?status=preliminary&study=${id}&data=${old.version}`);
    try {
      const changed = changedAfter(old.version);
      const shown = data.studies.filter((s) => s.evidence === 'preliminary');
      const n = shown.filter((s) => changed.has(s.id)).length;
      const notice = page.locator('[data-notice="warn"]');
      await notice.waitFor();
      const text = await notice.textContent();
      assert.match(text, new RegExp(`made with data version ${old.version.replace(/\./g, '\\.')}`));
      assert.match(text, /the data has changed since/);
      assert.match(text, new RegExp(`${n} of the studies shown were added or changed after it`));
      assert.match(text, new RegExp(`this page shows version ${data.version.replace(/\./g, '\\.')}`));
      // The link itself still applies, and dismissing the notice works.
      await waitCount(page, shown.length);
      assert.equal(await page.locator('.detail').count(), 1);
      await page.click('[data-notice="warn"] .notice-close');
      await page.waitForFunction(() => !document.querySelector('[data-notice="warn"]'));
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  });

  it('the same version says nothing; a newer one says studies may be missing; links made to share carry the pin', async () => {
    let page = await open(`?data=${data.version}`);
    try {
      await waitCount(page, N);
      assert.equal(await page.locator('[data-notice]').count(), 0);
      await page.locator('#share').evaluate((d) => { d.open = true; });
      const link = await page.inputValue('#share-link');
      assert.equal(new URL(link).searchParams.get('data'), data.version, link);
      const snippet = await page.inputValue('#embed-snippet');
      assert.ok(snippet.includes(`data=${data.version}`), snippet);
      // The address bar does not carry the pin once the view changes.
      await page.click('[data-view-button="table"]');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('view') === 'table', null, { timeout: 10000 });
      assert.equal(new URL(page.url()).searchParams.has('data'), false, page.url());
    } finally {
      await page.context().close();
    }
    page = await open('?data=2999.1.1');
    try {
      const notice = page.locator('[data-notice="warn"]');
      await notice.waitFor();
      assert.match(await notice.textContent(), /made with data version 2999\.1\.1, newer than this page's/);
    } finally {
      await page.context().close();
    }
  });

  it('About this data shows what changed in this version, and its studies open', async () => {
    const c = data.changelog.at(-1);
    assert.equal(c.version, data.version);
    const page = await open('');
    try {
      await page.locator('#about-data').evaluate((d) => { d.open = true; });
      const about = page.locator('.about-changes');
      await about.waitFor();
      const text = await about.textContent();
      assert.match(text, /What changed in this version/);
      assert.ok(text.includes(`Version ${c.version}`), text.slice(0, 200));
      const plural = (n, w) => (n === 1 ? `1 study ${w}` : `${n} studies ${w}`);
      assert.ok(text.includes(`${plural(c.added.length, 'added')}, ${plural(c.changed.length, 'changed')}, ${plural(c.removed.length, 'removed')}.`), text.slice(0, 400));
      const changedList = page.locator('[data-changes="changed"]');
      assert.equal(await changedList.locator('button').count(), c.changed.length);
      await changedList.evaluate((d) => { d.open = true; });
      const first = c.changed[0];
      await page.click(`[data-changes="changed"] [data-study-open="${first}"]`);
      await page.waitForFunction((id) => new URLSearchParams(location.search).get('study') === id, first, { timeout: 10000 });
      await page.locator('.detail').waitFor();
      assert.ok((await page.textContent('.detail')).includes(data.studies.find((s) => s.id === first).title));
      // The detail's own link is made to be shared: it carries the data version.
      const href = await page.getAttribute('.detail .study-link', 'href');
      assert.equal(new URL(href).searchParams.get('data'), data.version, href);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  });

  it('the build serves feed.xml, an Atom feed with one entry per added or changed study', async () => {
    const res = await fetch(server.url + '/feed.xml');
    assert.equal(res.status, 200);
    const xml = await res.text();
    assert.match(xml, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    const entries = xml.match(/<entry>/g)?.length ?? 0;
    const expected = data.changelog.reduce((n, c) => n + c.added.length + c.changed.length, 0);
    assert.equal(entries, expected);
    // The browser's own XML parser reads it without errors.
    const page = await newPage(browser, server.url);
    try {
      await page.goto(server.url + '/');
      const ok = await page.evaluate((x) => {
        const doc = new DOMParser().parseFromString(x, 'application/xml');
        return !doc.querySelector('parsererror') && doc.documentElement.localName === 'feed'
          && doc.querySelectorAll('entry > link[href*="?study="]').length;
      }, xml);
      assert.equal(ok, expected);
    } finally {
      await page.context().close();
    }
  });
});
