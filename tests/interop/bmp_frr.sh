#!/bin/sh
# SPDX-License-Identifier: ISC
# FRR bgpd (-M bmp) as a BMP exporter into manrs bmp serve. gobgpd (AS
# 64513) announces 10.1.0.0/16, 10.2.0.0/16 and 192.0.2.0/24 to FRR (AS
# 64514), which monitors ipv4 unicast pre-policy and post-policy (FRR 8.4
# has no Loc-RIB) towards manrs. manrs must hold, for the peer gobgpd, in
# both views exactly FRR's routes ('show bgp ipv4 unicast json'), also after
# gobgpd withdraws one. FRR 8.4 quirks: pre-policy needs 'soft-reconfiguration
# inbound' (without it FRR sends every pre-policy route as a withdrawal), and
# its Route Monitoring paths start with FRR's own AS (64514 here), which the
# comparison drops: manrs holds the paths exactly as FRR sent them.
# Ports: 18740 (BMP), 18741 (HTTP), 18742 (FRR BGP), 18743 (gobgpd BGP),
# 18744 (gobgpd API).
FRR_BGPD=/usr/lib/frr/bgpd
[ -x "$FRR_BGPD" ] && command -v vtysh >/dev/null || { echo "FRR (bgpd, vtysh) not installed"; exit 77; }
HAVE_BMP=
for m in /usr/lib/frr/modules/bgpd_bmp.so /usr/lib/*/frr/modules/bgpd_bmp.so; do [ -f "$m" ] && HAVE_BMP=1; done
[ -n "$HAVE_BMP" ] || { echo "FRR's BMP module (bgpd_bmp.so) not installed"; exit 77; }
command -v gobgpd >/dev/null && command -v gobgp >/dev/null || { echo "gobgpd not installed"; exit 77; }
command -v curl >/dev/null || { echo "curl not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
TMP=$(mktemp -d /tmp/bmp_frr.XXXXXX)
chmod 755 "$TMP"
. "$(dirname "$0")/bmp_lib.inc"
trap bmp_cleanup EXIT INT TERM
BMP=18740 HTTP=18741 BGPF=18742 BGPG=18743 APIG=18744
GB="timeout 20 gobgp -u 127.0.0.1 -p $APIG"
VTY="timeout 20 vtysh --vty_socket $TMP -d bgpd"

bmp_start $BMP $HTTP

cat > "$TMP/frr.conf" <<CONF
hostname manrs-test-frr
log file $TMP/frr.log informational
router bgp 64514
 bgp router-id 192.0.2.4
 no bgp ebgp-requires-policy
 neighbor 127.0.0.2 remote-as 64513
 neighbor 127.0.0.2 port $BGPG
 neighbor 127.0.0.2 update-source 127.0.0.1
 neighbor 127.0.0.2 timers connect 1
 address-family ipv4 unicast
  neighbor 127.0.0.2 soft-reconfiguration inbound
 exit-address-family
 bmp targets COLLECTOR
  bmp connect 127.0.0.1 port $BMP min-retry 500 max-retry 2000
  bmp monitor ipv4 unicast pre-policy
  bmp monitor ipv4 unicast post-policy
 exit
exit
CONF
cat > "$TMP/gobgpd.toml" <<CONF
[global.config]
  as = 64513
  router-id = "192.0.2.3"
  port = $BGPG
  local-address-list = ["127.0.0.2"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.1"
    peer-as = 64514
  [neighbors.timers.config]
    connect-retry = 1
  [neighbors.transport.config]
    remote-port = $BGPF
    local-address = "127.0.0.2"
CONF
timeout 300 "$FRR_BGPD" -f "$TMP/frr.conf" -M bmp -Z -S -p $BGPF -l 127.0.0.1 -P 0 \
	--vty_socket "$TMP" -i "$TMP/bgpd.pid" -u root -g root >"$TMP/bgpd.log" 2>&1 &
PIDS="$PIDS $!"
timeout 300 gobgpd -f "$TMP/gobgpd.toml" --api-hosts "127.0.0.1:$APIG" --pprof-disable -p >"$TMP/gobgpd.log" 2>&1 &
PIDS="$PIDS $!"

established() { $GB neighbor 2>/dev/null | grep -q 'Establ'; }
wait_for 90 established || fail "FRR and gobgpd did not establish: $($GB neighbor 2>&1 | tail -1)"
for p in 10.1.0.0/16 10.2.0.0/16 192.0.2.0/24; do
	$GB global rib add $p nexthop 203.0.113.2 -a ipv4 >/dev/null || fail "gobgp global rib add $p"
done

compare() {
	rib $HTTP "$TMP/rib.jsonl"
	$VTY -c 'show bgp ipv4 unicast json' > "$TMP/frr.json" 2>/dev/null || return 1
	python3 "$ROUTES_PY" frr "$TMP/frr.json" > "$TMP/f.txt" || return 1
	[ "$(wc -l < "$TMP/f.txt")" -ge "${MIN_ROUTES:-3}" ] || return 1
	for view in pre-policy post-policy; do
		python3 "$ROUTES_PY" manrs "$TMP/rib.jsonl" $view 127.0.0.2 64514 > "$TMP/m.txt"
		cmp -s "$TMP/m.txt" "$TMP/f.txt" || return 1
	done
}
wait_for 90 compare || fail "manrs differs from FRR ($view):
$(diff "$TMP/f.txt" "$TMP/m.txt" | head -10)"
echo "pre-policy and post-policy for peer 127.0.0.2 equal FRR's table: $(wc -l < "$TMP/f.txt") routes"

$GB global rib del 10.2.0.0/16 nexthop 203.0.113.2 -a ipv4 >/dev/null || fail "gobgp global rib del"
gone() { MIN_ROUTES=2 compare && ! grep -q '^10.2.0.0/16|' "$TMP/m.txt"; }
wait_for 60 gone || fail "after the withdrawal manrs differs from FRR ($view):
$(diff "$TMP/f.txt" "$TMP/m.txt" | head -10)"
echo "after gobgpd withdrew 10.2.0.0/16: both views still equal FRR's table"
sys=$(status_field $HTTP "d['router_list'][0]['sys_descr'].split(',')[0], d['closed_error'], d['updates_dropped'], d['messages_skipped']")
echo "router: $sys (description, errors, dropped UPDATEs, skipped messages)"
case "$sys" in *" 0 0 0") ;; *) fail "errors, dropped UPDATEs or skipped messages: $sys" ;; esac
exit 0
