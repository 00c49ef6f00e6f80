#!/bin/sh
# SPDX-License-Identifier: ISC
# GoBGP as a BMP exporter, captured raw and read by 'manrs bmp decode':
# gobgpd exports its Loc-RIB (RFC 9069) to a plain TCP listener that saves
# the byte stream; the routes injected with 'gobgp global rib add' must come
# out of the decoder as Loc-RIB announcements with their AS path, next hop
# and communities, every message must decode (GoBGP's quirks: an Initiation
# without TLVs, Loc-RIB routes without a Peer Up), and the JSON and the
# bgpdump -m output must agree. Ports 18570 (BMP) and 18571 (gobgpd API).
set -u
command -v gobgpd >/dev/null && command -v gobgp >/dev/null || { echo "skip: gobgpd not installed"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 not installed"; exit 77; }
[ -x "${MANRS:-}" ] || { echo "skip: MANRS binary not built"; exit 77; }
T=$(mktemp -d /tmp/bmp_decode_gobgp.XXXXXX)
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT INT TERM
fail() { echo "FAIL: $*"; [ -f "$T/gobgpd.log" ] && tail -5 "$T/gobgpd.log"; exit 1; }
BMP=18570 API=18571
G="gobgp -u 127.0.0.1 -p $API"

# The collector: accept one connection, save what arrives (at most 60 s).
python3 - "$BMP" "$T/stream.bmp" <<'PY' &
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(1)
s.settimeout(60)
c, _ = s.accept()
c.settimeout(1)
end = time.time() + 60
with open(sys.argv[2], "wb") as f:
    while time.time() < end:
        try:
            b = c.recv(65536)
        except socket.timeout:
            continue
        if not b:
            break
        f.write(b)
        f.flush()
PY
PIDS="$PIDS $!"
cat > "$T/gobgpd.toml" <<CONF
[global.config]
  as = 64512
  router-id = "192.0.2.2"
  port = -1
[[bmp-servers]]
  [bmp-servers.config]
    address = "127.0.0.1"
    port = $BMP
    route-monitoring-policy = "local-rib"
CONF
timeout 120 gobgpd -f "$T/gobgpd.toml" --api-hosts "127.0.0.1:$API" --pprof-disable -p >"$T/gobgpd.log" 2>&1 &
GPID=$!
PIDS="$PIDS $GPID"
up=0
for _ in $(seq 1 100); do $G global >/dev/null 2>&1 && { up=1; break; }; sleep 0.2; done
[ $up = 1 ] || fail "gobgpd did not start"
$G global rib add 198.51.100.0/24 aspath 64500,64501 nexthop 192.0.2.9 community 64500:1 -a ipv4 || fail "rib add"
$G global rib add 203.0.113.0/25 aspath 64502 nexthop 192.0.2.10 -a ipv4 || fail "rib add"
$G global rib add 2001:db8:100::/48 aspath 64503 nexthop 2001:db8::9 -a ipv6 || fail "rib add"
# Wait until the three routes have been exported, then end the session.
n=0
for _ in $(seq 1 100); do
	[ -s "$T/stream.bmp" ] && n=$("$MANRS" bmp decode "$T/stream.bmp" 2>/dev/null | grep -c '|A|')
	[ "$n" -ge 3 ] && break
	sleep 0.3
done
kill "$GPID" 2>/dev/null; wait "$GPID" 2>/dev/null
sleep 0.5
"$MANRS" bmp decode "$T/stream.bmp" >"$T/m.txt" 2>"$T/err" || fail "decode: $(cat "$T/err")"
"$MANRS" bmp decode --json "$T/stream.bmp" >"$T/j.json" 2>>"$T/err" || fail "decode --json: $(cat "$T/err")"
[ -s "$T/err" ] && fail "problems reported: $(cat "$T/err")"
python3 - "$T/j.json" "$T/m.txt" <<'PY' || exit 1
import json, sys
msgs = [json.loads(l) for l in open(sys.argv[1])]
types = [m["bmp_type"] for m in msgs]
if types[0] != "initiation":
    sys.exit("FAIL: the stream does not start with an Initiation: %s" % types[:3])
routes = {}
for m in msgs:
    if m["bmp_type"] != "route_monitoring":
        continue
    if m["rib"] != "loc-rib" or m["peer_type"] != "loc-rib":
        sys.exit("FAIL: a route outside Loc-RIB: %s" % m)
    for el in m["elements"]:
        if el["type"] == "announce":
            routes[el["prefix"]] = el
want = {
    "198.51.100.0/24": ([64500, 64501], "192.0.2.9", ["64500:1"]),
    "203.0.113.0/25": ([64502], "192.0.2.10", None),
    "2001:db8:100::/48": ([64503], "2001:db8::9", None),
}
for p, (path, nh, comms) in want.items():
    el = routes.get(p)
    if not el:
        sys.exit("FAIL: %s not decoded (got %s)" % (p, sorted(routes)))
    if el["as_path"] != path or el.get("next_hop") != nh or el.get("communities") != comms:
        sys.exit("FAIL: %s decoded as %s" % (p, el))
lines = [l for l in open(sys.argv[2]) if "|A|" in l]
if sorted(l.split("|")[5] for l in lines) != sorted(routes):
    sys.exit("FAIL: -m lines and JSON differ: %s" % lines)
print("ok   GoBGP Loc-RIB export: %d messages (%s), %d routes as injected, -m and --json agree"
      % (len(msgs), ", ".join(sorted(set(types))), len(routes)))
PY
exit 0
