// Trunk post-build hook: moves Trunk's inline module loader into its own file so the page runs
// under a strict Content-Security-Policy (script-src 'self', no 'unsafe-inline', no hashes).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('externalize-loader: TRUNK_STAGING_DIR is not set (run by trunk as a post_build hook)');
  process.exit(1);
}
const indexPath = path.join(dir, 'index.html');
const html = fs.readFileSync(indexPath, 'utf8');
const re = /<script type="module">([\s\S]*?)<\/script>/;
const m = html.match(re);
if (!m) {
  console.error('externalize-loader: no inline module script found in index.html');
  process.exit(1);
}
const code = m[1].trim() + '\n';
const hash = crypto.createHash('sha256').update(code).digest('hex').slice(0, 16);
const name = `loader-${hash}.js`;
fs.writeFileSync(path.join(dir, name), code);
const sri = 'sha384-' + crypto.createHash('sha384').update(code).digest('base64');
// A stylesheet with integrity= must be fetched in CORS mode to be checked; say so explicitly
// (an opaque-origin sandboxed frame otherwise drops it).
const out = html.replace(/<link rel="stylesheet" ([^>]*?)integrity=/g, '<link rel="stylesheet" $1crossorigin="anonymous" integrity=');
fs.writeFileSync(indexPath, out.replace(re, `<script type="module" src="./${name}" integrity="${sri}" crossorigin="anonymous"></script>`));
console.log(`externalize-loader: wrote ${name}`);
