#!/bin/sh
# StayRTR and manrs serve the same file; clients must see the same data from
# both: rtrclient (v1) exports of the full real set must be identical, and
# StayRTR's own client rtrdump must get identical VRPs and ASPAs over v2
# (8210bis-10 ASPA PDUs), v1 and v0. Ports 18340-18344.
command -v stayrtr >/dev/null || { echo "stayrtr not installed"; exit 77; }
command -v rtrclient >/dev/null && command -v rtrdump >/dev/null || { echo "rtrclient/rtrdump not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
TMP=$(mktemp -d /tmp/rtr_stayrtr.XXXXXX)
. "$(dirname "$0")/rtr_lib.inc"
trap rtr_cleanup EXIT INT TERM

# start_stayrtr PORT METRICS FILE
start_stayrtr() {
	timeout 110 stayrtr -bind "127.0.0.1:$1" -metrics.addr "127.0.0.1:$2" -cache "$3" \
		-checktime=false -refresh 3600 -log.verbose=false >"$TMP/stayrtr.$1.log" 2>&1 &
	PIDS="$PIDS $!"
	# StayRTR accepts routers before its data is loaded (and serves an empty
	# set): ready means a sync returns VRPs.
	listening() { "$MANRS" rtr dump --count --timeout 5 "127.0.0.1:$1" 2>/dev/null | grep -q ' vrps4=[1-9]'; }
	wait_for 60 listening "$1" || fail "stayrtr did not come up: $(tail -3 "$TMP/stayrtr.$1.log")"
}

# 1. ASPA + VRPs, small generated file in both ASPA spellings: rtrdump per version
SMALL=1 GEN_COUNT=3000 rtr_data
rtr_start 18340 "$A"
start_stayrtr 18341 18342 "$A"
for v in 2 1 0; do
	timeout 30 rtrdump -connect 127.0.0.1:18340 -rtr.version $v -file "$TMP/m$v.json" >/dev/null 2>&1 || fail "rtrdump v$v from manrs"
	timeout 30 rtrdump -connect 127.0.0.1:18341 -rtr.version $v -file "$TMP/s$v.json" >/dev/null 2>&1 || fail "rtrdump v$v from stayrtr"
	python3 "$RTR_PY" rtrdump "$TMP/m$v.json" > "$TMP/m$v.txt"
	python3 "$RTR_PY" rtrdump "$TMP/s$v.json" > "$TMP/s$v.txt"
	cmp -s "$TMP/m$v.txt" "$TMP/s$v.txt" || fail "rtrdump v$v differs: $(diff "$TMP/s$v.txt" "$TMP/m$v.txt" | head -5)"
	grep -v '^ASPA' "$TMP/m$v.txt" | cmp -s - "$TMP/expect_a.txt" || fail "rtrdump v$v VRPs differ from the file"
	echo "rtrdump v$v: identical from both ($(grep -vc '^ASPA' "$TMP/m$v.txt") VRPs, $(grep -c '^ASPA' "$TMP/m$v.txt") ASPA records)"
done
[ "$(grep -c '^ASPA' "$TMP/m2.txt")" -gt 0 ] || fail "no ASPA over v2"

# 2. the full real set (when present): rtrclient exports from both
if [ -r "$RTR_REAL/rpkiclient_summary_20250720T093135Z.json.bz2" ]; then
	# The 2025 snapshot's VRPs are past their "expires" time, which StayRTR
	# filters out: serve both the file without that field.
	python3 "$RTR_PY" noexpires "$RTR_REAL/rpkiclient_summary_20250720T093135Z.json.bz2" "$TMP/real.json"
	rtr_start 18343 "$TMP/real.json"
	start_stayrtr 18344 18345 "$TMP/real.json"
	timeout 90 rtrclient -e -t csv -o "$TMP/m.csv" tcp 127.0.0.1 18343 >/dev/null 2>&1 || fail "rtrclient from manrs"
	timeout 90 rtrclient -e -t csv -o "$TMP/s.csv" tcp 127.0.0.1 18344 >/dev/null 2>&1 || fail "rtrclient from stayrtr"
	python3 "$RTR_PY" rtrclient-csv "$TMP/m.csv" > "$TMP/m.txt"
	python3 "$RTR_PY" rtrclient-csv "$TMP/s.csv" > "$TMP/s.txt"
	cmp -s "$TMP/m.txt" "$TMP/s.txt" || fail "rtrclient exports differ: manrs $(wc -l < "$TMP/m.txt"), stayrtr $(wc -l < "$TMP/s.txt")"
	echo "real set: rtrclient gets the same $(wc -l < "$TMP/m.txt") VRPs from StayRTR and manrs"
else
	echo "real rpki-client snapshot absent: full-set comparison skipped"
fi
exit 0
