#!/bin/sh
# SPDX-License-Identifier: ISC
# The dashboard of manrs serve in a real headless Chromium
# (serve_dashboard.py): tables filled from the API, an alert injected by
# the test (the lab's BMP stream) appears, the page works without
# JavaScript, no console error; screenshots under the build folder.
# Ports 19540 (RTR), 19541 (whois), 19542 (BMP), 19543 (HTTP).
MANRS=${MANRS:-build/manrs}
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
command -v chromium >/dev/null 2>&1 || { echo "skip: chromium not installed"; exit 77; }
command -v chromedriver >/dev/null 2>&1 || { echo "skip: chromium-driver not installed"; exit 77; }
# Debian's python3 has python3-selenium; another python3 first in PATH may not
PY=""
for p in /usr/bin/python3 python3; do
	"$p" -c 'import selenium' 2>/dev/null && { PY=$p; break; }
done
[ -n "$PY" ] || { echo "skip: python3-selenium not installed"; exit 77; }
command -v curl >/dev/null 2>&1 || { echo "skip: curl not installed"; exit 77; }
"$MANRS" serve --help >/dev/null 2>&1 || { echo "skip: manrs serve not built in"; exit 77; }
TMP=$(mktemp -d /tmp/serve_dashboard.XXXXXX)
. "$(dirname "$0")/serve_lib.inc"
trap serve_cleanup EXIT INT TERM
L=$TMP/lab
OUT=$(cd "$(dirname "$MANRS")" && pwd)/screenshots

serve_lab 1
cat >"$TMP/manrs.yml" <<EOT
rtr:
  listen: 127.0.0.1:19540
  vrps: $L/vrps.json
whois:
  listen: 127.0.0.1:19541
  files: [$L/irr.db]
bmp:
  listen: 127.0.0.1:19542
monitor:
  prefixes: $L/prefixes.yml
  config: $L/config.yml
  vrps: $L/vrps.json
  asrel: $L/as-rel.txt
  irr: $L/irr.db
  bogons: true
http:
  listen: 127.0.0.1:19543
EOT
serve_start "$TMP/manrs.yml" 19543
# chromium wants a writable home
HOME=$TMP timeout 150 "$PY" "$(dirname "$0")/serve_dashboard.py" http://127.0.0.1:19543 19542 \
	"$L/stream.bmp" "$OUT" || fail "the dashboard test failed"
