#!/bin/sh
# SPDX-License-Identifier: ISC
# manrs bmp serve and pmacct's pmbmpd collect the same BMP stream: gobgpd A
# exports (route-monitoring-policy "all") to both collectors, gobgpd B
# announces routes to A (10.1.0.0/16, 10.2.0.0/16, 2001:db8:1::/48 and a
# hijack of A's 192.0.2.0/24), then withdraws one. Both collectors must
# agree on every route of every view of peer B (pmbmpd's JSON message log
# replayed into a table against manrs's /rib) and on the peer events (Peer
# Up count). Not compared: GoBGP's Loc-RIB (peer type 3 without a Peer Up),
# which pmbmpd 1.7.7 does not log at all; bmp_gobgp.sh checks manrs's
# against gobgpd itself. Ports: 18750 (manrs BMP), 18751 (HTTP),
# 18752/18753 (BGP), 18754/18755 (API), 18756 (pmbmpd BMP).
command -v pmbmpd >/dev/null || { echo "pmbmpd not installed (Debian package pmacct)"; exit 77; }
command -v gobgpd >/dev/null && command -v gobgp >/dev/null || { echo "gobgpd not installed"; exit 77; }
command -v curl >/dev/null || { echo "curl not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
TMP=$(mktemp -d /tmp/bmp_pmbmpd.XXXXXX)
. "$(dirname "$0")/bmp_lib.inc"
trap bmp_cleanup EXIT INT TERM
BMP=18750 HTTP=18751 BGPA=18752 BGPB=18753 APIA=18754 APIB=18755 PMBMP=18756
GA="timeout 20 gobgp -u 127.0.0.1 -p $APIA"
GB="timeout 20 gobgp -u 127.0.0.1 -p $APIB"

bmp_start $BMP $HTTP
cat > "$TMP/pmbmpd.conf" <<CONF
bmp_daemon: true
bmp_daemon_ip: 127.0.0.1
bmp_daemon_port: $PMBMP
bmp_daemon_max_peers: 10
bmp_daemon_msglog_file: $TMP/pmbmpd.msglog
bmp_daemon_msglog_output: json
pidfile: $TMP/pmbmpd.pid
CONF
timeout 300 pmbmpd -f "$TMP/pmbmpd.conf" >"$TMP/pmbmpd.log" 2>&1 &
PIDS="$PIDS $!"
pm_listening() { grep -q ":$(printf '%04X' $PMBMP) 00000000:0000 0A" /proc/net/tcp; }
wait_for 30 pm_listening || fail "pmbmpd did not start"
GOBGP_BMP_STATS=15
gobgp_conf 64512 192.0.2.2 127.0.0.1 $BGPA 127.0.0.2 64513 $BGPB $BMP $PMBMP > "$TMP/a.toml"
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

# agree VIEW [PEER]: manrs's and pmbmpd's routes of PEER (B) in VIEW are
# equal and not empty
agree() {
	rib $HTTP "$TMP/rib.jsonl"
	python3 "$ROUTES_PY" manrs "$TMP/rib.jsonl" "$1" "${2:-127.0.0.2}" > "$TMP/m.txt"
	python3 "$ROUTES_PY" pmbmpd "$TMP/pmbmpd.msglog" "$1" "${2:-127.0.0.2}" > "$TMP/p.txt" 2>/dev/null
	[ -s "$TMP/m.txt" ] && cmp -s "$TMP/m.txt" "$TMP/p.txt"
}
agree_all() { agree pre-policy && agree post-policy; }
wait_for 90 agree_all || fail "manrs and pmbmpd differ:
$(diff "$TMP/p.txt" "$TMP/m.txt" | head -10)"
grep -q '^192.0.2.0/24|64513|' "$TMP/m.txt" || fail "the hijack is not in the tables"
echo "pre- and post-policy of peer 127.0.0.2: manrs = pmbmpd ($(wc -l < "$TMP/m.txt") routes, the hijack included)"

$GB global rib del 10.2.0.0/16 nexthop 203.0.113.2 -a ipv4 >/dev/null || fail "gobgp global rib del (B)"
agree_gone() { agree_all && ! grep -q '^10.2.0.0/16|' "$TMP/m.txt"; }
wait_for 90 agree_gone || fail "after the withdrawal manrs and pmbmpd differ:
$(diff "$TMP/p.txt" "$TMP/m.txt" | head -10)"
echo "after B withdrew 10.2.0.0/16: manrs = pmbmpd ($(wc -l < "$TMP/m.txt") routes)"

ups_m=$(status_field $HTTP "sum(1 for r in d['router_list'] for p in r['peers'] for e in p['history'] if e['event'] == 'up')")
ups_p=$(grep -c '"bmp_msg_type": *"peer_up"' "$TMP/pmbmpd.msglog")
[ "$ups_m" = "$ups_p" ] && [ "$ups_m" -ge 1 ] || fail "Peer Up events: manrs $ups_m, pmbmpd $ups_p"
echo "peer events: both saw $ups_m Peer Up"
exit 0
