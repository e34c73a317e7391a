#!/usr/bin/env bash
# Performance benchmark: our widget against vis-timeline, fed the same studies, in one headless
# Chromium. Generates the synthetic datasets, builds the widget three times (real data, 1,000 and
# 10,000 studies), prepares the vis-timeline anchor page, then runs bench/run.mjs, which prints the
# table and writes BENCHMARKS.md. Everything it makes goes to bench/out/ (git-ignored).
# Not part of scripts/test.sh. See bench/README.md.
#   BENCH_RUNS=11 BENCH_SAMPLES=24 bash scripts/bench.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
start=$(date +%s)
bash scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
# A target folder of its own: the three dataset builds do not invalidate the everyday build in
# target/, and a build running elsewhere cannot swap the wasm under ours.
export CARGO_TARGET_DIR="$ROOT/target/bench"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
OUT="$ROOT/bench/out"
mkdir -p "$OUT/data" "$OUT/vis"

step "synthetic datasets (examples/synth.rs, seed 1)"
cargo build --release --example synth
for n in 1000 10000; do
  "$CARGO_TARGET_DIR/release/examples/synth" "$n" 1 > "$OUT/data/synth-$n.json.tmp"
  mv "$OUT/data/synth-$n.json.tmp" "$OUT/data/synth-$n.json"
  echo "bench/out/data/synth-$n.json: $(stat -c %s "$OUT/data/synth-$n.json") bytes"
done
cp data/studies.json "$OUT/data/real.json"

build() { # name, dataset (empty: the real one)
  step "widget build: $1"
  rm -rf "$OUT/dist-$1"
  if [ -n "$2" ]; then
    MECFS_DATASET="$2" DIST="bench/out/dist-$1" bash scripts/build.sh
  else
    (unset MECFS_DATASET; DIST="bench/out/dist-$1" bash scripts/build.sh)
  fi
}
build real ""
build 1k "$OUT/data/synth-1000.json"
build 10k "$OUT/data/synth-10000.json"

step "vis-timeline anchor page"
cp bench/vis/index.html bench/vis/vis-bench.js "$OUT/vis/"
cp node_modules/vis-timeline/standalone/umd/vis-timeline-graph2d.min.js \
  node_modules/vis-timeline/styles/vis-timeline-graph2d.min.css "$OUT/vis/"

step "measuring (bench/run.mjs)"
node bench/run.mjs
echo
echo "benchmark done in $(( $(date +%s) - start )) s; table written to BENCHMARKS.md"
