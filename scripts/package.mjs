// Writes the self-hosting bundle (run through scripts/package.sh): a versioned zip of the built
// widget with ready header files for the common static hosts and a short INSTALL text.
//
//   node scripts/package.mjs [--dist dist] [--out target/package] [--url https://example.org/tools/timeline/] [--path /tools/timeline/]
//
// --url   the address the widget will be published at. With it the snippet in INSTALL.txt is
//         ready to paste and the bundle answers WordPress's oEmbed discovery (oembed.json plus a
//         <link rel="alternate" type="application/json+oembed"> in index.html), so a link to the
//         widget pasted into WordPress's Embed block embeds it. Without it, no oEmbed.
// --path  the URL path the header rules apply to (default: --url's path, else "/").
//
// The archive, mecfs-timeline-<version>.zip (version from data/studies.json), holds one folder:
//   site/            what to upload: the built widget, _headers (Netlify, Cloudflare Pages),
//                    .htaccess (Apache), and with --url oembed.json
//   nginx.conf       a location block for nginx
//   GITHUB-PAGES.txt what GitHub Pages does and does not let you set
//   INSTALL.txt      the steps, and the snippet to paste
// Every header file carries the same policy: the Content-Security-Policy the tests run under
// (tests/e2e/server.mjs), Access-Control-Allow-Origin: * (a frame sandboxed without
// allow-same-origin loads the widget's files as cross-origin requests), nosniff, no referrer,
// and caching: files with a content hash in their name for a year, immutable; everything else
// (index.html, boot.js, embed.js, oembed.json) revalidated on every load.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP } from '../tests/e2e/server.mjs';
import { zip } from './zip.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Files whose name carries Trunk's 16-hex-digit content hash (they never change in place). */
export const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';
/** The headers every file gets. */
export const COMMON = [
  ['Content-Security-Policy', CSP],
  ['Access-Control-Allow-Origin', '*'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
];
// The same policy for a <meta> tag, for hosts that cannot send headers (GitHub Pages):
// frame-ancestors is ignored in a <meta> element (browsers warn about it), so it is left out.
const META_CSP = CSP.split(';').map((d) => d.trim()).filter((d) => d && !d.startsWith('frame-ancestors')).join('; ');
const TITLE = 'ME/CFS treatment studies timeline';

function args(argv) {
  const o = { dist: 'dist', out: 'target/package', url: null, path: null };
  for (let i = 0; i < argv.length; i++) {
    const [k, inline] = argv[i].split(/=(.*)/s);
    const key = k.replace(/^--/, '');
    if (!(key in o) || !k.startsWith('--')) throw new Error(`unknown argument ${argv[i]}`);
    const v = inline ?? argv[++i];
    if (v === undefined) throw new Error(`${k} needs a value`);
    o[key] = v;
  }
  if (o.url !== null) {
    const u = new URL(o.url);
    if (!/^https?:$/.test(u.protocol) || u.search || u.hash) throw new Error(`--url must be an http(s) folder address without query or fragment: ${o.url}`);
    if (!u.pathname.endsWith('/')) u.pathname += '/';
    o.url = u.href;
  }
  o.path = o.path ?? (o.url ? new URL(o.url).pathname : '/');
  if (!o.path.startsWith('/') || !o.path.endsWith('/')) throw new Error(`--path must start and end with "/": ${o.path}`);
  return o;
}

/** The snippet to paste, as the widget's own share panel writes it (src/components/dialogs.rs). */
export function snippet(base, query = '') {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const view = query ? `${base}?${query}` : base;
  const embed = `${base}?${query ? `${query}&` : ''}embed=1`;
  return `<iframe src="${esc(embed)}" title="${TITLE}" height="720" loading="lazy" allow="clipboard-write" style="display:block;width:100%;height:min(720px,85vh);border:0" data-mecfs-timeline></iframe>\n`
    + `<p><a href="${esc(view)}">Open the ME/CFS treatment studies timeline</a></p>\n`
    + `<script src="${esc(base)}embed.js" async></script>`;
}

/** oEmbed "rich" answer for WordPress (see README "WordPress"). */
export function oembed(url, providerName) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  // WordPress keeps only <blockquote>, <a href> and an <iframe> with src/width/height/title (and
  // a few presentational attributes), sandboxes the frame with allow-scripts and adds its secret.
  // The blockquote is what makes WordPress load wp-embed.js (the height protocol) and is what
  // readers see if the frame never reports. No height attribute: with one, the block editor
  // may give the embed a fixed aspect ratio, and the frame could not follow the widget's height.
  const html = `<blockquote><a href="${esc(url)}">${TITLE}</a></blockquote>`
    + `<iframe src="${esc(url)}?embed=1" width="800" title="${TITLE}" frameborder="0"></iframe>`;
  return {
    version: '1.0',
    type: 'rich',
    provider_name: providerName,
    provider_url: url,
    title: TITLE,
    width: 800,
    height: 720,
    html,
  };
}

function headersFile(files, prefix, version) {
  const lines = [
    `# ME/CFS Treatment Timeline ${version}: response headers for Netlify and Cloudflare Pages.`,
    `# The widget lives at ${prefix}. This file must sit at the root of the folder you deploy;`,
    '# if the widget is in a sub-folder of your site, move it (or merge its rules) there.',
    '# No header is set twice for one path, so the rules never have to be combined.',
    `${prefix}*`,
    ...COMMON.map(([k, v]) => `  ${k}: ${v}`),
    '',
    `${prefix}`,
    `  Cache-Control: ${REVALIDATE}`,
  ];
  for (const f of files) {
    lines.push(`${prefix}${f}`, `  Cache-Control: ${HASHED.test(f) ? IMMUTABLE : REVALIDATE}`);
  }
  return lines.join('\n') + '\n';
}

function htaccess(version) {
  const set = COMMON.map(([k, v]) => `  Header always set ${k} "${v.replace(/"/g, '\\"')}"`);
  return `# ME/CFS Treatment Timeline ${version}: Apache (needs mod_headers; AllowOverride FileInfo).
AddType application/wasm .wasm
AddType text/javascript .js
DirectoryIndex index.html
<IfModule mod_headers.c>
${set.join('\n')}
  Header set Cache-Control "${REVALIDATE}"
  # Files with a content hash in their name never change: cache them for a year.
  <FilesMatch "${HASHED.source}">
    Header set Cache-Control "${IMMUTABLE}"
  </FilesMatch>
</IfModule>
`;
}

function nginx(prefix, version) {
  const add = (indent) => COMMON.map(([k, v]) => `${indent}add_header ${k} "${v.replace(/"/g, '\\"')}" always;`).join('\n');
  return `# ME/CFS Treatment Timeline ${version}: nginx. Put this inside your server { } block and
# copy the contents of site/ to the folder the location maps to (here: the web root + ${prefix}).
# nginx does not inherit add_header into a block that has its own, so the inner block repeats
# the policy. nginx older than 1.21 may lack the wasm type: then add "application/wasm wasm;"
# to mime.types.
location ${prefix} {
    # root /var/www/html;   # the folder that holds ${prefix.replace(/^\//, '')}index.html
    index index.html;
${add('    ')}
    add_header Cache-Control "${REVALIDATE}" always;

    location ~ "${HASHED.source}" {
${add('        ')}
        add_header Cache-Control "${IMMUTABLE}" always;
    }
}
`;
}

function githubPages(version) {
  return `ME/CFS Treatment Timeline ${version} on GitHub Pages

GitHub Pages serves files as they are and lets you set no response headers:
- Access-Control-Allow-Origin: * is sent already, so the widget works in sandboxed frames.
- The Content-Security-Policy cannot be sent as a header. index.html carries the same policy in a
  <meta http-equiv="Content-Security-Policy"> tag instead, without frame-ancestors (browsers
  ignore that directive in a <meta> tag; any site may frame the widget either way).
- Caching is GitHub's own (about 10 minutes for every file): a new version reaches visitors
  within minutes, and the hashed file names mean nobody gets a mix of old and new files.
- _headers and .htaccess are ignored there; leave them or delete them.

Steps: create a repository (or use an existing Pages site), copy the contents of site/ into the
folder Pages publishes (the repository root, docs/, or a sub-folder such as timeline/), commit,
push, and enable Pages in the repository's settings if it is not on yet. The widget is then at
https://<user>.github.io/<repository>/<sub-folder>/.
`;
}

function install(version, o, files) {
  const base = o.url ?? 'https://YOUR-SITE.example/PATH/';
  return `ME/CFS Treatment Timeline ${version}: self-hosting bundle

What is in here
  site/             the widget: upload the contents of this folder to your web space
                    (${files.length} files, plus _headers and .htaccess${o.url ? ' and oembed.json' : ''})
  nginx.conf        the same headers for nginx
  GITHUB-PAGES.txt  notes for GitHub Pages
  INSTALL.txt       this file

Everything is static: no server code, no database, no cookies, nothing loaded from elsewhere.
The widget works from any folder (its file references are relative).

1. Upload
   Copy the contents of site/ to the folder your widget should live in, e.g. ${base}
   - Netlify or Cloudflare Pages: deploy site/ (drag and drop, or point the project at it).
     _headers sets the headers; its rules are written for ${o.path}${o.path === '/' ? ' (the site root)' : ''}.
     Re-run scripts/package.sh with --path /your/folder/ for another folder.
   - Apache (most shared hosting): upload site/ including the hidden .htaccess file.
   - nginx: see nginx.conf.
   - GitHub Pages: see GITHUB-PAGES.txt.

2. Check
   Open ${base} : the timeline appears. Open ${base}?embed=1 : the compact embedded view.

3. Embed it on your pages
   Paste this where the timeline should appear (in WordPress: a Custom HTML block):

${snippet(base).split('\n').map((l) => `   ${l}`).join('\n')}

   The frame is full width with a fallback height that fits phones and desktops; the script
   (optional) makes it exactly as tall as the timeline; the link after it is for readers whose
   website drops frames. To embed a filtered view, open the widget, set the filters, and copy
   the snippet from "Share, embed and download" under the view.
${o.url ? `
   WordPress can also embed it from a pasted link: paste ${base} into an Embed block (or on a
   line of its own). WordPress finds oembed.json through index.html and shows the default view
   in a sandboxed frame; it caps that frame at 1000 pixels, the widget scrolls inside it.
` : `
   (Packaged without --url: WordPress cannot embed it from a pasted link. Run
   bash scripts/package.sh --url ${base} to add oEmbed discovery.)
`}
Headers every file is served with (header files in this bundle):
${COMMON.map(([k, v]) => `   ${k}: ${v}`).join('\n')}
   Cache-Control: ${IMMUTABLE}  (files with a hash in their name)
   Cache-Control: ${REVALIDATE}  (index.html, boot.js, embed.js${o.url ? ', oembed.json' : ''})
`;
}

export function build(argv) {
  const o = args(argv);
  const dist = path.resolve(ROOT, o.dist);
  const data = JSON.parse(fs.readFileSync(path.join(ROOT, 'data/studies.json'), 'utf8'));
  const version = String(data.version);
  if (!/^[0-9A-Za-z.+-]+$/.test(version)) throw new Error(`data/studies.json version is not usable in a file name: ${version}`);
  const files = fs.readdirSync(dist, { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  if (!files.includes('index.html')) throw new Error(`${o.dist}/index.html missing: run scripts/build.sh`);
  const top = `mecfs-timeline-${version}`;
  const entries = [];
  const add = (name, data) => entries.push({ name: `${top}/${name}`, data: Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8') });

  let index = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const charset = /<meta charset="utf-8"\s*\/?>/i;
  if (!charset.test(index)) throw new Error('index.html has no <meta charset="utf-8"> to put the policy after');
  let head = `<meta http-equiv="Content-Security-Policy" content="${META_CSP}" />`;
  if (o.url) {
    head += `\n    <link rel="alternate" type="application/json+oembed" href="${o.url}oembed.json" title="${TITLE}" />`;
  }
  index = index.replace(charset, (m) => `${m}\n    ${head}`);
  const siteFiles = [...files];
  // feed.xml (scripts/build.sh, examples/feed.rs) is built for the placeholder address unless
  // MECFS_BASE_URL was set; with --url its ids and links move to the real one.
  const feed = (text) => {
    const PLACEHOLDER = 'https://example.org/tools/timeline/';
    if (!o.url || !text.includes(PLACEHOLDER)) return text;
    const esc = (x) => x.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
    return text.split(PLACEHOLDER).join(esc(o.url)).split('tag:example.org,').join(`tag:${new URL(o.url).host.replace(/:.*/, '')},`);
  };
  for (const f of files) {
    const body = f === 'index.html' ? index
      : f === 'feed.xml' ? feed(fs.readFileSync(path.join(dist, f), 'utf8'))
        : fs.readFileSync(path.join(dist, f));
    add(`site/${f}`, body);
  }
  if (o.url) {
    add('site/oembed.json', JSON.stringify(oembed(o.url, data.title || TITLE), null, 2) + '\n');
    siteFiles.push('oembed.json');
    siteFiles.sort();
  }
  add('site/_headers', headersFile(siteFiles, o.path, version));
  add('site/.htaccess', htaccess(version));
  add('nginx.conf', nginx(o.path, version));
  add('GITHUB-PAGES.txt', githubPages(version));
  add('INSTALL.txt', install(version, o, siteFiles));

  const out = path.resolve(ROOT, o.out);
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, `${top}.zip`);
  fs.writeFileSync(file, zip(entries));
  return { file, version, entries: entries.map((e) => e.name) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { file, entries } = build(process.argv.slice(2));
    console.log(`package: ${path.relative(process.cwd(), file) || file} (${entries.length} files, ${fs.statSync(file).size} bytes)`);
  } catch (e) {
    console.error(`package: ${e.message}`);
    process.exit(1);
  }
}
