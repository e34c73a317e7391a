#!/usr/bin/env bash
# Installs what is missing, then runs every test tier in order, stopping at the first failure:
# format, clippy, native tests, wasm-bindgen tests in headless Chromium, release build, Playwright
# against the built dist/ (and the hostile-data build) on 127.0.0.1, then the browser tier and a
# smoke test in Firefox ESR, and the same smoke test in WebKit (WebKitGTK). Ends with the size of
# every file a visitor downloads.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
start=$(date +%s)
bash scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "1/6 cargo fmt --check"
cargo fmt --all --check

step "2/6 cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "3/6 native tests of the widget, the core crate and the data crate (cargo test --workspace)"
cargo test --workspace

step "4/6 wasm-bindgen tests in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --target wasm32-unknown-unknown --test web

step "5/6 trunk build --release"
bash scripts/build.sh

step "5b/6 trunk build --release with the hostile dataset and test hooks into dist-hostile/"
MECFS_DATASET=tests/fixtures/hostile/studies.json DIST=dist-hostile bash scripts/build.sh --features test-hooks

step "5c/6 trunk build --release with 10,000 synthetic studies into dist-10k/"
cargo run -q --example synth -- 10000 1 > target/synth-10000.json
MECFS_DATASET=target/synth-10000.json DIST=dist-10k bash scripts/build.sh

step "6/6 Playwright tier against dist/, dist-hostile/ and dist-10k/ on 127.0.0.1"
node --test --test-concurrency=1 tests/e2e/*.test.mjs

step "7/8 Firefox ESR: wasm-bindgen tests and a smoke test of dist/"
bash scripts/firefox.sh

step "8/8 WebKit (WebKitGTK MiniBrowser): a smoke test of dist/ with the embed hosts"
bash scripts/webkit.sh

step "dist/ sizes (raw, gzip -9)"
bash scripts/sizes.sh dist
echo
echo "all tiers passed in $(( $(date +%s) - start )) s"
