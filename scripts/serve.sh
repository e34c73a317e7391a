#!/usr/bin/env bash
# Installs what is missing, then serves the widget with live reload at http://127.0.0.1:8080/
# Pass extra trunk arguments after the command, e.g. `bash scripts/serve.sh --port 9000` or
# `bash scripts/serve.sh --address 0.0.0.0 --port=9000`. The address and port default to
# Trunk.toml's [serve] section (127.0.0.1:8080); each is given to trunk once, so yours wins.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

address=127.0.0.1
port=8080
rest=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port|-p|--address|-a)
      if [ $# -lt 2 ]; then
        echo "serve.sh: $1 needs a value" >&2
        exit 2
      fi
      case "$1" in --port|-p) port="$2" ;; *) address="$2" ;; esac
      shift 2
      ;;
    --port=*) port="${1#--port=}"; shift ;;
    --address=*) address="${1#--address=}"; shift ;;
    -p?*) port="${1#-p}"; shift ;;
    -a?*) address="${1#-a}"; shift ;;
    *) rest+=("$1"); shift ;;
  esac
done
case "$port" in
  ''|*[!0-9]*) echo "serve.sh: --port needs a number, got '$port'" >&2; exit 2 ;;
esac

bash scripts/setup.sh build
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
echo
echo "Serving the ME/CFS Treatment Timeline at http://$address:$port/ (Ctrl+C stops)"
echo
exec trunk serve --address "$address" --port "$port" ${rest[@]+"${rest[@]}"}
