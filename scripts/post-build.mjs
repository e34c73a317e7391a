// Trunk post-build hook, run in the staging folder before Trunk publishes it:
// 1. moves Trunk's inline module loader into its own file so the page runs under a strict
//    Content-Security-Policy (script-src 'self', no 'unsafe-inline', no hashes);
// 2. minifies the stylesheet, the wasm-bindgen JS glue and boot.js with esbuild and updates their
//    subresource-integrity hashes (3.9 KB less after gzip than the commented sources: CSS 6.4 ->
//    5.1 KB, glue 8.1 -> 6.3 KB, boot 1.4 -> 0.7 KB; step 4 then takes the glue to 4.1 KB).
//    Trunk's own minifier is not used: it also rewrites index.html (attribute order, quotes),
//    which the prerender and the tests read, and it fails on the glue's `export default`;
// 3. starts the wasm download only once the page has painted: Trunk's `<link rel="preload">` of the
//    wasm goes, and the loader waits for the first frame (or 100 ms, for a frame that is not being
//    drawn) before it calls `init`. The prerendered view is the page's largest paint, and a request
//    already running when it paints is counted by Lighthouse's simulated slow phone as holding it
//    back: the 290 KB wasm then moved LCP from ~1.0 s to 2.6 s. A real browser paints the
//    prerender at the same moment either way; the wasm starts one frame later.
// 4. (before 2) gives the wasm's imports short names, in the wasm and in the glue alike. Each of
//    the ~170 functions the glue hands the wasm is named `__wbg_<name>_<16 hex digits>` in both
//    files, from the module "./mecfs-timeline_bg.js": the hex digits are random to gzip, so the
//    names cost ~5.9 KB of the first visit (wasm 3.7, glue 2.2) for nothing a visitor sees. The
//    names only pair each import with its function (WebAssembly.instantiate matches them as
//    strings), so renaming both sides the same way changes nothing else; any name the glue does
//    not hold exactly once stops the build.
// 5. moves the module loader and its modulepreload to the end of <body> (see below).
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

// 4. Short import names (before minifying, so the glue's integrity hash is the final one).
{
  const files = fs.readdirSync(dir);
  const wasmFile = files.find((f) => /^mecfs-timeline-.*_bg\.wasm$/.test(f));
  const glueFile = files.find((f) => /^mecfs-timeline-.*\.js$/.test(f));
  if (!wasmFile || !glueFile) {
    console.error('post-build: the wasm or its glue is missing from the staging folder');
    process.exit(1);
  }
  const renamed = renameImports(fs.readFileSync(path.join(dir, wasmFile)), fs.readFileSync(path.join(dir, glueFile), 'utf8'));
  fs.writeFileSync(path.join(dir, wasmFile), renamed.wasm);
  fs.writeFileSync(path.join(dir, glueFile), renamed.glue);
  console.log(`post-build: ${renamed.count} wasm imports renamed`);
}

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

// 5. The module loader and the glue's modulepreload go to the end of <body>. A module script is
//    deferred wherever it stands, but from <head> its fetches, their responses and the glue's
//    compile land on the main thread while it parses and lays out the prerendered page; from the
//    end they come after. A/B of 25 interleaved cold navigations of the real-data build
//    (4 December): "painted" 127.2 -> 113.6 ms median, first contentful paint 176 -> 168 ms.
{
  const tags = [/<link rel="modulepreload"[^>]*>\s*/, /<script type="module" src="[^"]*"[^>]*><\/script>\s*/];
  const moved = [];
  for (const t of tags) {
    const found = html.match(t);
    if (!found) {
      console.error(`post-build: ${t} not found in index.html`);
      process.exit(1);
    }
    html = html.replace(t, '');
    moved.push(found[0].trim());
  }
  if (!html.includes('</body>')) {
    console.error('post-build: no </body> in index.html');
    process.exit(1);
  }
  html = html.replace('</body>', `${moved.join('\n')}\n</body>`);
}
fs.writeFileSync(indexPath, html);
console.log(`post-build: wrote ${name}; minified ${minified.join(', ')}`);

/** Unsigned LEB128 at `b[pos]`: [value, next position]. */
function uleb(b, pos) {
  let n = 0, shift = 0, byte;
  do {
    byte = b[pos++];
    n += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [n, pos];
}
function putUleb(n) {
  const out = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return Buffer.from(out);
}
/** The name a short index gets: a, b, …, Z, aa, ab, … (object keys in the glue; a keyword would
 *  be a valid key too, but `do`, `if` and `in` are skipped so the output reads unambiguously). */
function shortName(i) {
  const abc = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let s = '';
  let n = i;
  for (;;) {
    s = abc[n % 52] + s;
    n = Math.floor(n / 52);
    if (n === 0) return s;
    n -= 1;
  }
}
/**
 * Renames every import of the glue's module in `wasm` (a Buffer) to a short name, and the same
 * keys in `glue` (its JS source). Returns { wasm, glue, count }. Exits the build when the wasm's
 * layout is not what this reads, or when a name is not found exactly once in the glue.
 */
function renameImports(wasm, glue) {
  const fail = (why) => { console.error(`post-build: renaming the wasm imports: ${why}`); process.exit(1); };
  const GLUE_MODULE = './mecfs-timeline_bg.js';
  const NEW_MODULE = 'm';
  const moduleKey = JSON.stringify(GLUE_MODULE);
  if (glue.split(moduleKey).length !== 2) fail(`the glue does not name ${moduleKey} exactly once`);
  if (wasm.readUInt32LE(0) !== 0x6d736100) fail('not a wasm module');
  const parts = [wasm.subarray(0, 8)];
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let pos = 8, count = 0, done = false;
  const reserved = new Set(['do', 'if', 'in']);
  let next = 0;
  const fresh = () => { let n; do n = shortName(next++); while (reserved.has(n)); return n; };
  while (pos < wasm.length) {
    const start = pos;
    const id = wasm[pos++];
    let size;
    [size, pos] = uleb(wasm, pos);
    const end = pos + size;
    if (end > wasm.length) fail('a section runs past the end');
    if (id !== 2) { parts.push(wasm.subarray(start, end)); pos = end; continue; }
    if (done) fail('two import sections');
    done = true;
    let p = pos, n;
    [n, p] = uleb(wasm, p);
    const body = [putUleb(n)];
    for (let k = 0; k < n; k++) {
      let len;
      [len, p] = uleb(wasm, p);
      const mod = utf8.decode(wasm.subarray(p, p + len)); p += len;
      [len, p] = uleb(wasm, p);
      const field = utf8.decode(wasm.subarray(p, p + len)); p += len;
      const descStart = p;
      const kind = wasm[p++];
      if (kind === 0) [, p] = uleb(wasm, p); // function: type index
      else if (kind === 1 || kind === 2) { // table (reference type, limits) or memory (limits)
        if (kind === 1) p++;
        const flags = wasm[p++];
        [, p] = uleb(wasm, p);
        if (flags & 1) [, p] = uleb(wasm, p);
      } else if (kind === 3) p += 2; // global: value type, mutability
      else fail(`import ${mod}.${field} has kind ${kind}, which this does not read`);
      const desc = wasm.subarray(descStart, p);
      let newMod = mod, newField = field;
      if (mod === GLUE_MODULE) {
        newMod = NEW_MODULE;
        newField = fresh();
        // The key as the glue writes it: a whole identifier followed by a colon.
        const key = new RegExp(`(?<![\\w$])${field.replace(/[$]/g, '\\$')}(?=\\s*:)`, 'g');
        const hits = glue.match(key);
        if (!hits || hits.length !== 1) fail(`the glue holds the key ${field} ${hits ? hits.length : 0} times, not once`);
        glue = glue.replace(key, newField);
        count++;
      }
      const m = Buffer.from(newMod, 'utf8'), f = Buffer.from(newField, 'utf8');
      body.push(putUleb(m.length), m, putUleb(f.length), f, desc);
    }
    if (p !== end) fail('the import section has bytes this did not read');
    const section = Buffer.concat(body);
    parts.push(Buffer.from([2]), putUleb(section.length), section);
    pos = end;
  }
  if (!done) fail('the wasm has no import section');
  glue = glue.replace(moduleKey, JSON.stringify(NEW_MODULE));
  return { wasm: Buffer.concat(parts), glue, count };
}
