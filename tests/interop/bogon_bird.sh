#!/bin/sh
# SPDX-License-Identifier: ISC
# manrs bogon export --format bird must be accepted by BIRD 2's own parser
# (bird -p), with the built-in tables and with a Team Cymru list loaded.
MANRS=${MANRS:-build/manrs}
SHARED=${SHARED:-../shared}
command -v bird >/dev/null 2>&1 || { echo "skip: bird (bird2) not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

parse() { # $1: export file
	cat >"$tmp/bird.conf" <<CONF
router id 192.0.2.1;
include "$1";
protocol device {}
filter bogons_in {
	if net.type = NET_IP4 && net ~ BOGONS_V4 then reject;
	if net.type = NET_IP6 && net ~ BOGONS_V6 then reject;
	if bgp_path ~ BOGON_ASNS then reject;
	accept;
}
CONF
	timeout 60 bird -p -c "$tmp/bird.conf" || { echo "FAIL: bird rejected $1"; head -40 "$1"; exit 1; }
}

timeout 30 "$MANRS" bogon export --format bird >"$tmp/builtin.conf" || { echo "FAIL: export"; exit 1; }
grep -q '^define BOGONS_V4' "$tmp/builtin.conf" || { echo "FAIL: no BOGONS_V4"; exit 1; }
grep -q '10.0.0.0/8+' "$tmp/builtin.conf" || { echo "FAIL: 10.0.0.0/8+ missing"; exit 1; }
parse "$tmp/builtin.conf"

# Nothing to filter (no built-ins, no list): empty sets must still parse.
timeout 30 "$MANRS" bogon export --format bird --no-builtin >"$tmp/empty.conf" || { echo "FAIL: empty export"; exit 1; }
parse "$tmp/empty.conf"

list="$SHARED/data/bogons/team-cymru-fullbogons-2024-03-10/fullbogons-ipv4.txt"
if [ -r "$list" ]; then
	timeout 30 "$MANRS" bogon export --format bird --file "$list" >"$tmp/cymru.conf" \
		|| { echo "FAIL: export with $list"; exit 1; }
	parse "$tmp/cymru.conf"
	n=$(grep -c '+,\?	#' "$tmp/cymru.conf")
	[ "$n" -gt 400 ] || { echo "FAIL: only $n entries with the Cymru list"; exit 1; }
fi

# check: exit 1 when a bogon is found, 0 when clean, 2 on bad input.
"$MANRS" bogon check 8.8.8.0/24 AS3356 >/dev/null; rc=$?
[ $rc = 0 ] || { echo "FAIL: clean check exited $rc"; exit 1; }
"$MANRS" bogon check 8.8.8.0/24 192.168.0.0/24 >/dev/null; rc=$?
[ $rc = 1 ] || { echo "FAIL: bogon check exited $rc"; exit 1; }
"$MANRS" bogon check 10.0.0.1/8 2>/dev/null; rc=$?
[ $rc = 2 ] || { echo "FAIL: bad prefix exited $rc"; exit 1; }
echo "ok: BIRD parses the exported bogon sets"
exit 0
