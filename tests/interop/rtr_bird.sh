#!/bin/sh
# SPDX-License-Identifier: ISC
# BIRD 2 (RTR v1 client) against manrs rtr serve: its roa4/roa6 tables must
# hold exactly the file's VRPs; after the file changes, the Serial Notify
# makes BIRD fetch the delta (its own refresh timer is 3600 s) and the
# tables must equal the new file. Port 18320.
command -v bird >/dev/null && command -v birdc >/dev/null || { echo "bird2 not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
TMP=$(mktemp -d /tmp/rtr_bird.XXXXXX)
. "$(dirname "$0")/rtr_lib.inc"
trap rtr_cleanup EXIT INT TERM
PORT=18320

rtr_data
cp "$A" "$TMP/cur.json"
rtr_start $PORT "$TMP/cur.json"

cat > "$TMP/bird.conf" <<CONF
router id 192.0.2.1;
log "$TMP/bird.log" all;
roa4 table r4;
roa6 table r6;
protocol device { }
protocol rpki rtr1 {
    roa4 { table r4; };
    roa6 { table r6; };
    remote 127.0.0.1 port $PORT;
    retry keep 5;
    refresh keep 3600;
    expire keep 7200;
}
CONF
timeout 300 bird -c "$TMP/bird.conf" -s "$TMP/bird.ctl" -P "$TMP/bird.pid" -f >/dev/null 2>&1 &
PIDS="$PIDS $!"
BC="birdc -s $TMP/bird.ctl"

# count_is TABLE N: BIRD's table holds exactly N routes
count_is() { $BC show route table "$1" count 2>/dev/null | grep -q "^$2 of $2 routes"; }
# holds FILE: the r4+r6 tables equal the expected listing
holds() {
	{ $BC show route table r4; $BC show route table r6; } > "$TMP/bird.txt" 2>/dev/null
	python3 "$RTR_PY" bird "$TMP/bird.txt" > "$TMP/bird.norm"
	cmp -s "$TMP/bird.norm" "$1"
}
V4A=$(grep -c '\.' "$TMP/expect_a.txt") V6A=$(grep -c ':' "$TMP/expect_a.txt")
V4B=$(grep -c '\.' "$TMP/expect_b.txt") V6B=$(grep -c ':' "$TMP/expect_b.txt")

wait_for 60 count_is r4 "$V4A" || fail "BIRD r4: $($BC show route table r4 count | tail -1), want $V4A"
wait_for 20 count_is r6 "$V6A" || fail "BIRD r6: $($BC show route table r6 count | tail -1), want $V6A"
holds "$TMP/expect_a.txt" || fail "BIRD tables differ from the file: $(diff "$TMP/expect_a.txt" "$TMP/bird.norm" | head -5)"
VER=$($BC show protocols all rtr1 | sed -n 's/.*Protocol version: *//p')
echo "full sync ($DATA_KIND data): BIRD holds exactly $V4A IPv4 + $V6A IPv6 VRPs (RTR v$VER)"

swap_file "$B" "$TMP/cur.json"
serial_is_1() { $BC show protocols all rtr1 | grep -q 'Serial number: *1$'; }
wait_for 90 serial_is_1 || fail "BIRD did not move to serial 1: $($BC show protocols all rtr1 | grep Serial)"
wait_for 10 count_is r4 "$V4B" || fail "BIRD r4 after delta: $($BC show route table r4 count | tail -1), want $V4B"
wait_for 10 count_is r6 "$V6B" || fail "BIRD r6 after delta"
holds "$TMP/expect_b.txt" || fail "BIRD tables differ from the new file: $(diff "$TMP/expect_b.txt" "$TMP/bird.norm" | head -5)"
echo "delta: BIRD at serial 1 holds exactly $V4B IPv4 + $V6B IPv6 VRPs of the new file"
exit 0
