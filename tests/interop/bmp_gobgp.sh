#!/bin/sh
# SPDX-License-Identifier: ISC
# GoBGP as a BMP exporter into manrs bmp serve. gobgpd A (AS 64512, the
# monitored router) peers with gobgpd B (AS 64513) and exports BMP with
# route-monitoring-policy "all" (pre-policy, post-policy, local-rib). B
# announces 10.1.0.0/16, 10.2.0.0/16, 2001:db8:1::/48 and a hijack of A's
# own 192.0.2.0/24 (origin 64513 instead of 64512); A originates
# 192.0.2.0/24 and 198.51.100.0/24. manrs must hold per peer exactly what
# gobgpd holds: pre- and post-policy = 'gobgp neighbor B adj-in -j', Loc-RIB
# (peer type 3, address 0.0.0.0, no Peer Up: GoBGP's quirk) = the best paths
# of 'gobgp global rib -j'; a withdrawal on B must leave manrs too, and
# GoBGP's Initiation without TLVs must be accepted.
# Ports: 18710 (BMP), 18711 (HTTP), 18712/18713 (BGP), 18714/18715 (API).
command -v gobgpd >/dev/null && command -v gobgp >/dev/null || { echo "gobgpd not installed"; exit 77; }
command -v curl >/dev/null || { echo "curl not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
TMP=$(mktemp -d /tmp/bmp_gobgp.XXXXXX)
. "$(dirname "$0")/bmp_lib.inc"
trap bmp_cleanup EXIT INT TERM
BMP=18710 HTTP=18711 BGPA=18712 BGPB=18713 APIA=18714 APIB=18715
GA="timeout 20 gobgp -u 127.0.0.1 -p $APIA"
GB="timeout 20 gobgp -u 127.0.0.1 -p $APIB"

bmp_start $BMP $HTTP

GOBGP_BMP_STATS=15
gobgp_conf 64512 192.0.2.2 127.0.0.1 $BGPA 127.0.0.2 64513 $BGPB $BMP > "$TMP/a.toml"
GOBGP_PASSIVE=1
gobgp_conf 64513 192.0.2.3 127.0.0.2 $BGPB 127.0.0.1 64512 $BGPA > "$TMP/b.toml"
GOBGP_PASSIVE=
timeout 300 gobgpd -f "$TMP/a.toml" --api-hosts "127.0.0.1:$APIA" --pprof-disable -p >"$TMP/gobgpd-a.log" 2>&1 &
PIDS="$PIDS $!"
timeout 300 gobgpd -f "$TMP/b.toml" --api-hosts "127.0.0.1:$APIB" --pprof-disable -p >"$TMP/gobgpd-b.log" 2>&1 &
PIDS="$PIDS $!"

established() { $GA neighbor 2>/dev/null | grep -q 'Establ'; }
wait_for 60 established || fail "gobgpd A and B did not establish: $($GA neighbor 2>&1 | tail -1)"
for p in 192.0.2.0/24 198.51.100.0/24; do
	$GA global rib add $p nexthop 203.0.113.1 -a ipv4 >/dev/null || fail "gobgp global rib add $p (A)"
done
for p in 10.1.0.0/16 10.2.0.0/16 192.0.2.0/24; do
	$GB global rib add $p nexthop 203.0.113.2 -a ipv4 >/dev/null || fail "gobgp global rib add $p (B)"
done
$GB global rib add 2001:db8:1::/48 nexthop 2001:db8::2 -a ipv6 >/dev/null ||
	fail "gobgp global rib add 2001:db8:1::/48 (B)"

# compare VIEW PEER GOBGP-ARGS...: manrs's routes of one view and peer equal gobgp's
compare() {
	view=$1 peer=$2 best=$3; shift 3
	rib $HTTP "$TMP/rib.jsonl"
	python3 "$ROUTES_PY" manrs "$TMP/rib.jsonl" "$view" "$peer" > "$TMP/m.txt"
	{ $GA "$@" -a ipv4 -j; } > "$TMP/g4.json" 2>/dev/null
	{ $GA "$@" -a ipv6 -j; } > "$TMP/g6.json" 2>/dev/null
	{ python3 "$ROUTES_PY" gobgp "$TMP/g4.json" $best; python3 "$ROUTES_PY" gobgp "$TMP/g6.json" $best; } |
		sort > "$TMP/g.txt"
	[ -s "$TMP/g.txt" ] && cmp -s "$TMP/m.txt" "$TMP/g.txt"
}
check_all() {
	compare pre-policy 127.0.0.2 all neighbor 127.0.0.2 adj-in || return 1
	compare post-policy 127.0.0.2 all neighbor 127.0.0.2 adj-in || return 1
	compare loc-rib 0.0.0.0 best global rib || return 1
}
wait_for 60 check_all || fail "manrs differs from gobgpd ($view, $peer):
$(diff "$TMP/g.txt" "$TMP/m.txt" | head -10)"
echo "pre-policy, post-policy (peer 127.0.0.2) and Loc-RIB equal gobgpd's adj-in and best paths: $(wc -l < "$TMP/m.txt") Loc-RIB routes"
python3 "$ROUTES_PY" manrs "$TMP/rib.jsonl" pre-policy 127.0.0.2 | grep -q '^192.0.2.0/24|64513|' ||
	fail "the hijack of 192.0.2.0/24 by 64513 is not in manrs's pre-policy table"
echo "the hijack (192.0.2.0/24 from 64513) arrived as sent"

$GB global rib del 10.2.0.0/16 nexthop 203.0.113.2 -a ipv4 >/dev/null || fail "gobgp global rib del (B)"
gone() {
	rib $HTTP "$TMP/rib.jsonl"
	! grep -q '"prefix":"10.2.0.0/16"' "$TMP/rib.jsonl"
}
wait_for 60 gone || fail "10.2.0.0/16 still in manrs after B withdrew it"
wait_for 30 check_all || fail "manrs differs from gobgpd after the withdrawal ($view, $peer):
$(diff "$TMP/g.txt" "$TMP/m.txt" | head -10)"
echo "after B withdrew 10.2.0.0/16: every view still equals gobgpd"

st=$(status_field $HTTP "d['closed_error'], d['updates_dropped'], d['messages_skipped']")
[ "$st" = "0 0 0" ] || fail "errors, dropped UPDATEs or skipped messages: $st"
echo "no session error, no dropped UPDATE, no skipped message"
exit 0
