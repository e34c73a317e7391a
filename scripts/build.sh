#!/usr/bin/env bash
# Release build into dist/ with relative asset URLs, so the widget works from any sub-path.
# MECFS_DATASET=path/to/file.json selects another dataset (validated at build time).
# DIST=dir changes the output folder; extra arguments go to trunk (e.g. --features test-hooks).
# The default view is prerendered into index.html (see examples/prerender.rs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
# Size: the wasm's standard library is rebuilt for size and panics abort at once, without the
# panic machinery (message formatting, locations, hooks): 327.2 -> 303.4 KB gzip at 272 studies
# (build-std with optimize_for_size alone: 319). Both are unstable cargo/rustc features, enabled on
# the pinned stable toolchain with RUSTC_BOOTSTRAP; they need the rust-src component
# (setup.sh adds it). A panic then traps the wasm and static/boot.js draws the crash screen.
# Only the release wasm is built this way, in its own target folder (target/size) so the native
# and test builds keep their artefacts. Without rust-src the plain build runs, with a warning.
SYSROOT="$(rustc --print sysroot)"
CALLER_TARGET_DIR="${CARGO_TARGET_DIR:-}"
if [ -d "$SYSROOT/lib/rustlib/src/rust/library" ] && [ "${MECFS_PLAIN_STD:-}" != 1 ]; then
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
  export CARGO_TARGET_DIR="$ROOT/target/size"
else
  echo "build.sh: WARNING: rust-src is missing (rustup component add rust-src), so the wasm is built with the prebuilt standard library: about 24 KB gzip larger, over the 300 KB first-visit budget" >&2
fi
trunk build --release --public-url ./ --dist "${DIST:-dist}" "$@"
# The prerender and the feed are native programs in the usual target folder.
unset RUSTC_BOOTSTRAP CARGO_UNSTABLE_BUILD_STD CARGO_UNSTABLE_BUILD_STD_FEATURES CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS CARGO_TARGET_DIR
if [ -n "$CALLER_TARGET_DIR" ]; then export CARGO_TARGET_DIR="$CALLER_TARGET_DIR"; fi
# The default view, rendered natively from the same dataset, goes into index.html so the first
# paint shows the timeline; the wasm replaces it when it starts (examples/prerender.rs).
cargo run -q --example prerender -- "${DIST:-dist}/index.html"
# The Atom feed of what changed in the data, per version (examples/feed.rs); MECFS_BASE_URL is
# the address the widget is published at (Atom ids must be absolute; default the placeholder
# https://example.org/tools/timeline/).
cargo run -q --example feed -- "${DIST:-dist}/feed.xml"
