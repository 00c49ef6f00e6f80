#!/bin/sh
# SPDX-License-Identifier: ISC
# rtrclient (rtrlib, RTR v1) against manrs rtr serve, on the two real
# rpki-client snapshots 30 minutes apart (or generated data):
#  1. a live rtrclient must hold exactly the VRPs of the file;
#  2. after the file changes it must get the delta (+/- lines) and hold
#     exactly the new file's VRPs;
#  3. a broken file is logged and the last good data stays: a fresh
#     rtrclient -e export still equals the second file.
# Ports 18310-18311.
command -v rtrclient >/dev/null || { echo "rtrclient (rtr-tools) not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
TMP=$(mktemp -d /tmp/rtr_rtrclient.XXXXXX)
. "$(dirname "$0")/rtr_lib.inc"
trap rtr_cleanup EXIT INT TERM
PORT=18310

rtr_data
cp "$A" "$TMP/cur.json"
rtr_start $PORT "$TMP/cur.json" --history 4
N_A=$(wc -l < "$TMP/expect_a.txt")

# 1. live session: the full set
timeout 300 stdbuf -oL rtrclient -p tcp 127.0.0.1 $PORT > "$TMP/live.txt" 2>/dev/null &
PIDS="$PIDS $!"
live_count() { echo "$(grep -c '^+' "$TMP/live.txt") $(grep -c '^-' "$TMP/live.txt")"; }
have_all() { [ "$(grep -c '^+' "$TMP/live.txt")" -ge "$N_A" ]; }
wait_for 80 have_all || fail "live rtrclient did not get the full set: $(live_count)"
python3 "$RTR_PY" live "$TMP/live.txt" > "$TMP/got_a.txt"
cmp -s "$TMP/expect_a.txt" "$TMP/got_a.txt" ||
	fail "rtrclient holds $(wc -l < "$TMP/got_a.txt") VRPs, file has $N_A: $(diff "$TMP/expect_a.txt" "$TMP/got_a.txt" | head -5)"
echo "full sync ($DATA_KIND data): rtrclient holds the $N_A VRPs of the file"

# 2. the file changes: the delta arrives on the same session
swap_file "$B" "$TMP/cur.json"
ADDS=$(comm -13 "$TMP/expect_a.txt" "$TMP/expect_b.txt" | wc -l)
DELS=$(comm -23 "$TMP/expect_a.txt" "$TMP/expect_b.txt" | wc -l)
got_delta() { [ "$(live_count)" = "$((N_A + ADDS)) $DELS" ]; }
wait_for 90 got_delta || fail "delta not received: want $((N_A + ADDS)) $DELS, got $(live_count)"
python3 "$RTR_PY" live "$TMP/live.txt" > "$TMP/got_b.txt"
cmp -s "$TMP/expect_b.txt" "$TMP/got_b.txt" || fail "after the delta rtrclient differs from the new file"
grep -q "serial 1:" "$TMP/manrs.$PORT.log" || fail "no serial 1 in the log"
echo "delta: +$ADDS -$DELS received live; rtrclient holds exactly the new file"

# 3. a broken file keeps the last good data
printf '{"roas":[{"asn":1,"prefix":"10.0.0.0/8","maxLength":' > "$TMP/cur.json.tmp"
mv -f "$TMP/cur.json.tmp" "$TMP/cur.json"
wait_for 20 grep -q "reload (file changed) failed" "$TMP/manrs.$PORT.log" || fail "broken file not reported"
timeout 90 rtrclient -e -t csv -o "$TMP/export.csv" tcp 127.0.0.1 $PORT >/dev/null 2>&1 || fail "rtrclient -e after the broken file"
python3 "$RTR_PY" rtrclient-csv "$TMP/export.csv" | cmp -s - "$TMP/expect_b.txt" || fail "data changed after a broken file"
echo "broken file: reported ($(grep -m1 'failed' "$TMP/manrs.$PORT.log" | sed 's/.*failed, //' | cut -c1-80)), rtrclient -e export still equals the last good file"
exit 0
