#!/bin/sh
# SPDX-License-Identifier: ISC
# GoBGP's BMP into 'manrs monitor --bmp': gobgpd A (AS 64500, the monitored
# router) exports its pre-policy Adj-RIB-In to the monitor; its neighbour B
# (AS 64496) announces 198.51.100.0/24, which prefixes.yml gives to AS 64496.
# The legitimate route raises nothing; the same prefix with a path ending in
# 64511 (injected on B with 'gobgp global rib add ... aspath 64511') must
# open a hijack alert naming AS64511, and the legitimate route back must
# resolve it. A second connection sending garbage is logged (session closed,
# byte offset) and the monitor goes on: a second hijack still alerts. A
# disables B: the Peer Down becomes a peer-down event and the hijack
# resolves; B enabled again, the hijack is back; gobgpd A stopped, the BMP
# session ends and 2 s later (--bmp-stale-grace 2) its peers count as down:
# the hijack resolves again. SIGTERM: exit 1 (the garbage counts as an input problem), the
# summary line, and the store holds every alert version.
# Ports: 18760 (BMP), 18761/18762 (BGP), 18763/18764 (gobgp API).
command -v gobgpd >/dev/null && command -v gobgp >/dev/null || { echo "gobgpd not installed"; exit 77; }
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
TMP=$(mktemp -d /tmp/monitor_bmp.XXXXXX)
. "$(dirname "$0")/bmp_lib.inc"
trap bmp_cleanup EXIT INT TERM
BMP=18760 BGPA=18761 BGPB=18762 APIA=18763 APIB=18764
GA="timeout 20 gobgp -u 127.0.0.1 -p $APIA"
GB="timeout 20 gobgp -u 127.0.0.1 -p $APIB"
P=198.51.100.0/24

cat >"$TMP/prefixes.yml" <<'EOF'
198.51.100.0/24:
  description: mail
  asn: 64496
  ignoreMorespecifics: false
EOF
cat >"$TMP/config.yml" <<'EOF'
monitors:
  - file: monitorHijack
    channel: hijack
    name: basic-hijack-detection
    params:
      thresholdMinPeers: 1
# every change goes out: this test follows one alert through its lifecycle
# (within BGPalerter's interval a hijack back after resolving is withheld)
notificationIntervalSeconds: 0
EOF

rm -f "$TMP/ready"
"$MANRS" monitor --bmp "127.0.0.1:$BMP" --prefixes "$TMP/prefixes.yml" --config "$TMP/config.yml" \
	--json --store "$TMP/alerts.db" --bmp-stale-grace 2 --ready-file "$TMP/ready" >"$TMP/alerts.jsonl" 2>"$TMP/monitor.log" &
MON=$!
PIDS="$PIDS $MON"
wait_for 30 test -e "$TMP/ready" || fail "manrs monitor --bmp did not start"
# On a failure, stop the monitor first: its summary goes to the log shown.
fail() {
	kill -TERM $MON 2>/dev/null && sleep 1
	echo "FAIL: $*"
	for l in "$TMP"/*.log; do
		[ -f "$l" ] && { echo "--- $l (last lines)"; tail -8 "$l" | cut -c1-300; }
	done
	exit 1
}

GOBGP_AFIS=ipv4-unicast GOBGP_BMP_POLICY=pre-policy
gobgp_conf 64500 192.0.2.2 127.0.0.1 $BGPA 127.0.0.2 64496 $BGPB $BMP >"$TMP/a.toml"
GOBGP_PASSIVE=1
gobgp_conf 64496 192.0.2.3 127.0.0.2 $BGPB 127.0.0.1 64500 $BGPA >"$TMP/b.toml"
GOBGP_PASSIVE=
timeout 300 gobgpd -f "$TMP/a.toml" --api-hosts "127.0.0.1:$APIA" --pprof-disable -p >"$TMP/gobgpd-a.log" 2>&1 &
GOBGPD_A=$!
PIDS="$PIDS $!"
timeout 300 gobgpd -f "$TMP/b.toml" --api-hosts "127.0.0.1:$APIB" --pprof-disable -p >"$TMP/gobgpd-b.log" 2>&1 &
PIDS="$PIDS $!"
established() { $GA neighbor 2>/dev/null | grep -q 'Establ'; }
wait_for 60 established || fail "gobgpd A and B did not establish: $($GA neighbor 2>&1 | tail -1)"

# alerts STATE: how many alert lines of the hijack by 64511 are in STATE.
alerts() {
	python3 - "$TMP/alerts.jsonl" "$1" <<'PY'
import json, sys
n = 0
for l in open(sys.argv[1]):
    a = json.loads(l)
    if a["key"] == "hijack|198.51.100.0/24|64511" and a["state"] == sys.argv[2]:
        n += 1
print(n)
PY
}
count_is() { [ "$(alerts "$1")" = "$2" ]; }
# seen PATTERN: A holds the route from B with this path.
seen() { $GA neighbor 127.0.0.2 adj-in 2>/dev/null | grep -q "$1"; }

$GB global rib add $P nexthop 203.0.113.2 -a ipv4 >/dev/null || fail "gobgp global rib add (legitimate)"
wait_for 30 seen "64496 " || fail "A does not hold the legitimate route"
sleep 2
[ -s "$TMP/alerts.jsonl" ] && fail "an alert for the legitimate route: $(cat "$TMP/alerts.jsonl")"
echo "legitimate route (origin 64496): no alert"

$GB global rib add $P nexthop 203.0.113.2 aspath 64511 -a ipv4 >/dev/null ||
	fail "gobgp global rib add (hijack)"
wait_for 30 count_is open 1 || fail "no hijack alert for AS64511: $(cat "$TMP/alerts.jsonl")"
python3 - "$TMP/alerts.jsonl" <<'PY' || fail "hijack alert: $(cat "$TMP/alerts.jsonl")"
import json, sys
a = json.loads(open(sys.argv[1]).readline())
assert a["type"] == "hijack" and a["offender_as"] == 64511 and a["affected_as"] == 64496, a
assert a["peers"] == 1 and a["samples"][0]["path"] == [64496, 64511], a
PY
echo "hijack (path 64496 64511): alert opened naming AS64511"

$GB global rib add $P nexthop 203.0.113.2 -a ipv4 >/dev/null || fail "gobgp global rib add (back)"
wait_for 30 count_is resolved 1 || fail "the hijack did not resolve: $(cat "$TMP/alerts.jsonl")"
echo "legitimate route back: alert resolved"

# Garbage from a second connection: the collector closes that session with
# a logged reason; the router's session and the monitor go on.
python3 - $BMP <<'PY' || fail "could not send the garbage"
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(b"GET / HTTP/1.0\r\n\r\n" + bytes(range(256)))
s.shutdown(socket.SHUT_WR)
s.settimeout(10)
try:
    s.recv(1)
except OSError:
    pass
s.close()
PY
logged() { grep -q "session closed: byte offset" "$TMP/monitor.log"; }
wait_for 20 logged || fail "the malformed stream was not logged: $(cat "$TMP/monitor.log")"
echo "malformed stream: $(grep -m1 'session closed' "$TMP/monitor.log")"
kill -0 $MON 2>/dev/null || fail "the monitor died after the malformed stream"

# The store tells alerts apart by key and first_seen (data time, seconds): a
# new incident must start in a later second than the one just resolved.
sleep 2
$GB global rib add $P nexthop 203.0.113.2 aspath 64511 -a ipv4 >/dev/null ||
	fail "gobgp global rib add (hijack again)"
wait_for 30 count_is open 2 || fail "no second hijack alert after the garbage: $(cat "$TMP/alerts.jsonl")
A holds from B: $($GA neighbor 127.0.0.2 adj-in 2>&1)
B holds: $($GB global rib 2>&1)"
echo "after the malformed stream: the second hijack still alerts"

# Peer Down: A disables B; the peer's routes are gone, so is the hijack.
$GA neighbor 127.0.0.2 disable >/dev/null || fail "gobgp neighbor disable"
wait_for 30 count_is resolved 2 || fail "the hijack did not resolve on Peer Down: $(cat "$TMP/alerts.jsonl")"
echo "Peer Down of B: the hijack resolved"

sleep 2
$GA neighbor 127.0.0.2 enable >/dev/null || fail "gobgp neighbor enable"
wait_for 60 count_is open 3 || fail "the hijack is not back with B: $(cat "$TMP/alerts.jsonl")"
echo "B enabled again: the hijack alert is back"
kill $GOBGPD_A
wait_for 30 count_is resolved 3 || fail "gobgpd A gone, the hijack still open: $(cat "$TMP/alerts.jsonl")"
echo "gobgpd A stopped: after the 2 s grace its peers are down, the hijack resolved"

kill -TERM $MON
i=0
while kill -0 $MON 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 100 ] && fail "the monitor did not stop on SIGTERM"
	sleep 0.1
done
wait $MON
rc=$?
[ $rc -eq 1 ] || fail "exit $rc after SIGTERM, want 1 (one input problem): $(tail -3 "$TMP/monitor.log")"
summary=$(grep 'manrs monitor: [0-9]* events' "$TMP/monitor.log")
echo "$summary" | grep -q ' 2 peer-down)' || fail "want 2 peer-down events (Peer Down, router gone): $summary"
echo "$summary" | grep -q ' 1 input problems' || fail "the garbage not counted: $summary"
echo "$summary" | grep -q ' 0 deliveries pending' || fail "deliveries pending: $summary"
echo "SIGTERM: $summary"
"$MANRS" monitor alerts --db "$TMP/alerts.db" --json >"$TMP/stored" || fail "monitor alerts failed"
[ "$(wc -l <"$TMP/stored")" -eq "$(wc -l <"$TMP/alerts.jsonl")" ] ||
	fail "store holds $(wc -l <"$TMP/stored") versions, stdout $(wc -l <"$TMP/alerts.jsonl")"
echo "store: $(wc -l <"$TMP/stored") alert versions, as printed"
exit 0
