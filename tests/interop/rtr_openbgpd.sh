#!/bin/sh
# SPDX-License-Identifier: ISC
# OpenBGPD 7 (its own RTR v1 client, not rtrlib) against manrs rtr serve:
# 'bgpctl show sets' must count the file's unique IPv4/IPv6 ROA prefixes
# (OpenBGPD counts prefixes, not VRPs) and, after the file changes, reach
# serial 1 with the new file's counts. Ports 18360-18361.
command -v bgpctl >/dev/null && [ -x /usr/sbin/bgpd ] || { echo "openbgpd not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
TMP=$(mktemp -d /tmp/rtr_openbgpd.XXXXXX)
. "$(dirname "$0")/rtr_lib.inc"
trap rtr_cleanup EXIT INT TERM
PORT=18360
mkdir -p /run/openbgpd 2>/dev/null || { echo "cannot create /run/openbgpd (OpenBGPD's chroot)"; exit 77; }

rtr_data
cp "$A" "$TMP/cur.json"
rtr_start $PORT "$TMP/cur.json"
cat > "$TMP/bgpd.conf" <<CONF
AS 64515
router-id 192.0.2.5
listen on 127.0.0.1 port $((PORT + 1))
socket "$TMP/bgpd.sock"
fib-update no
rtr 127.0.0.1 {
	descr "manrs"
	port $PORT
}
CONF
timeout 300 /usr/sbin/bgpd -d -f "$TMP/bgpd.conf" >"$TMP/bgpd.log" 2>&1 &
PIDS="$PIDS $!"
BGPCTL="bgpctl -s $TMP/bgpd.sock"
# unique prefixes per family of an expected listing: "V4 V6"
uniq_counts() { awk '{print $2}' "$1" | sort -u | awk '/:/ {s++; next} {f++} END {print f + 0, s + 0}'; }
sets_are() { $BGPCTL show sets 2>/dev/null | awk '/RPKI ROA/ {print $(NF-3), $(NF-2)}' | grep -qx "$1"; }
serial_is() { $BGPCTL show rtr 2>/dev/null | grep -q "Serial #: $1\$"; }
UA=$(uniq_counts "$TMP/expect_a.txt") UB=$(uniq_counts "$TMP/expect_b.txt")

wait_for 60 sets_are "$UA" || fail "bgpctl show sets: $($BGPCTL show sets | tail -1), want $UA"
echo "full sync ($DATA_KIND data): OpenBGPD holds $UA unique IPv4/IPv6 ROA prefixes"

swap_file "$B" "$TMP/cur.json"
wait_for 90 serial_is 1 || fail "OpenBGPD did not move to serial 1: $($BGPCTL show rtr | grep Serial)"
wait_for 10 sets_are "$UB" || fail "after the change: $($BGPCTL show sets | tail -1), want $UB"
echo "delta: OpenBGPD at serial 1 holds the new file's $UB unique prefixes"
exit 0
