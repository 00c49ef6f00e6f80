#!/bin/sh
# SPDX-License-Identifier: ISC
# manrs serve keeps router sessions across reloads: a live rtrclient
# (rtrlib, RTR v1) connected to the daemon's RTR cache
#  1. gets the lab's VRPs;
#  2. stays connected across a SIGHUP whose config changes the VRP file and
#     the RTR timers, and gets the difference as a delta on the same session
#     (serial 1), while the whois service keeps answering;
#  3. stays connected across a SIGHUP with a broken config: the error names
#     file, line and column on the daemon's stderr, the old config stays in
#     force (/api/v1/status says the reload failed).
# Ports 19500 (RTR), 19501 (whois), 19503 (HTTP).
MANRS=${MANRS:-build/manrs}
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
command -v rtrclient >/dev/null 2>&1 || { echo "skip: rtrclient (rtr-tools) not installed"; exit 77; }
command -v curl >/dev/null 2>&1 || { echo "skip: curl not installed"; exit 77; }
"$MANRS" serve --help >/dev/null 2>&1 || { echo "skip: manrs serve not built in"; exit 77; }
TMP=$(mktemp -d /tmp/serve_reload.XXXXXX)
. "$(dirname "$0")/serve_lib.inc"
trap serve_cleanup EXIT INT TERM
H=19503

serve_lab 1
cp "$TMP/lab/vrps.json" "$TMP/vrps.json"
# the second VRP file: the lab's without its first 10 ROAs
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
d["roas"] = d["roas"][10:]
json.dump(d, open(sys.argv[2], "w"))' "$TMP/lab/vrps.json" "$TMP/vrps2.json"

config() { # config VRPFILE REFRESH
	cat >"$TMP/manrs.yml" <<EOT
# test config
log:
  level: info
rtr:
  listen: 127.0.0.1:19500
  vrps: $1
  refresh: $2
whois:
  listen: 127.0.0.1:19501
  files:
    - path: $TMP/lab/irr.db
      source: LAB
http:
  listen: 127.0.0.1:$H
EOT
}
config "$TMP/vrps.json" 3600
serve_start "$TMP/manrs.yml" $H
N=$(api $H /api/v1/status | json 'j["services"]["rtr"]["vrps"]')
[ "$N" -gt 100 ] || fail "the daemon serves only $N VRPs"

# 1. a live session gets every VRP
timeout 120 stdbuf -oL rtrclient -p tcp 127.0.0.1 19500 >"$TMP/live.txt" 2>/dev/null &
RC_PID=$!
PIDS="$RC_PID"
plus() { grep -c '^+' "$TMP/live.txt"; }
minus() { grep -c '^-' "$TMP/live.txt"; }
have_all() { [ "$(plus)" -ge "$N" ]; }
wait_for 300 have_all || fail "rtrclient got $(plus) of $N VRPs"
wait_for 50 sh -c "curl -sf http://127.0.0.1:$H/api/v1/rtr/clients | grep -q '\"synced\":true'" ||
	fail "the API does not show the synced router"
CLIENT=$(api $H /api/v1/rtr/clients | json 'j["clients"][0]["address"] + " " + j["clients"][0]["connected_since"]')
echo "rtrclient holds the $N VRPs; the API shows it: $CLIENT"

# 2. a config change: other VRP file, other refresh timer
config "$TMP/vrps2.json" 1800
kill -HUP $SERVE_PID
got_delta() { [ "$(minus)" -ge 10 ]; }
wait_for 300 got_delta || fail "no delta after SIGHUP: $(minus) withdrawals"
kill -0 $RC_PID 2>/dev/null || fail "rtrclient exited after the SIGHUP"
wait_for 50 sh -c "curl -sf http://127.0.0.1:$H/api/v1/rtr/clients | grep -q '\"serial\":1'" ||
	fail "the router is not at serial 1: $(api $H /api/v1/rtr/clients)"
NOW=$(api $H /api/v1/rtr/clients | json 'j["clients"][0]["address"] + " " + j["clients"][0]["connected_since"]')
[ "$NOW" = "$CLIENT" ] || fail "the router session changed: $CLIENT -> $NOW"
[ "$(minus)" = 10 ] || fail "$(minus) withdrawals, want 10"
grep -q "reload: .* in force" "$TMP/serve.log" || fail "no reload line in the log"
api $H /api/v1/status | json 'j["reload"]["ok"]' | grep -q True || fail "status: the reload failed"
timeout 10 whois -h 127.0.0.1 -p 19501 -- '!gAS200184' >"$TMP/whois.txt" 2>&1 ||
	timeout 10 sh -c "printf '!gAS200184\n' | nc -q 2 127.0.0.1 19501" >"$TMP/whois.txt" 2>&1
grep -q "21.1.0.0/22" "$TMP/whois.txt" || fail "whois after the reload: $(head -3 "$TMP/whois.txt")"
echo "SIGHUP with a new VRP file and timers: same session ($NOW), delta of 10 withdrawals at serial 1; whois answers"

# 3. a broken config: error with line and column, the old one stays
cp "$TMP/manrs.yml" "$TMP/good.yml"
printf 'rtr:\n  listen: 127.0.0.1:19500\n  vrps: [unclosed\n' >"$TMP/manrs.yml"
kill -HUP $SERVE_PID
wait_for 50 grep -q "the running configuration stays in force" "$TMP/serve.log" ||
	fail "broken config not reported"
LINE=$(grep "the running configuration stays in force" "$TMP/serve.log" | tail -1)
echo "$LINE" | grep -Eq "manrs.yml:[0-9]+:[0-9]+: " || fail "no line:column in: $LINE"
kill -0 $RC_PID 2>/dev/null || fail "rtrclient exited after the broken SIGHUP"
NOW2=$(api $H /api/v1/rtr/clients | json 'j["clients"][0]["address"] + " " + j["clients"][0]["connected_since"]')
[ "$NOW2" = "$CLIENT" ] || fail "the router session changed after the broken config"
api $H /api/v1/status | json 'j["reload"]["ok"]' | grep -q False || fail "status does not show the failed reload"
[ "$(api $H /api/v1/status | json 'j["services"]["whois"] is not None')" = True ] ||
	fail "whois is off after the broken config"
echo "broken config: $(echo "$LINE" | sed 's/.*error: //' | cut -c1-120); session kept"
echo "ok: rtrclient stayed connected across both reloads"
