#!/bin/sh
# SPDX-License-Identifier: ISC
# The README's main job, `make demo` = scripts/demo.sh, must run to the end
# with no failed section. It binds 127.0.0.1:$DEMO_RTR_PORT and the next port
# (the RTR and whois sections) and the ones after, and kills what it starts
# (DEMO_STOP=1: daemons the demo would leave running for a newcomer are stopped).
MANRS=${MANRS:-build/manrs}
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
here=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
DEMO_STOP=1 DEMO_RTR_PORT=${DEMO_RTR_PORT:-29323} timeout 180 "$here/scripts/demo.sh" "$MANRS" "$tmp/demo" \
	>"$tmp/out" 2>&1
rc=$?
[ $rc = 0 ] || { tail -30 "$tmp/out"; echo "FAIL: demo exit $rc"; exit 1; }
grep -q '^lab in .*, 0 failed' "$tmp/out" || {
	grep -n '(exit\|failed' "$tmp/out" | head -20; echo "FAIL: a demo section failed"; exit 1; }
[ -s "$tmp/demo/incidents.json" ] || { echo "FAIL: no lab written"; exit 1; }
grep '^lab in' "$tmp/out"
exit 0
