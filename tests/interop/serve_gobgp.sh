#!/bin/sh
# SPDX-License-Identifier: ISC
# manrs serve with a real router: gobgpd A (AS 64512) exports BMP to the
# daemon's collector and peers with gobgpd B (AS 64513), which announces
# 10.1.0.0/16 and a hijack of A's 192.0.2.0/24 (a ROA says AS 64512). From
# one config the daemon must:
#  - list router A and its peer B (AS 64513, up) in /api/v1/bmp;
#  - raise a hijack alert for 192.0.2.0/24 by AS 64513 through the monitor,
#    readable in /api/v1/alerts (and an rpki one), shown on the dashboard;
#  - answer /api/v1/validity for the hijack invalid and serve the ROA over
#    RTR;
#  - resolve the hijack alert when B withdraws the route.
# Ports: 19570 (RTR), 19572 (BMP), 19573 (HTTP), 19574/19575 (BGP),
# 19576/19577 (gobgp API).
MANRS=${MANRS:-build/manrs}
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
command -v gobgpd >/dev/null 2>&1 && command -v gobgp >/dev/null 2>&1 || { echo "skip: gobgpd not installed"; exit 77; }
command -v curl >/dev/null 2>&1 || { echo "skip: curl not installed"; exit 77; }
"$MANRS" serve --help >/dev/null 2>&1 || { echo "skip: manrs serve not built in"; exit 77; }
TMP=$(mktemp -d /tmp/serve_gobgp.XXXXXX)
. "$(dirname "$0")/serve_lib.inc"
trap serve_cleanup EXIT INT TERM
H=19573 BGPA=19574 BGPB=19575 APIA=19576 APIB=19577
GA="timeout 20 gobgp -u 127.0.0.1 -p $APIA"
GB="timeout 20 gobgp -u 127.0.0.1 -p $APIB"

cat >"$TMP/vrps.json" <<EOT
{"roas": [{"asn": "AS64512", "prefix": "192.0.2.0/24", "maxLength": 24, "ta": "test"}]}
EOT
cat >"$TMP/prefixes.yml" <<EOT
192.0.2.0/24:
  description: A's route
  asn: 64512
  ignoreMorespecifics: false
  ignore: false
  group: test
EOT
# one router, one peer: alert from the first peer that sees it
cat >"$TMP/config.yml" <<EOT
monitors:
  - file: monitorHijack
    channel: hijack
    name: basic-hijack-detection
    params:
      thresholdMinPeers: 1
  - file: monitorRPKI
    channel: rpki
    name: rpki-monitor
    params:
      thresholdMinPeers: 1
EOT
cat >"$TMP/manrs.yml" <<EOT
log:
  level: info
rtr:
  listen: 127.0.0.1:19570
  vrps: $TMP/vrps.json
bmp:
  listen: 127.0.0.1:19572
  stale_grace: 30
monitor:
  prefixes: $TMP/prefixes.yml
  config: $TMP/config.yml
  vrps: $TMP/vrps.json
  store: $TMP/monitor.db
http:
  listen: 127.0.0.1:$H
EOT
serve_start "$TMP/manrs.yml" $H

# gobgpd.toml: AS, router id, address, port, neighbour, its AS and port, BMP port
conf() {
	cat <<CONF
[global.config]
  as = $1
  router-id = "$2"
  port = $4
  local-address-list = ["$3"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "$5"
    peer-as = $6
  [neighbors.timers.config]
    connect-retry = 1
  [neighbors.transport.config]
    remote-port = $7
    local-address = "$3"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
CONF
	[ -n "${8:-}" ] && printf '[[bmp-servers]]\n  [bmp-servers.config]\n    address = "127.0.0.1"\n    port = %s\n    route-monitoring-policy = "all"\n' "$8"
	return 0
}
conf 64512 192.0.2.2 127.0.0.1 $BGPA 127.0.0.2 64513 $BGPB 19572 >"$TMP/a.toml"
conf 64513 192.0.2.3 127.0.0.2 $BGPB 127.0.0.1 64512 $BGPA >"$TMP/b.toml"
timeout 120 gobgpd -f "$TMP/a.toml" --api-hosts "127.0.0.1:$APIA" --pprof-disable -p >"$TMP/gobgpd-a.log" 2>&1 &
PIDS="$PIDS $!"
timeout 120 gobgpd -f "$TMP/b.toml" --api-hosts "127.0.0.1:$APIB" --pprof-disable -p >"$TMP/gobgpd-b.log" 2>&1 &
PIDS="$PIDS $!"
established() { $GA neighbor 2>/dev/null | grep -q 'Establ'; }
wait_for 600 established || fail "gobgpd A and B did not establish: $($GA neighbor 2>&1 | tail -1)"
$GA global rib add 192.0.2.0/24 nexthop 203.0.113.1 -a ipv4 >/dev/null || fail "rib add (A)"
for p in 10.1.0.0/16 192.0.2.0/24; do
	$GB global rib add $p nexthop 203.0.113.2 -a ipv4 >/dev/null || fail "rib add $p (B)"
done

peer_b() { api $H /api/v1/bmp | json '[p["asn"] for r in j["router_list"] for p in r["peers"] if p["address"] == "127.0.0.2" and p["state"] == "up"]' | grep -q 64513; }
wait_for 600 peer_b || fail "/api/v1/bmp does not list peer 127.0.0.2 AS64513 up: $(api $H /api/v1/bmp | head -c 300)"
echo "bmp: router A exports; its peer B (AS64513) is up in /api/v1/bmp"

hijack() { api $H "/api/v1/alerts?type=hijack" | json '[a["id"] for a in j["alerts"] if a["prefix"] == "192.0.2.0/24" and a["offender_as"] == 64513]' | grep -q '[0-9]'; }
wait_for 600 hijack || fail "no hijack alert for 192.0.2.0/24 by AS64513: $(api $H '/api/v1/alerts?state=all' | head -c 400) $(api $H /api/v1/status | json 'j["services"]["monitor"]') $(api $H /api/v1/bmp | head -c 1500)"
api $H "/api/v1/alerts?type=rpki" | json 'len(j["alerts"])' | grep -qx 1 || fail "no rpki alert"
api $H / | grep -q '192.0.2.0/24' || fail "the dashboard does not show the alert"
echo "monitor: hijack and rpki alerts for 192.0.2.0/24 by AS64513, on the dashboard too"

api $H /api/v1/validity/AS64513/192.0.2.0/24 | json 'j["validated_route"]["validity"]["state"]' | grep -qx invalid ||
	fail "validity of the hijack"
timeout 20 "$MANRS" rtr dump 127.0.0.1:19570 | grep -q '^AS64512,192.0.2.0/24,24' || fail "the ROA over RTR"
echo "rpki: the hijack is invalid; the ROA is served over RTR"

$GB global rib del 192.0.2.0/24 nexthop 203.0.113.2 -a ipv4 >/dev/null || fail "rib del (B)"
resolved() { api $H "/api/v1/alerts?type=hijack&state=resolved" | json 'len(j["alerts"])' | grep -qx 1; }
wait_for 600 resolved || fail "the hijack alert did not resolve after B withdrew the route"
echo "withdrawal: the hijack alert resolved"
echo "ok: gobgpd over BMP into the daemon's collector and monitor, read through the API"
