#!/usr/bin/env bash
# Installs whatever this project needs and is missing, each only when the right version is not
# already present, so a warm machine spends seconds here. Sourced by serve.sh, test.sh, bench.sh.
#   setup.sh build    -> Rust wasm target, trunk, wasm-bindgen-cli, npm tools (wasm-opt)
#   setup.sh test     -> build + Debian chromium/chromedriver
#   setup.sh firefox  -> test + firefox-esr/geckodriver
#   setup.sh webkit   -> test + Debian webkit2gtk-driver (WebKitWebDriver and WebKitGTK's
#                        MiniBrowser) and xvfb (WebKitGTK has no headless mode)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
TRUNK_VERSION=0.21.14
what="${1:-build}"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages, installed together so apt-get update runs at most once.
apt_missing=()
need_apt() { dpkg -s "$1" >/dev/null 2>&1 || apt_missing+=("$1"); }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The release wasm rebuilds the standard library for size (scripts/build.sh): it needs its source.
if ! rustup component list --installed | grep -qx 'rust-src'; then
  say "adding Rust component rust-src"
  rustup component add rust-src || say "rust-src could not be installed: the release wasm will be ~24 KB gzip larger"
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 8 minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must equal the wasm-bindgen library version the lockfile pins.
WBG_VERSION="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$ROOT/Cargo.lock")"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WBG_VERSION" ]; then
  say "installing wasm-bindgen-cli $WBG_VERSION (about 3 minutes, once)"
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

# npm tools (wasm-opt from binaryen@123, playwright-core, axe) exactly as package-lock.json pins.
lock_sum="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$ROOT/node_modules/.lock-sum" 2>/dev/null || true)" != "$lock_sum" ]; then
  say "installing npm tools from package-lock.json"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$ROOT/node_modules/.lock-sum"
fi

if [ "$what" = test ] || [ "$what" = firefox ] || [ "$what" = webkit ]; then
  need_apt chromium
  need_apt chromium-driver
fi
if [ "$what" = firefox ]; then
  need_apt firefox-esr
fi
if [ "$what" = webkit ]; then
  need_apt webkit2gtk-driver
  need_apt xvfb
  need_apt xauth
fi
if [ ${#apt_missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${apt_missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${apt_missing[@]}" >/dev/null
fi
if [ "$what" = firefox ] && ! command -v geckodriver >/dev/null; then
  say "installing geckodriver"
  cargo install geckodriver --locked
fi
say "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | awk '{print $3}')"
