#!/bin/sh
# SPDX-License-Identifier: ISC
# The whole daemon from one config on the lab (seed 1): RTR cache, whois,
# BMP collector fed the lab's stream.bmp (python plays the router), the
# monitor on the collector's routes with the lab's prefixes.yml, config.yml,
# VRPs, AS relationships, IRR and bogons, and HTTP. Checks:
#  - the monitor's alerts, read back through /api/v1/alerts, are the alerts
#    `manrs monitor` raises over the lab's MRT files (same keys);
#  - /api/v1/validity answers the lab's origin hijack (21.1.0.0/22 from
#    AS200116) invalid/as and the owner (AS200184) valid, in Routinator's
#    shape; /api/v1/vrps and the RTR cache (manrs rtr dump) agree;
#  - bgpq4 gets AS200184's route from the whois service; /api/v1/irr too;
#  - /api/v1/bmp lists the collector's 5 peers; /metrics has every service;
#  - the dashboard, as served (no JavaScript), lists every open alert and
#    every BMP peer, and draws the incidents chart;
#  - a SIGHUP that changes the monitor's section rebuilds it with the
#    collector's routes: same route count, same alerts, same open ones.
# Ports 19520 (RTR), 19521 (whois), 19522 (BMP), 19523 (HTTP).
MANRS=${MANRS:-build/manrs}
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
command -v curl >/dev/null 2>&1 || { echo "skip: curl not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
"$MANRS" serve --help >/dev/null 2>&1 || { echo "skip: manrs serve not built in"; exit 77; }
TMP=$(mktemp -d /tmp/serve_lab.XXXXXX)
. "$(dirname "$0")/serve_lib.inc"
trap serve_cleanup EXIT INT TERM
H=19523
L=$TMP/lab

serve_lab 1
cat >"$TMP/manrs.yml" <<EOT
log:
  level: info
rtr:
  listen: 127.0.0.1:19520
  vrps: $L/vrps.json
whois:
  listen: 127.0.0.1:19521
  files:
    - path: $L/irr.db
      source: LAB
bmp:
  listen: 127.0.0.1:19522
monitor:
  prefixes: $L/prefixes.yml
  config: $L/config.yml
  vrps: $L/vrps.json
  asrel: $L/as-rel.txt
  irr: $L/irr.db
  bogons: true
  store: $TMP/monitor.db
http:
  listen: 127.0.0.1:$H
EOT
"$MANRS" serve --check-config --config "$TMP/manrs.yml" >"$TMP/check.out" || fail "check-config"
serve_start "$TMP/manrs.yml" $H

# the monitor's alerts over MRT, as the reference
timeout 120 "$MANRS" monitor --prefixes "$L/prefixes.yml" --config "$L/config.yml" \
	--vrps "$L/vrps.json" --asrel "$L/as-rel.txt" --irr "$L/irr.db" --bogons --json \
	--mrt-rib "$L/rib.mrt" "$L/updates.mrt" >"$TMP/mrt.jsonl" 2>"$TMP/mrt.err" ||
	fail "monitor over MRT: $(tail -1 "$TMP/mrt.err")"
python3 -c '
import json, sys
print("\n".join(sorted({json.loads(l)["key"] for l in open(sys.argv[1])})))' "$TMP/mrt.jsonl" >"$TMP/want.keys"
[ "$(wc -l <"$TMP/want.keys")" -ge 10 ] || fail "only $(wc -l <"$TMP/want.keys") alerts over MRT"

send_bmp "$L/stream.bmp" 19522 || fail "sending stream.bmp"
keys() { api $H "/api/v1/alerts?state=all&limit=100000" | json '"\n".join(sorted({a["key"] for a in j["alerts"]}))' >"$TMP/got.keys"; }
same_keys() { keys && cmp -s "$TMP/want.keys" "$TMP/got.keys"; }
wait_for 100 same_keys || fail "alerts through the API differ from the MRT replay: $(diff "$TMP/want.keys" "$TMP/got.keys" | head -6)"
echo "monitor: the $(wc -l <"$TMP/want.keys") alerts through /api/v1/alerts are those of the MRT replay"

# validity, Routinator's shape
v=$(api $H /api/v1/validity/AS200116/21.1.0.0/22) || fail "validity request"
echo "$v" | json 'j["validated_route"]["validity"]["state"] + " " + j["validated_route"]["validity"]["reason"] + " " + j["validated_route"]["validity"]["VRPs"]["unmatched_as"][0]["asn"] + " " + j["validated_route"]["route"]["origin_asn"]' |
	grep -qx "invalid as AS200184 AS200116" || fail "hijack validity: $v"
api $H "/api/v1/validity?asn=200184&prefix=21.1.0.0/22" | json 'j["validated_route"]["validity"]["state"] + " " + j["validated_route"]["validity"]["VRPs"]["matched"][0]["max_length"]' |
	grep -qx "valid 22" || fail "owner validity"
api $H "/api/v1/validity/AS1/10.0.0.0/8" | json 'j["validated_route"]["validity"]["state"]' | grep -qx not-found ||
	fail "not-found validity"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$H/api/v1/validity/ASX/1.2.3.0/24")" = 400 ] ||
	fail "a bad ASN is not a 400"
n_api=$(api $H "/api/v1/status" | json 'j["services"]["rtr"]["vrps"]')
n_rtr=$(timeout 20 "$MANRS" rtr dump 127.0.0.1:19520 | grep -c '^AS[0-9]*,')
[ "$n_api" = "$n_rtr" ] || fail "status says $n_api VRPs, the RTR cache served $n_rtr"
api $H "/api/v1/vrps?asn=AS200184" | json 'j["vrps"][0]["prefix"]' | grep -qx "21.1.0.0/22" || fail "vrps?asn"
echo "rpki: 21.1.0.0/22 from AS200116 invalid (as), from AS200184 valid; $n_rtr VRPs over RTR = status"

# whois and IRR API
timeout 20 bgpq4 -h 127.0.0.1:19521 -4 -l L AS200184 | grep -q "21.1.0.0/22" || fail "bgpq4 AS200184"
api $H "/api/v1/irr/routes?prefix=21.1.0.0/22" | json 'j["routes"][0]["origin"]' | grep -qx 200184 ||
	fail "irr routes"
api $H "/api/v1/irr/expand/AS1000:AS-CUSTOMERS" | json 'len(j["asns"]) > 0' | grep -qx True || fail "irr expand"
echo "whois: bgpq4 and /api/v1/irr find AS200184's 21.1.0.0/22"

# BMP, metrics
peers=$(api $H /api/v1/bmp | json 'sum(len(r["peers"]) for r in j["router_list"])')
[ "$peers" = 5 ] || fail "/api/v1/bmp lists $peers peers, want 5"
api $H /metrics >"$TMP/metrics" || fail "/metrics"
for m in manrs_rtr_ manrs_whois_ manrs_bmp_ manrs_monitor_; do
	grep -q "^$m" "$TMP/metrics" || fail "/metrics has no $m metric"
done
echo "bmp: 5 peers; /metrics has rtr, whois, bmp and monitor metrics"

# the dashboard without JavaScript
api $H / >"$TMP/page.html" || fail "dashboard"
open=$(api $H "/api/v1/alerts?state=open&limit=100000" | json 'j["count"]')
rows=$(grep -c 'data-alert-id=' "$TMP/page.html")
[ "$rows" = "$open" ] || fail "the page lists $rows alerts, the API $open open ones"
prow=$(sed -n '/id="bmp-peers"/,/<\/tbody>/p' "$TMP/page.html" | grep -c '<tr>')
[ "$prow" = 5 ] || fail "the page lists $prow BMP peers"
grep -q '<svg id="incidents-chart"' "$TMP/page.html" && grep -q '<rect class="bar"' "$TMP/page.html" ||
	fail "no incidents chart"
grep -Eq 'src="https?:|href="https?:' "$TMP/page.html" && fail "the page loads something from elsewhere"
curl -sf "http://127.0.0.1:$H/assets/dashboard.js" | grep -q "api/v1/alerts" || fail "dashboard.js"
echo "dashboard: $rows open alerts, 5 BMP peers and the incidents chart rendered by the server"
# a monitor change on SIGHUP: the new monitor gets the collector's routes
routes=$(api $H /api/v1/status | json 'j["services"]["monitor"]["routes"]')
open=$(api $H "/api/v1/alerts?state=open&limit=100000" | json 'sorted(a["key"] for a in j["alerts"])')
sed -i 's/^  bogons: true$/  bogons: true\n  stale_grace: 600/' "$TMP/manrs.yml"
kill -HUP $SERVE_PID
wait_for 100 grep -q "monitor: rebuilt" "$TMP/serve.log" || fail "the monitor was not rebuilt"
now=$(api $H /api/v1/status | json 'j["services"]["monitor"]["routes"]')
[ "$now" = "$routes" ] || fail "the rebuilt monitor holds $now routes, the old one $routes"
same_keys || fail "alerts changed after the monitor was rebuilt: $(diff "$TMP/want.keys" "$TMP/got.keys" | head -4)"
open2=$(api $H "/api/v1/alerts?state=open&limit=100000" | json 'sorted(a["key"] for a in j["alerts"])')
[ "$open2" = "$open" ] || fail "open alerts changed after the rebuild: $open -> $open2"
echo "reload: the rebuilt monitor took over the collector's $routes routes; the same alerts, the same open ones"
kill $SERVE_PID
wait $SERVE_PID
rc=$?
SERVE_PID=""
[ $rc = 0 ] || fail "the daemon exited $rc on SIGTERM"
echo "ok: one config, every service, on the lab"
