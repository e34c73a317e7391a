#!/usr/bin/env bash
# The WebKit tier (Safari's engine): tests/e2e/webkit-smoke.mjs drives WebKitGTK's MiniBrowser
# through Debian's WebKitWebDriver under Xvfb with the raw W3C WebDriver API, against dist/
# served on 127.0.0.1 with the strict CSP: views, filter, detail, history, keyboard, the embed
# height protocols (embed.js, WordPress, AMP), the snippet without its script, and a sandboxed
# frame's links. (wasm-bindgen-test has no WebKitGTK runner, so tests/web.rs is not run here.)
# Installs only what is missing (scripts/setup.sh webkit: webkit2gtk-driver, xvfb, xauth, with
# apt-get, as root or with sudo). Builds dist/ first when it does not exist.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh webkit
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

say() { printf '\033[1m[webkit]\033[0m %s\n' "$*"; }
if [ ! -f "${DIST:-dist}/index.html" ]; then
  say "${DIST:-dist}/ is missing; building it"
  bash scripts/build.sh
fi
say "$(dpkg-query -W -f='webkit2gtk-driver ${Version}, ' webkit2gtk-driver)$(dpkg-query -W -f='xvfb ${Version}' xvfb)"
node tests/e2e/webkit-smoke.mjs
