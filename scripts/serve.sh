#!/usr/bin/env bash
# Installs what is missing, then serves the widget with live reload at http://127.0.0.1:8080/
# Pass extra trunk arguments after the command, e.g. `bash scripts/serve.sh --port 9000`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh build
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
echo
echo "Serving the ME/CFS Treatment Timeline at http://127.0.0.1:8080/ (Ctrl+C stops)"
echo
exec trunk serve --address 127.0.0.1 --port 8080 "$@"
