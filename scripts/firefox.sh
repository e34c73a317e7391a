#!/usr/bin/env bash
# Runs the browser tiers in Firefox ESR as well as Chromium:
#   1. wasm-bindgen-test (tests/web.rs) in headless Firefox through geckodriver;
#   2. tests/e2e/firefox-smoke.mjs: the built dist/ in headless firefox-esr, driven through the
#      raw W3C WebDriver API (Playwright's own Firefox needs a patched build we cannot download).
# Installs only what is missing: the build tools (scripts/setup.sh build), Debian's firefox-esr
# (apt-get, as root or with sudo) and geckodriver (cargo install, from crates.io; ~3 minutes once).
# Builds dist/ first when it does not exist. Stops at the first failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh build
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

say() { printf '\033[1m[firefox]\033[0m %s\n' "$*"; }
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! dpkg -s firefox-esr >/dev/null 2>&1 || [ ! -x /usr/bin/firefox-esr ]; then
  say "installing Debian firefox-esr"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq firefox-esr >/dev/null
fi
if ! command -v geckodriver >/dev/null; then
  say "installing geckodriver from crates.io (about 3 minutes, once)"
  cargo install geckodriver --locked
fi
GECKODRIVER="$(command -v geckodriver)"
say "$(/usr/bin/firefox-esr --version 2>/dev/null), $("$GECKODRIVER" --version | head -n1)"

step "wasm-bindgen tests in headless Firefox"
# geckodriver starts the `firefox` on PATH with the flags in webdriver.json (-headless).
env -u CHROMEDRIVER GECKODRIVER="$GECKODRIVER" WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --target wasm32-unknown-unknown --test web

step "Firefox smoke test against dist/"
if [ ! -f dist/index.html ]; then
  say "dist/ is missing; building it"
  bash scripts/build.sh
fi
GECKODRIVER="$GECKODRIVER" FIREFOX_BIN=/usr/bin/firefox-esr node tests/e2e/firefox-smoke.mjs
