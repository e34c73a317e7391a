#!/usr/bin/env bash
# Release build into dist/ with relative asset URLs, so the widget works from any sub-path.
# MECFS_DATASET=path/to/file.json selects another dataset (validated at build time).
# DIST=dir changes the output folder; extra arguments go to trunk (e.g. --features test-hooks).
# The default view is prerendered into index.html (see examples/prerender.rs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
trunk build --release --public-url ./ --dist "${DIST:-dist}" "$@"
# The default view, rendered natively from the same dataset, goes into index.html so the first
# paint shows the timeline; the wasm replaces it when it starts (examples/prerender.rs).
cargo run -q --example prerender -- "${DIST:-dist}/index.html"
# The Atom feed of what changed in the data, per version (examples/feed.rs); MECFS_BASE_URL is
# the address the widget is published at (Atom ids must be absolute; default the placeholder
# https://example.org/tools/timeline/).
cargo run -q --example feed -- "${DIST:-dist}/feed.xml"
