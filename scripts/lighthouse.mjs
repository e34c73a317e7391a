// Lighthouse, mobile preset (its default: a mid-range phone on a slow 4G link, simulated), against
// a build served the way static hosts serve it: gzip-compressed, with the recommended CSP.
//
//   node scripts/lighthouse.mjs [dist] [runs]     (defaults: dist, 3)
//
// Prints each run's performance score and metrics and the median, and writes the last report to
// test-results/lighthouse.json. Chromium is Debian's (/usr/bin/chromium): Lighthouse downloads
// nothing. Not part of the test command (a score is a measurement, not a pass/fail test).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const dist = path.resolve(process.argv[2] ?? 'dist');
const runs = Number(process.argv[3] ?? 3);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png' };
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors *";

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  let file = path.join(dist, decodeURIComponent(url.pathname));
  if (!file.startsWith(dist)) { res.writeHead(403).end(); return; }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!fs.existsSync(file)) { res.writeHead(404).end(); return; }
  const body = fs.readFileSync(file);
  const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CSP,
    'Cache-Control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
    ...(gzip ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
  });
  res.end(gzip ? zlib.gzipSync(body, { level: 9 }) : body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const target = `http://127.0.0.1:${server.address().port}/`;

const chrome = await chromeLauncher.launch({
  chromePath: '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const results = [];
let last;
try {
  for (let i = 0; i < runs; i++) {
    const r = await lighthouse(target, { port: chrome.port, onlyCategories: ['performance'], output: 'json', logLevel: 'error' });
    const a = r.lhr.audits;
    const row = {
      score: r.lhr.categories.performance.score,
      fcp: a['first-contentful-paint'].numericValue,
      lcp: a['largest-contentful-paint'].numericValue,
      tbt: a['total-blocking-time'].numericValue,
      cls: a['cumulative-layout-shift'].numericValue,
      si: a['speed-index'].numericValue,
    };
    results.push(row);
    last = r.report;
    console.log(`run ${i + 1}: performance ${row.score.toFixed(2)} · FCP ${Math.round(row.fcp)} ms · LCP ${Math.round(row.lcp)} ms · TBT ${Math.round(row.tbt)} ms · CLS ${row.cls.toFixed(3)} · SI ${Math.round(row.si)} ms`);
  }
} finally {
  await chrome.kill();
  server.close();
}
const median = (k) => results.map((r) => r[k]).sort((x, y) => x - y)[Math.floor(results.length / 2)];
console.log(`median of ${runs}: performance ${median('score').toFixed(2)} · FCP ${Math.round(median('fcp'))} ms · LCP ${Math.round(median('lcp'))} ms · TBT ${Math.round(median('tbt'))} ms · CLS ${median('cls').toFixed(3)}`);
fs.mkdirSync('test-results', { recursive: true });
fs.writeFileSync('test-results/lighthouse.json', last);
