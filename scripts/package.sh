#!/usr/bin/env bash
# The self-hosting bundle: target/package/mecfs-timeline-<version>.zip (version from
# data/studies.json) with the built widget and ready header files for Netlify/Cloudflare Pages
# (_headers), Apache (.htaccess), nginx and GitHub Pages, plus INSTALL.txt. See scripts/package.mjs.
#   bash scripts/package.sh                                   # header rules for the site root
#   bash scripts/package.sh --url https://example.org/tools/timeline/
#       (ready-to-paste snippet, header rules for /tools/timeline/, WordPress oEmbed discovery)
# Options: --url URL, --path /folder/ (header rules' path), --dist DIR (default dist),
# --out DIR (default target/package). Builds dist/ first when it is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
dist=dist
for ((i = 1; i <= $#; i++)); do
  case "${!i}" in
    --dist) j=$((i + 1)); dist="${!j:-dist}" ;;
    --dist=*) dist="${!i#--dist=}" ;;
  esac
done
if [ ! -f "$dist/index.html" ]; then
  echo "package: $dist/index.html is missing; building it"
  bash scripts/setup.sh build
  DIST="$dist" bash scripts/build.sh
fi
exec node scripts/package.mjs "$@"
