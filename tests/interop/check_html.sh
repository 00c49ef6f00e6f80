#!/bin/bash
# SPDX-License-Identifier: ISC
# manrs check --html in a real headless Chromium: the page renders with no
# console error, has its four gauges, the ROA and IRR coverage bars and one
# rect per incident of the JSON report, loads nothing external; a screenshot
# goes to build/check-report.png. Also --markdown and --json agree with it.
# Env: MANRS (binary). No ports.
set -u
[ -x "${MANRS:-}" ] || { echo "skip: MANRS binary not built"; exit 77; }
command -v chromium >/dev/null || { echo "skip: chromium not installed"; exit 77; }
[ -x /usr/bin/chromedriver ] || { echo "skip: chromium-driver not installed"; exit 77; }
# Debian's python3-selenium lives in the system python, which a pyenv shim may hide
PY=""
for p in /usr/bin/python3 python3; do
	"$p" -c 'import selenium' 2>/dev/null && { PY=$p; break; }
done
[ -n "$PY" ] || { echo "skip: python3-selenium not installed"; exit 77; }
T=$(mktemp -d /tmp/check_html.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$MANRS" lab generate "$T/lab" --seed 1 >/dev/null || fail "lab generate"
AS=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([i["actor"] for i in d["incidents"] if i["type"]=="aspa-leak"][0])' "$T/lab/incidents.json")
"$MANRS" check --lab "$T/lab" --json "AS$AS" >"$T/r.json" 2>"$T/err"
rc=$?
[ $rc -le 1 ] || fail "check --json exit $rc: $(cat "$T/err")"
N=$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["ases"][0]
print(sum(len(m.get("incidents", [])) for m in a["metrics"].values()))' "$T/r.json")
[ "$N" -ge 1 ] || fail "the leaker of the lab shows no incident"
"$MANRS" check --lab "$T/lab" --html "$T/r.html" --markdown "AS$AS" >"$T/r.md" 2>"$T/err"
[ -s "$T/r.html" ] || fail "no HTML written: $(cat "$T/err")"
grep -q "^## MANRS readiness of AS$AS" "$T/r.md" || fail "markdown heading"
grep -Eq 'src=|href=|@import|url\(' "$T/r.html" && fail "HTML references an outside resource"
mkdir -p build
SHOT=$(pwd)/build/check-report.png
timeout 90 "$PY" "$(dirname "$0")/check_html.py" "$T/r.html" "$SHOT" "$N" || fail "chromium check"
[ -s "$SHOT" ] || fail "no screenshot"
echo "ok: HTML report of AS$AS checked in Chromium ($N incidents), screenshot $SHOT"
