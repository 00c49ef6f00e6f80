#!/bin/sh
# SPDX-License-Identifier: ISC
# rtrclient built from rtrlib master (RTR v2, ASPA PDU of
# draft-ietf-sidrops-8210bis-21 and later) against manrs rtr serve in its
# default (current draft) layout, on the real rpki-client snapshot (100
# ASPAs) or generated data:
#  1. a live rtrclient -a -p must hold every VRP and every ASPA of the file;
#  2. a new file that replaces the providers of 3 ASPAs, withdraws 2, adds 2
#     (and changes VRPs): the delta arrives on the same session and the
#     client then holds exactly the new file; nobody sent an Error Report;
#  3. manrs rtr dump tells the layouts apart: current from the default
#     server, draft-10 from --aspa-pdu draft-10, same ASPAs from both.
# Ports 18370-18372.
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
command -v cmake >/dev/null || { echo "cmake not installed (scripts/deps.sh): cannot build rtrlib master"; exit 77; }
command -v gcc >/dev/null || { echo "gcc not installed: cannot build rtrlib master"; exit 77; }
BUILD=$SHARED/peers/build-rtrlib.sh
[ -r "$BUILD" ] || { echo "$BUILD missing: no rtrlib master source"; exit 77; }
TMP=$(mktemp -d /tmp/rtr_rtrlib.XXXXXX)
. "$(dirname "$0")/rtr_lib.inc"
trap rtr_cleanup EXIT INT TERM
PORT=18370

timeout 300 sh "$BUILD" "$TMP/rtrlib" > "$TMP/build.log" 2>&1 ||
	skip "rtrlib master did not build here: $(tail -2 "$TMP/build.log")"
RTRCLIENT=$TMP/rtrlib/rtrclient

rtr_data
python3 "$RTR_PY" expected-aspa "$A" > "$TMP/aspa_a.txt" || fail "expected-aspa A"
python3 "$RTR_PY" aspa-mutate "$B" "$TMP/b2.json" || fail "aspa-mutate"
python3 "$RTR_PY" expected-aspa "$TMP/b2.json" > "$TMP/aspa_b.txt" || fail "expected-aspa B"
[ -s "$TMP/aspa_a.txt" ] || fail "no ASPA in the data"
cp "$A" "$TMP/cur.json"
rtr_start $PORT "$TMP/cur.json" --history 4
N_A=$(wc -l < "$TMP/expect_a.txt") NA_A=$(wc -l < "$TMP/aspa_a.txt")

# 1. full sync: every VRP and every ASPA
timeout 170 stdbuf -oL "$RTRCLIENT" -a -p tcp 127.0.0.1 $PORT > "$TMP/live.txt" 2>&1 &
PIDS="$PIDS $!"
have_all() {
	[ "$(grep -c '^+ ASPA' "$TMP/live.txt")" -ge "$NA_A" ] &&
		[ "$(python3 "$RTR_PY" live-count "$TMP/live.txt" | cut -d' ' -f1)" -ge "$N_A" ]
}
wait_for 90 have_all || fail "rtrclient (master) did not get the full set: $(grep -c '^+ ASPA' "$TMP/live.txt") ASPAs, $(python3 "$RTR_PY" live-count "$TMP/live.txt") VRP +/-; log: $(grep -iv '^[+-] ' "$TMP/live.txt" | grep -v HOST | tail -3)"
python3 "$RTR_PY" live "$TMP/live.txt" | cmp -s - "$TMP/expect_a.txt" || fail "rtrclient VRPs differ from the file"
python3 "$RTR_PY" live-aspa "$TMP/live.txt" | sort | cmp -s - "$(sort "$TMP/aspa_a.txt" > "$TMP/aspa_a.s"; echo "$TMP/aspa_a.s")" ||
	fail "rtrclient ASPAs differ from the file: $(python3 "$RTR_PY" live-aspa "$TMP/live.txt" | sort | diff "$TMP/aspa_a.s" - | head -5)"
echo "full sync ($DATA_KIND data): rtrclient master holds the $N_A VRPs and $NA_A ASPAs of the file"

# 2. delta: ASPAs replaced, withdrawn and added, VRPs changed
swap_file "$TMP/b2.json" "$TMP/cur.json"
sort "$TMP/aspa_b.txt" > "$TMP/aspa_b.s"
same_b() {
	python3 "$RTR_PY" live-aspa "$TMP/live.txt" | sort | cmp -s - "$TMP/aspa_b.s" &&
		python3 "$RTR_PY" live "$TMP/live.txt" | cmp -s - "$TMP/expect_b.txt"
}
wait_for 60 same_b || fail "after the delta rtrclient differs from the new file: $(python3 "$RTR_PY" live-aspa "$TMP/live.txt" | sort | diff "$TMP/aspa_b.s" - | head -5)"
grep -q "serial 1:" "$TMP/manrs.$PORT.log" || fail "no serial 1 in the manrs log"
grep -qi "error report" "$TMP/manrs.$PORT.log" && fail "Error Report in the manrs log: $(grep -i 'error report' "$TMP/manrs.$PORT.log" | head -2)"
grep -qi "ERROR" "$TMP/live.txt" && fail "rtrclient reported an error: $(grep -i error "$TMP/live.txt" | head -2)"
# the mutation itself, then what the client saw: a replaced record is one
# "+" (no "-" first), only records gone from the file are withdrawn
counts() { python3 -c 'import sys; a=dict(l.split(" ",1) for l in open(sys.argv[1]).read().split("\n") if l); b=dict(l.split(" ",1) for l in open(sys.argv[2]).read().split("\n") if l); print(sum(1 for k in a if k in b and a[k]!=b[k]), sum(1 for k in a if k not in b), sum(1 for k in b if k not in a))' "$1" "$2"; }
python3 "$RTR_PY" expected-aspa "$B" | sort > "$TMP/aspa_braw.s"
[ "$(counts "$TMP/aspa_braw.s" "$TMP/aspa_b.s")" = "3 2 2" ] || fail "the mutation did not replace 3, withdraw 2, add 2 ASPAs"
gone=$(counts "$TMP/aspa_a.s" "$TMP/aspa_b.s" | cut -d' ' -f2)
[ "$(grep -c '^- ASPA' "$TMP/live.txt")" -eq "$gone" ] || fail "expected $gone ASPA withdrawals, saw $(grep -c '^- ASPA' "$TMP/live.txt")"
echo "delta: 3 ASPAs replaced, 2 withdrawn, 2 added, VRPs changed; rtrclient master holds exactly the new file"

# 3. dump detects the layout; the draft-10 server serves the same ASPAs
rtr_start 18371 "$TMP/b2.json" --aspa-pdu draft-10
"$MANRS" rtr dump -V 2 --count --timeout 60 127.0.0.1:$PORT | grep -q 'aspa_layout=current' || fail "dump did not see the current layout"
"$MANRS" rtr dump -V 2 --count --timeout 60 127.0.0.1:18371 | grep -q 'aspa_layout=draft-10' || fail "dump did not see the draft-10 layout"
"$MANRS" rtr dump -V 2 --timeout 60 127.0.0.1:$PORT > "$TMP/d_cur.txt" || fail "dump (current)"
"$MANRS" rtr dump -V 2 --timeout 60 127.0.0.1:18371 > "$TMP/d_10.txt" || fail "dump (draft-10)"
python3 "$RTR_PY" manrs-aspa "$TMP/d_cur.txt" | sort | cmp -s - "$TMP/aspa_b.s" || fail "dump (current) ASPAs differ from the file"
python3 "$RTR_PY" manrs-aspa "$TMP/d_10.txt" | sort | cmp -s - "$TMP/aspa_b.s" || fail "dump (draft-10) ASPAs differ from the file"
"$MANRS" rtr dump -V 2 --json --timeout 60 127.0.0.1:$PORT | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["aspas"]))' |
	grep -qx "$(wc -l < "$TMP/aspa_b.s")" || fail "dump --json ASPA count"
echo "dump: layout detected (current / draft-10), the same $(wc -l < "$TMP/aspa_b.s") ASPAs from both, --json too"
exit 0
