#!/bin/sh
# SPDX-License-Identifier: ISC
# StayRTR and manrs serve the same file; clients must see the same data from
# both: rtrclient (v1) exports of the full real set must be identical, and
# StayRTR's own client rtrdump must get identical VRPs and ASPAs over v2
# (8210bis-10 ASPA PDUs: manrs with --aspa-pdu draft-10), v1 and v0; manrs
# rtr dump must recognise StayRTR's layout as draft-10 and read its ASPAs. Per-VRP/ASPA "expires": a generated mix
# of past and future expiry times served by both with expiry honoured must
# give identical sets; manrs must drop an entry that expires while it runs.
# Ports 18340-18350.
command -v stayrtr >/dev/null || { echo "stayrtr not installed"; exit 77; }
command -v rtrclient >/dev/null && command -v rtrdump >/dev/null || { echo "rtrclient/rtrdump not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
TMP=$(mktemp -d /tmp/rtr_stayrtr.XXXXXX)
. "$(dirname "$0")/rtr_lib.inc"
trap rtr_cleanup EXIT INT TERM

# start_stayrtr PORT METRICS FILE [CHECKTIME]: CHECKTIME true makes StayRTR
# drop VRPs/ASPAs past their "expires" (its default); false serves them all.
start_stayrtr() {
	timeout 300 stayrtr -bind "127.0.0.1:$1" -metrics.addr "127.0.0.1:$2" -cache "$3" \
		-checktime="${4:-false}" -refresh 3600 -log.verbose=false >"$TMP/stayrtr.$1.log" 2>&1 &
	PIDS="$PIDS $!"
	# StayRTR accepts routers before its data is loaded (and serves an empty
	# set): ready means a sync returns VRPs.
	listening() { "$MANRS" rtr dump --count --timeout 5 "127.0.0.1:$1" 2>/dev/null | grep -q ' vrps4=[1-9]'; }
	wait_for 60 listening "$1" || fail "stayrtr did not come up: $(tail -3 "$TMP/stayrtr.$1.log")"
}

# 1. ASPA + VRPs, small generated file in both ASPA spellings: rtrdump per version
SMALL=1 GEN_COUNT=3000 rtr_data
rtr_start 18340 "$A" --aspa-pdu draft-10
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
"$MANRS" rtr dump -V 2 --count --timeout 30 127.0.0.1:18341 > "$TMP/sdump.txt" || fail "manrs rtr dump -V 2 from stayrtr"
grep -q 'aspa_layout=draft-10' "$TMP/sdump.txt" || fail "dump did not detect StayRTR's draft-10 layout: $(cat "$TMP/sdump.txt")"
"$MANRS" rtr dump -V 2 --timeout 30 127.0.0.1:18341 > "$TMP/sdump.csv" || fail "manrs rtr dump -V 2 (CSV) from stayrtr"
python3 "$RTR_PY" manrs-aspa "$TMP/sdump.csv" | sort > "$TMP/sdump_aspa.txt"
python3 "$RTR_PY" expected-aspa "$A" | sort | cmp -s - "$TMP/sdump_aspa.txt" || fail "dump of StayRTR's ASPAs differs from the file"
echo "manrs rtr dump: StayRTR's ASPA layout detected as draft-10, its $(wc -l < "$TMP/sdump_aspa.txt") ASPAs equal the file"

# 2. expiry honoured by both: past, future and no "expires", duplicates
# with a past and a future copy, ASPAs in both spellings
python3 "$RTR_PY" gen-expiry "$TMP/exp.json" 3000 || fail "gen-expiry"
python3 "$RTR_PY" expected-live "$TMP/exp.json" > "$TMP/expect_live.txt"
python3 "$RTR_PY" expected "$TMP/exp.json" > "$TMP/expect_all.txt"
RTR_HONOUR_EXPIRES=1 rtr_start 18346 "$TMP/exp.json" --http 127.0.0.1:18350 --aspa-pdu draft-10
start_stayrtr 18347 18348 "$TMP/exp.json" true
for v in 2 1; do
	timeout 30 rtrdump -connect 127.0.0.1:18346 -rtr.version $v -file "$TMP/em$v.json" >/dev/null 2>&1 || fail "rtrdump v$v from manrs (expiry)"
	timeout 30 rtrdump -connect 127.0.0.1:18347 -rtr.version $v -file "$TMP/es$v.json" >/dev/null 2>&1 || fail "rtrdump v$v from stayrtr (expiry)"
	python3 "$RTR_PY" rtrdump "$TMP/em$v.json" > "$TMP/em$v.txt"
	python3 "$RTR_PY" rtrdump "$TMP/es$v.json" > "$TMP/es$v.txt"
	cmp -s "$TMP/em$v.txt" "$TMP/es$v.txt" || fail "expiry: rtrdump v$v differs: $(diff "$TMP/es$v.txt" "$TMP/em$v.txt" | head -5)"
	grep -v '^ASPA' "$TMP/em$v.txt" | cmp -s - "$TMP/expect_live.txt" || fail "expiry: v$v VRPs differ from the unexpired entries of the file"
done
all=$(wc -l < "$TMP/expect_all.txt") live=$(wc -l < "$TMP/expect_live.txt")
[ "$live" -lt "$all" ] && [ "$live" -gt 0 ] || fail "expiry: the generated file has no mix ($live of $all)"
aspas=$(grep -c '^ASPA' "$TMP/em2.txt")
[ "$aspas" -gt 0 ] && [ "$aspas" -lt 12 ] || fail "expiry: expected some but not all ASPAs over v2, got $aspas"
python3 -c 'import urllib.request as u; print(u.urlopen("http://127.0.0.1:18350/metrics", timeout=5).read().decode())' | grep -q '^manrs_rtr_expired_vrps [1-9]' || fail "expiry: no expired VRPs in /metrics"
echo "expiry: StayRTR (checktime) and manrs serve the same $live of $all VRPs and $aspas ASPA records"

# 3. an entry that expires while manrs runs is withdrawn without a file change
python3 "$RTR_PY" gen-expiry "$TMP/soon.json" 300 6 || fail "gen-expiry soon"
RTR_HONOUR_EXPIRES=1 rtr_start 18349 "$TMP/soon.json"
has_soon() { "$MANRS" rtr dump --timeout 10 127.0.0.1:18349 2>/dev/null | grep -q '^AS64511,203.0.113.0/24,24$'; }
has_soon || fail "soon-expiring VRP not served before its expiry"
soon_gone() { ! has_soon; }
wait_for 30 soon_gone || fail "VRP still served after its expiry"
grep -q "expired" "$TMP/manrs.18349.log" || fail "no expiry in the manrs log"
echo "expiry: a VRP is withdrawn once its expires passes (no file change)"

# 4. the full real set (when present): rtrclient exports from both
if [ -r "$RTR_REAL/rpkiclient_summary_20250720T093135Z.json.bz2" ]; then
	bzcat "$RTR_REAL/rpkiclient_summary_20250720T093135Z.json.bz2" > "$TMP/real.json" || fail "bzcat"
	grep -q '"expires"' "$TMP/real.json" || fail "real snapshot without expires"
	# The 2025 snapshot is entirely past its "expires" by now. Honoured, both
	# serve nothing: StayRTR logs an empty update, manrs counts all expired.
	# (-checktime=false only skips StayRTR's "file older than 24 hours"
	# refusal; it filters per-entry "expires" either way.)
	start_stayrtr_empty() {
		timeout 60 stayrtr -bind 127.0.0.1:18344 -metrics.addr 127.0.0.1:18345 -cache "$TMP/real.json" \
			-checktime=false -refresh 3600 -log.verbose=false >"$TMP/stayrtr.empty.log" 2>&1 &
		SPID=$!
		PIDS="$PIDS $SPID"
	}
	start_stayrtr_empty
	empty_logged() { grep -q 'New update (0 uniques, 0 total prefixes)' "$TMP/stayrtr.empty.log"; }
	wait_for 40 empty_logged || fail "StayRTR did not drop the expired real set: $(tail -2 "$TMP/stayrtr.empty.log")"
	kill "$SPID"; wait "$SPID" 2>/dev/null
	# manrs rpki refuses a source that expiry emptied (exit 1, naming the count).
	"$MANRS" rpki info -q --json --vrps "$TMP/real.json" >/dev/null 2>"$TMP/info.err" &&
		fail "manrs rpki info accepted the all-expired real set"
	grep -q 'all [1-9][0-9]* VRPs .*nothing left' "$TMP/info.err" || fail "manrs counts no expired real VRPs: $(cat "$TMP/info.err")"
	echo "real set, expiry honoured: StayRTR and manrs both serve nothing ($(sed 's/.*all \([0-9]*\) VRPs.*/\1/' "$TMP/info.err") expired)"
	# Expiry ignored: StayRTR filters per-entry "expires" even with
	# -checktime=false (that flag only concerns the file's staleness), so it
	# gets the file without that field; manrs serves the file as it is with
	# --ignore-expires (rtr_start's default).
	python3 "$RTR_PY" noexpires "$TMP/real.json" "$TMP/real_noexp.json"
	rtr_start 18343 "$TMP/real.json"
	start_stayrtr 18344 18345 "$TMP/real_noexp.json" false
	timeout 90 rtrclient -e -t csv -o "$TMP/m.csv" tcp 127.0.0.1 18343 >/dev/null 2>&1 || fail "rtrclient from manrs"
	timeout 90 rtrclient -e -t csv -o "$TMP/s.csv" tcp 127.0.0.1 18344 >/dev/null 2>&1 || fail "rtrclient from stayrtr"
	python3 "$RTR_PY" rtrclient-csv "$TMP/m.csv" > "$TMP/m.txt"
	python3 "$RTR_PY" rtrclient-csv "$TMP/s.csv" > "$TMP/s.txt"
	cmp -s "$TMP/m.txt" "$TMP/s.txt" || fail "rtrclient exports differ: manrs $(wc -l < "$TMP/m.txt"), stayrtr $(wc -l < "$TMP/s.txt")"
	echo "real set, expiry ignored: rtrclient gets the same $(wc -l < "$TMP/m.txt") VRPs from StayRTR and manrs"
else
	echo "real rpki-client snapshot absent: full-set comparison skipped"
fi
exit 0
