#!/usr/bin/env bash
# Prints each file's raw and gzip -9 size, and the totals, for a built dist/ folder. The total is
# the first visit: files the page never loads (the Atom feed, oEmbed discovery) are listed apart.
set -euo pipefail
dir="${1:-dist}"
total_raw=0; total_gz=0
printf '%-48s %10s %10s\n' file raw gzip
while IFS= read -r f; do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  case "${f##*/}" in
    feed.xml|oembed.json) printf '%-48s %10d %10d  (not loaded by the page)\n' "${f#"$dir"/}" "$raw" "$gz"; continue ;;
  esac
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-48s %10d %10d\n' "${f#"$dir"/}" "$raw" "$gz"
done < <(find "$dir" -type f | sort)
printf '%-48s %10d %10d\n' TOTAL "$total_raw" "$total_gz"
awk -v b="$total_gz" 'BEGIN { printf "first visit, gzip total: %.1f KB\n", b / 1024 }'
