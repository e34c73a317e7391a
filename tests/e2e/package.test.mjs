// The self-hosting bundle (scripts/package.sh): unpacks the zip, serves its site/ folder under a
// sub-path with exactly the headers its _headers file gives (parsed here, Netlify/Cloudflare
// Pages style), embeds it from a page on another origin with the snippet from its INSTALL.txt,
// and follows WordPress's oEmbed discovery from a pasted link to the sandboxed frame WordPress
// would render.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { serve, CSP } from './server.mjs';
import { launch, newPage } from './browser.mjs';
import { ROOT, DIST, loadData, countEvidence } from './support.mjs';
import { unzip } from '../../scripts/zip.mjs';

const data = loadData();
const POSITIVE = countEvidence(data, 'positive');
const PREFIX = '/tools/timeline/';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

/** Parses a Netlify / Cloudflare Pages _headers file into [{pattern, headers: [[name, value]]}]. */
function parseHeaders(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      rules.push({ pattern: line.trim(), headers: [] });
      continue;
    }
    const m = /^\s+([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    assert.ok(m && rules.length, `_headers: not a header line: ${JSON.stringify(line)}`);
    rules.at(-1).headers.push([m[1], m[2].trim()]);
  }
  return rules;
}

/** The headers for `pathname`: every matching rule's (a trailing * matches any rest). */
function headersFor(rules, pathname) {
  const out = [];
  for (const r of rules) {
    const hit = r.pattern.endsWith('*') ? pathname.startsWith(r.pattern.slice(0, -1)) : pathname === r.pattern;
    if (hit) out.push(...r.headers);
  }
  return out;
}

let tmp;
let site;
let rules;
let pkg; // the static host serving site/ under PREFIX with the _headers rules
let host; // another origin: the advocacy site embedding it
let browser;
let zipFile;
let zipEntries;
const duplicates = [];

before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), `${DIST}/index.html missing: run scripts/build.sh`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mecfs-package-'));
  // The package host listens first: the bundle is made for its address (--url).
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://127.0.0.1');
    if (!site || !pathname.startsWith(PREFIX)) return res.writeHead(404).end('not found');
    let rel = decodeURIComponent(pathname.slice(PREFIX.length));
    if (rel === '') rel = 'index.html';
    const file = path.resolve(site, rel);
    // Netlify and Cloudflare Pages never serve _headers; nor do we.
    if (!file.startsWith(site + path.sep) || path.basename(file) === '_headers' || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      return res.writeHead(404).end('not found');
    }
    const headers = { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' };
    for (const [k, v] of headersFor(rules, pathname)) {
      if (Object.keys(headers).some((h) => h.toLowerCase() === k.toLowerCase())) duplicates.push(`${pathname}: ${k}`);
      headers[k] = v;
    }
    res.writeHead(200, headers).end(fs.readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  pkg = { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };

  const out = path.join(tmp, 'out');
  execFileSync('bash', [path.join(ROOT, 'scripts/package.sh'), '--dist', DIST, '--out', out, '--url', `${pkg.url}${PREFIX}`], { cwd: ROOT, stdio: 'pipe' });
  const zips = fs.readdirSync(out).filter((f) => f.endsWith('.zip'));
  assert.equal(zips.length, 1, `one zip written: ${zips}`);
  zipFile = path.join(out, zips[0]);
  zipEntries = unzip(fs.readFileSync(zipFile));
  const unpacked = path.join(tmp, 'unpacked');
  for (const { name, data: bytes } of zipEntries) {
    const target = path.resolve(unpacked, name);
    assert.ok(target.startsWith(unpacked + path.sep), `zip entry escapes its folder: ${name}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, bytes);
  }
  const top = zips[0].replace(/\.zip$/, '');
  site = path.join(unpacked, top, 'site');
  rules = parseHeaders(fs.readFileSync(path.join(site, '_headers'), 'utf8'));

  host = await serve({ '/wp/': path.join(ROOT, 'examples'), '/': path.join(tmp, 'host') });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await pkg?.close();
  await host?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function withPage(fn) {
  const page = await newPage(browser, host.url);
  try {
    await fn(page);
  } finally {
    await page.context().close();
  }
}

describe('self-hosting bundle (scripts/package.sh)', () => {
  it('is a versioned zip with the widget, the header files and INSTALL.txt, the same bytes every time', () => {
    const version = data.version;
    assert.equal(path.basename(zipFile), `mecfs-timeline-${version}.zip`);
    const names = zipEntries.map((e) => e.name);
    const top = `mecfs-timeline-${version}/`;
    for (const f of ['INSTALL.txt', 'nginx.conf', 'GITHUB-PAGES.txt', 'site/_headers', 'site/.htaccess', 'site/index.html', 'site/embed.js', 'site/boot.js', 'site/oembed.json']) {
      assert.ok(names.includes(top + f), `${f} in the zip: ${names.join(', ')}`);
    }
    for (const f of fs.readdirSync(DIST, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name)) {
      assert.ok(names.includes(`${top}site/${f}`), `dist/${f} in the zip`);
    }
    const again = path.join(tmp, 'again');
    execFileSync('bash', [path.join(ROOT, 'scripts/package.sh'), '--dist', DIST, '--out', again, '--url', `${pkg.url}${PREFIX}`], { cwd: ROOT, stdio: 'pipe' });
    assert.ok(fs.readFileSync(zipFile).equals(fs.readFileSync(path.join(again, path.basename(zipFile)))), 'reproducible');
    // The other header files carry the same policy.
    const text = (f) => zipEntries.find((e) => e.name === top + f).data.toString('utf8');
    for (const f of ['site/.htaccess', 'nginx.conf']) {
      assert.ok(text(f).includes(CSP), `${f} has the CSP`);
      assert.ok(text(f).includes('public, max-age=31536000, immutable') && text(f).includes('no-cache'), `${f} has both caching rules`);
    }
  });

  it('serves every file under a sub-path with the CSP, CORS and caching of its _headers', async () => {
    const files = fs.readdirSync(site).filter((f) => !['_headers', '.htaccess'].includes(f));
    for (const f of ['', ...files]) {
      const res = await fetch(`${pkg.url}${PREFIX}${f}`);
      assert.equal(res.status, 200, f);
      const h = (k) => res.headers.get(k);
      assert.equal(h('content-security-policy'), CSP, `${f || '(folder)'}: the CSP the tests run under`);
      assert.equal(h('access-control-allow-origin'), '*', f);
      assert.equal(h('x-content-type-options'), 'nosniff', f);
      const hashed = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(f);
      assert.equal(h('cache-control'), hashed ? 'public, max-age=31536000, immutable' : 'no-cache', `${f || '(folder)'} caching`);
      await res.arrayBuffer();
    }
    assert.ok(files.some((f) => f.endsWith('.wasm')), 'the wasm is there');
    assert.deepEqual(duplicates, [], 'no header is set twice for one path');
  });

  it('the widget runs from the sub-path under those headers, and embeds on another origin with the INSTALL.txt snippet', async () => {
    const install = fs.readFileSync(path.join(site, '..', 'INSTALL.txt'), 'utf8');
    const snippet = install.split('\n').filter((l) => /^\s+<(iframe|p|script)\b/.test(l)).map((l) => l.trim()).join('\n');
    assert.match(snippet, /^<iframe [^>]*src="http:\/\/127\.0\.0\.1:\d+\/tools\/timeline\/\?embed=1"/, snippet);
    assert.doesNotMatch(snippet, / width=/, 'no width attribute');
    const hostDir = path.join(tmp, 'host');
    fs.mkdirSync(hostDir, { recursive: true });
    fs.writeFileSync(path.join(hostDir, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Host</title></head>
<body><h1>Advocacy site</h1>\n${snippet}\n</body></html>\n`);
    await withPage(async (page) => {
      page.problems.length = 0;
      await page.addInitScript(() => {
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      // The full page, straight from the package host.
      await page.goto(`${pkg.url}${PREFIX}?status=positive`);
      await page.waitForSelector('.app[data-live] #count-live', { timeout: 30000 });
      assert.equal((await page.textContent('#count-live')).trim(), `${POSITIVE} studies`);
      assert.deepEqual(await page.evaluate(() => window.__csp), []);

      // Embedded on another origin: mounts, and embed.js makes the frame as tall as the widget.
      await page.goto(`${host.url}/`);
      const handle = await page.waitForSelector('iframe[data-mecfs-timeline]');
      const frame = await handle.contentFrame();
      await frame.waitForSelector('.app[data-live] #count-live', { timeout: 30000 });
      assert.equal(await frame.evaluate(() => document.querySelector('.app').classList.contains('embed')), true);
      const h = await frame.evaluate(() => Math.ceil(document.querySelector('.app').getBoundingClientRect().height));
      await page.waitForFunction(({ el, want }) => Math.abs(el.getBoundingClientRect().height - want) <= 1, { el: handle, want: h }, { timeout: 10000 });
      assert.deepEqual(await frame.evaluate(() => window.__csp), [], 'no CSP violation in the frame');
      const foreign = page.problems.filter((p) => !p.startsWith(`foreign request: ${pkg.url}/`));
      assert.deepEqual(foreign, []);
    });
  });

  it('WordPress: a pasted link is discovered through oembed.json and embeds the widget in WordPress\'s sandbox', async () => {
    // What WordPress's discovery does with a pasted link: fetch the page, find the JSON oEmbed
    // <link> in its <head>, fetch it with its parameters, take the "rich" html.
    const pasted = `${pkg.url}${PREFIX}?status=positive`;
    const page = await (await fetch(pasted)).text();
    const head = page.slice(0, page.toLowerCase().indexOf('</head>'));
    const link = [...head.matchAll(/<link([^<>]+)\/?>/gi)].map((m) => m[1]).find((a) => /type="application\/json\+oembed"/.test(a));
    assert.ok(link, 'index.html has an oEmbed discovery link in its head');
    const href = /href="([^"]+)"/.exec(link)[1];
    assert.equal(href, `${pkg.url}${PREFIX}oembed.json`);
    const res = await fetch(`${href}?maxwidth=640&maxheight=960&url=${encodeURIComponent(pasted)}&dnt=1&format=json`);
    assert.equal(res.headers.get('content-type'), 'application/json');
    const o = await res.json();
    assert.equal(o.version, '1.0');
    assert.equal(o.type, 'rich');
    assert.ok(o.width > 0 && o.height > 0, 'rich answers carry width and height');
    assert.match(o.html, /^<blockquote><a href="[^"]+">[^<]+<\/a><\/blockquote><iframe [^>]*><\/iframe>$/, o.html);
    const iframeTag = /<iframe [^>]*>/.exec(o.html)[0];
    assert.match(iframeTag, new RegExp(` src="${pkg.url}${PREFIX}\\?embed=1"`));
    assert.doesNotMatch(iframeTag, / height=/, 'no height attribute (the block editor would fix an aspect ratio)');

    // As WordPress renders an untrusted provider's answer: only the blockquote and the iframe
    // (src, width, title, frameborder), a secret on both and in the frame's fragment, the frame
    // sandboxed with allow-scripts and hidden until it speaks; wp-embed.js's part is played by
    // examples/wp-embed-host.js.
    const secret = 'Zx81Pq0Lm5';
    const attrs = Object.fromEntries([...iframeTag.matchAll(/ ([a-z-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]).filter(([k]) => ['src', 'width', 'title', 'frameborder'].includes(k)));
    const quote = /^<blockquote>(.*?)<\/blockquote>/.exec(o.html)[1];
    const rendered = `<blockquote class="wp-embedded-content" data-secret="${secret}">${quote}</blockquote>`
      + `<iframe class="wp-embedded-content" sandbox="allow-scripts" security="restricted" style="position: absolute; visibility: hidden;" id="wp" `
      + `src="${attrs.src}#?secret=${secret}" data-secret="${secret}" width="${attrs.width}" title="${attrs.title}" frameborder="${attrs.frameborder}"></iframe>`;
    const hostDir = path.join(tmp, 'host');
    fs.mkdirSync(hostDir, { recursive: true });
    fs.writeFileSync(path.join(hostDir, 'wp.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>WordPress post</title></head>
<body><figure class="wp-block-embed"><div class="wp-block-embed__wrapper">${rendered}</div></figure><script src="/wp/wp-embed-host.js"></script></body></html>\n`);
    await withPage(async (p) => {
      await p.goto(`${host.url}/wp.html`);
      const handle = await p.waitForSelector('#wp', { state: 'attached' });
      const frame = await handle.contentFrame();
      await frame.waitForSelector('.app[data-live] #count-live', { timeout: 30000 });
      const h = await frame.evaluate(() => Math.ceil(document.querySelector('.app').getBoundingClientRect().height));
      const want = String(Math.min(1000, Math.max(200, h)));
      await p.waitForFunction((w) => {
        const f = document.getElementById('wp');
        return f.getAttribute('style') === null && f.getAttribute('height') === w && document.querySelector('blockquote').hidden;
      }, want, { timeout: 10000 });
      const foreign = p.problems.filter((x) => !x.startsWith(`foreign request: ${pkg.url}/`));
      assert.deepEqual(foreign, []);
    });
  });
});
