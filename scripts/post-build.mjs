// Trunk post-build hook, run in the staging folder before Trunk publishes it:
// 1. moves Trunk's inline module loader into its own file so the page runs under a strict
//    Content-Security-Policy (script-src 'self', no 'unsafe-inline', no hashes);
// 2. minifies the stylesheet, the wasm-bindgen JS glue and boot.js with esbuild and updates their
//    subresource-integrity hashes (3.9 KB less after gzip than the commented sources: CSS 6.4 ->
//    5.1 KB, glue 8.1 -> 6.3 KB, boot 1.4 -> 0.7 KB). Trunk's own minifier is not used: it also
//    rewrites index.html (attribute order, quotes), which the prerender and the tests read, and it
//    fails on the glue's `export default`;
// 3. starts the wasm download only once the page has painted: Trunk's `<link rel="preload">` of the
//    wasm goes, and the loader waits for the first frame (or 100 ms, for a frame that is not being
//    drawn) before it calls `init`. The prerendered view is the page's largest paint, and a request
//    already running when it paints is counted by Lighthouse's simulated slow phone as holding it
//    back: the 290 KB wasm then moved LCP from ~1.0 s to 2.6 s. A real browser paints the
//    prerender at the same moment either way; the wasm starts one frame later.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { transformSync } from 'esbuild';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('post-build: TRUNK_STAGING_DIR is not set (run by trunk as a post_build hook)');
  process.exit(1);
}
const sri = (code) => 'sha384-' + crypto.createHash('sha384').update(code).digest('base64');
const indexPath = path.join(dir, 'index.html');
let html = fs.readFileSync(indexPath, 'utf8');

// 1. The loader.
const re = /<script type="module">([\s\S]*?)<\/script>/;
const m = html.match(re);
if (!m) {
  console.error('post-build: no inline module script found in index.html');
  process.exit(1);
}
const init = 'const wasm = await init(';
if (!m[1].includes(init)) {
  console.error(`post-build: the loader has no "${init}" to delay`);
  process.exit(1);
}
const afterPaint = 'await new Promise((r) => { requestAnimationFrame(() => setTimeout(r, 0)); setTimeout(r, 100); });\n';
const code = m[1].trim().replace(init, afterPaint + init) + '\n';
const hash = crypto.createHash('sha256').update(code).digest('hex').slice(0, 16);
const name = `loader-${hash}.js`;
fs.writeFileSync(path.join(dir, name), code);
// A stylesheet with integrity= must be fetched in CORS mode to be checked; say so explicitly
// (an opaque-origin sandboxed frame otherwise drops it).
html = html.replace(/<link rel="stylesheet" ([^>]*?)integrity=/g, '<link rel="stylesheet" $1crossorigin="anonymous" integrity=');
const wasmPreload = /<link rel="preload" [^>]*as="fetch" type="application\/wasm"[^>]*>\s*/;
if (!wasmPreload.test(html)) {
  console.error('post-build: no wasm preload link found in index.html');
  process.exit(1);
}
html = html.replace(wasmPreload, '');
html = html.replace(re, `<script type="module" src="./${name}" integrity="${sri(code)}" crossorigin="anonymous"></script>`);

// 2. Minify, keeping each file's name (its hash still names the source it was built from).
const minified = [];
for (const file of fs.readdirSync(dir)) {
  const loader = /^style-.*\.css$/.test(file) ? 'css'
    : /^mecfs-timeline-.*\.js$/.test(file) || file === 'boot.js' ? 'js' : null;
  if (!loader) continue;
  const full = path.join(dir, file);
  const before = fs.readFileSync(full, 'utf8');
  const after = transformSync(before, { loader, minify: true, format: loader === 'js' && file !== 'boot.js' ? 'esm' : undefined, legalComments: 'none' }).code;
  fs.writeFileSync(full, after);
  // Replace the old integrity of this file's reference, if it has one.
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ref = new RegExp(`(href="\\./${escaped}"[^>]*?integrity=")[^"]*(")`);
  const refBefore = new RegExp(`(integrity=")[^"]*("[^>]*?href="\\./${escaped}")`);
  if (ref.test(html)) html = html.replace(ref, `$1${sri(after)}$2`);
  else if (refBefore.test(html)) html = html.replace(refBefore, `$1${sri(after)}$2`);
  minified.push(`${file} ${before.length} -> ${after.length} bytes`);
}
fs.writeFileSync(indexPath, html);
console.log(`post-build: wrote ${name}; minified ${minified.join(', ')}`);
