#!/usr/bin/env bash
# Fuzzes the URL codec (crates/core/src/url_state.rs) with cargo-fuzz / libFuzzer on the nightly toolchain.
#
#   bash scripts/fuzz.sh [runs]      # default 1000000 inputs
#
# 1. installs what is missing: the nightly toolchain (rustup, minimal profile) and cargo-fuzz
#    (cargo install, from crates.io; ~3 minutes once). No rustup components are added;
# 2. seeds fuzz/corpus/url_codec/ (git-ignored) with every link in tests/fixtures/urls/;
# 3. runs `cargo +nightly fuzz run url_codec` for [runs] inputs (max 128 KiB each, 2 GiB RSS
#    limit, 10 s per input) and prints inputs executed, crashes, peak RSS and time;
# 4. minimises what it found with libFuzzer's -merge=1 against the existing fixtures (new code
#    edges only) and copies at most 30 NEW inputs smaller than 4 KB, smallest first, to
#    tests/fixtures/urls/fuzz-<sha1>.txt, where the corpus replay test in crates/core/src/url_state.rs
#    (`cargo test`) checks them on every run.
#    FUZZ_HARVEST=0 skips this step (e.g. in CI, which should not write into tests/).
#
# A crash (a panic, or a broken round-trip invariant) stops the script with exit 1 and leaves the
# input in fuzz/artifacts/url_codec/ plus a minimised copy (cargo fuzz tmin).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
RUNS="${1:-1000000}"
TARGET=url_codec
FIXTURES="$ROOT/tests/fixtures/urls"
CORPUS="$ROOT/fuzz/corpus/$TARGET"
MERGED="$ROOT/fuzz/merged/$TARGET"
ARTIFACTS="$ROOT/fuzz/artifacts/$TARGET"
LOG="$ROOT/fuzz/target/$TARGET-run.log"
MAX_NEW=30
MAX_NEW_BYTES=4096
FUZZ_ARGS=(-max_len=131072 -rss_limit_mb=2048 -timeout=10)

say() { printf '\033[1m[fuzz]\033[0m %s\n' "$*"; }

if ! rustup toolchain list | grep -q '^nightly'; then
  say "installing the nightly toolchain (minimal profile), once"
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null || ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz from crates.io (a few minutes, once)"
  cargo install cargo-fuzz
fi
say "$(cargo +nightly fuzz --version), $(rustc +nightly --version)"

mkdir -p "$CORPUS" "$ARTIFACTS" "$ROOT/fuzz/target"

# Seeds: every fixture link, named by the SHA-1 of its content as libFuzzer names inputs. The
# fixtures end with a newline for editors' sake, which the replay test strips, so strip it here.
python3 - "$FIXTURES" "$CORPUS" <<'PY'
import hashlib, pathlib, sys
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for f in sorted(src.iterdir()):
    if not f.is_file():
        continue
    data = f.read_bytes()
    if data.endswith(b"\n"):
        data = data[:-1]
    (dst / hashlib.sha1(data).hexdigest()).write_bytes(data)
PY
say "corpus: $(find "$CORPUS" -type f | wc -l) inputs ($(find "$FIXTURES" -type f | wc -l) fixtures in tests/fixtures/urls)"

say "building the fuzz target (address sanitizer, release + debug assertions)"
cargo +nightly fuzz build "$TARGET"

say "running $RUNS inputs"
TIMER=()
if [ -x /usr/bin/time ]; then TIMER=(/usr/bin/time -v); fi
touch "$LOG.start"
start=$(date +%s.%N)
set +e
"${TIMER[@]}" cargo +nightly fuzz run "$TARGET" "$CORPUS" -- \
  -runs="$RUNS" "${FUZZ_ARGS[@]}" -print_final_stats=1 2>&1 | tee "$LOG" \
  | grep -E --line-buffered '^(#[0-9]+[[:space:]]+(INITED|DONE|pulse)|==|SUMMARY|Done|stat::)|panicked|Test unit written|Maximum resident'
status=${PIPESTATUS[0]}
set -e
end=$(date +%s.%N)

executed=$(awk -F': *' '/^stat::number_of_executed_units/ {print $NF}' "$LOG" | tail -n1)
peak_rss=$(awk -F': *' '/^stat::peak_rss_mb/ {print $NF}' "$LOG" | tail -n1)
max_rss_kb=$(awk -F': *' '/Maximum resident set size/ {print $NF}' "$LOG" | tail -n1)
crashes=$(find "$ARTIFACTS" -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'leak-*' \) -newer "$LOG.start" 2>/dev/null | wc -l || true)
echo
say "inputs executed: ${executed:-unknown}"
say "peak RSS: ${peak_rss:-?} MB (libFuzzer)${max_rss_kb:+, $((max_rss_kb / 1024)) MB (whole process tree, /usr/bin/time)}"
say "time: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f s", b - a }')"

if [ "$status" -ne 0 ]; then
  say "libFuzzer stopped with status $status: the codec broke an invariant or crashed"
  found=$(grep -oE 'Test unit written to [^ ]+' "$LOG" | awk '{print $5}' | tail -n1 || true)
  if [ -n "$found" ] && [ -f "$found" ]; then
    say "input: $found ($(wc -c < "$found") bytes); minimising it"
    cargo +nightly fuzz tmin "$TARGET" "$found" -- "${FUZZ_ARGS[@]}" -runs=20000 2>&1 | tail -n 5 || true
    say "minimised inputs are in fuzz/artifacts/$TARGET/ (minimized-from-*); replay with:"
    say "  cargo +nightly fuzz run $TARGET <file>"
  fi
  say "crashes: $((crashes > 0 ? crashes : 1)) (see $LOG)"
  exit 1
fi
say "crashes: $crashes"

if [ "${FUZZ_HARVEST:-1}" = 0 ]; then
  say "FUZZ_HARVEST=0: not copying new inputs into tests/fixtures/urls/"
  exit 0
fi

# Minimise: start from the fixtures alone, let -merge=1 add only corpus inputs that reach
# coverage the fixtures do not, then keep the few small ones as new fixtures.
rm -rf "$MERGED"
mkdir -p "$MERGED"
python3 - "$FIXTURES" "$MERGED" <<'PY'
import hashlib, pathlib, sys
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for f in sorted(src.iterdir()):
    if f.is_file():
        data = f.read_bytes()
        if data.endswith(b"\n"):
            data = data[:-1]
        (dst / hashlib.sha1(data).hexdigest()).write_bytes(data)
PY
ls "$MERGED" > "$ROOT/fuzz/target/$TARGET-seeds.txt"
say "minimising new inputs against the fixtures (-merge=1)"
# -use_counters=0: an input counts as new only for a code edge the fixtures never reach, not for
# reaching a known edge a different number of times (that alone would select ~1000 inputs).
# libFuzzer tries inputs smallest first, so the first few kept are the smallest that add an edge.
cargo +nightly fuzz run "$TARGET" "$MERGED" "$CORPUS" -- -merge=1 -use_counters=0 "${FUZZ_ARGS[@]}" \
  > "$ROOT/fuzz/target/$TARGET-merge.log" 2>&1 \
  || { tail -n 20 "$ROOT/fuzz/target/$TARGET-merge.log"; exit 1; }
grep -E 'MERGE-OUTER: [0-9]+ new files' "$ROOT/fuzz/target/$TARGET-merge.log" | sed 's/^/  /' || true

python3 - "$MERGED" "$ROOT/fuzz/target/$TARGET-seeds.txt" "$FIXTURES" "$MAX_NEW" "$MAX_NEW_BYTES" <<'PY'
import pathlib, sys
merged, seeds_list, fixtures = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
max_new, max_bytes = int(sys.argv[4]), int(sys.argv[5])
seeds = set(seeds_list.read_text().split())
new = [f for f in merged.iterdir() if f.is_file() and f.name not in seeds]
small = sorted((f for f in new if f.stat().st_size < max_bytes), key=lambda f: (f.stat().st_size, f.name))
kept = small[:max_new]
for f in kept:
    # The trailing newline is for editors; the replay test strips exactly one.
    (fixtures / f"fuzz-{f.name}.txt").write_bytes(f.read_bytes() + b"\n")
print(f"[fuzz] new interesting inputs: {len(new)}; under {max_bytes} bytes: {len(small)}; "
      f"copied to tests/fixtures/urls/: {len(kept)}")
for f in kept:
    print(f"  tests/fixtures/urls/fuzz-{f.name}.txt ({f.stat().st_size} bytes)")
PY
