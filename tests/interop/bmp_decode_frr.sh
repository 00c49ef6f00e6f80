#!/bin/sh
# SPDX-License-Identifier: ISC
# FRR's BMP (bgpd -M bmp) captured raw and read by 'manrs bmp decode': FRR
# peers on loopback with gobgpd, which announces routes with ADD-PATH; FRR
# exports pre- and post-policy Route Monitoring to a plain TCP listener that
# saves the byte stream. The decoder must report no problem, show the Peer Up
# with both OPENs (4-byte ASNs, ADD-PATH receive negotiated for IPv4
# unicast), and yield every route gobgpd announced with its AS path and next
# hop, in pre-policy, and post-policy messages for them. FRR puts no path
# identifiers in Route Monitoring although ADD-PATH was negotiated (its
# documentation says so): the decoder must read the NLRI without them.
# Ports 18572 (BMP), 18573 (FRR BGP), 18574 (gobgpd API), 18575 (FRR vty).
set -u
BGPD=/usr/lib/frr/bgpd
[ -x "$BGPD" ] || { echo "skip: FRR bgpd not installed"; exit 77; }
"$BGPD" --help 2>&1 | grep -q -- '--module' || { echo "skip: bgpd without modules"; exit 77; }
mod=0
for m in /usr/lib/*/frr/modules/bgpd_bmp.so /usr/lib/frr/modules/bgpd_bmp.so; do [ -f "$m" ] && mod=1; done
[ $mod = 1 ] || { echo "skip: FRR's bgpd_bmp module not installed"; exit 77; }
command -v gobgpd >/dev/null && command -v gobgp >/dev/null || { echo "skip: gobgpd not installed"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 not installed"; exit 77; }
[ -x "${MANRS:-}" ] || { echo "skip: MANRS binary not built"; exit 77; }
T=$(mktemp -d /tmp/bmp_decode_frr.XXXXXX)
chmod 755 "$T"
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT INT TERM
fail() {
	echo "FAIL: $*"
	for l in frr gobgpd; do [ -f "$T/$l.log" ] && tail -5 "$T/$l.log"; done
	[ -s "$T/stream.bmp" ] && "$MANRS" bmp decode "$T/stream.bmp" 2>&1 | head -20
	exit 1
}
BMP=18572 FRRPORT=18573 API=18574 VTY=18575
G="gobgp -u 127.0.0.1 -p $API"

python3 - "$BMP" "$T/stream.bmp" <<'PY' &
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(1)
s.settimeout(90)
c, _ = s.accept()
c.settimeout(1)
end = time.time() + 90
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
cat > "$T/bgpd.conf" <<CONF
frr defaults traditional
hostname manrs-test
log file $T/frr.log
router bgp 4200000001
 bgp router-id 192.0.2.2
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 127.0.0.2 remote-as 64513
 neighbor 127.0.0.2 update-source 127.0.0.1
 neighbor 127.0.0.2 soft-reconfiguration inbound
 address-family ipv4 unicast
  network 192.0.2.0/24
 exit-address-family
 bmp targets manrs
  bmp connect 127.0.0.1 port $BMP min-retry 100 max-retry 1000
  bmp monitor ipv4 unicast pre-policy
  bmp monitor ipv4 unicast post-policy
 exit
CONF
timeout 120 "$BGPD" -f "$T/bgpd.conf" -M bmp -Z -n -S -p "$FRRPORT" -l 127.0.0.1 \
	-i "$T/bgpd.pid" --vty_socket "$T" -P "$VTY" -A 127.0.0.1 >"$T/frr.out" 2>&1 &
PIDS="$PIDS $!"
cat > "$T/gobgpd.toml" <<CONF
[global.config]
  as = 64513
  router-id = "192.0.2.3"
  port = -1
[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.1"
    peer-as = 4200000001
  [neighbors.transport.config]
    local-address = "127.0.0.2"
    remote-port = $FRRPORT
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
    [neighbors.afi-safis.add-paths.config]
      send-max = 8
      receive = true
CONF
timeout 120 gobgpd -f "$T/gobgpd.toml" --api-hosts "127.0.0.1:$API" --pprof-disable -p >"$T/gobgpd.log" 2>&1 &
PIDS="$PIDS $!"
up=0
for _ in $(seq 1 100); do $G global >/dev/null 2>&1 && { up=1; break; }; sleep 0.2; done
[ $up = 1 ] || fail "gobgpd did not start"
$G global rib add 198.51.100.0/24 aspath 64500 nexthop 192.0.2.77 -a ipv4 || fail "rib add"
$G global rib add 203.0.113.0/25 aspath 64501,64502 nexthop 192.0.2.77 -a ipv4 || fail "rib add"
# Both views of both routes exported: 4 announcements from the peer.
n=0
for _ in $(seq 1 150); do
	[ -s "$T/stream.bmp" ] && n=$("$MANRS" bmp decode "$T/stream.bmp" 2>/dev/null | grep -c '|[AW]|127\.0\.0\.2|')
	[ "$n" -ge 4 ] && break
	sleep 0.4
done
[ "$n" -ge 4 ] || fail "FRR exported $n of 4 route messages (session: $($G neighbor 2>/dev/null | tail -1))"
"$MANRS" bmp decode --json "$T/stream.bmp" >"$T/j.json" 2>"$T/err"
# The capture may end inside a message FRR was still writing; nothing else.
grep -v 'stream ends inside a message\|messages, 1 problems' "$T/err" | grep . && fail "problems reported"
python3 - "$T/j.json" <<'PY' || exit 1
import json, sys
msgs = [json.loads(l) for l in open(sys.argv[1])]
ups = [m for m in msgs if m["bmp_type"] == "peer_up" and m["peer_ip"] == "127.0.0.2"]
if not ups:
    sys.exit("FAIL: no Peer Up for 127.0.0.2: %s" % [m["bmp_type"] for m in msgs])
u = ups[0]
if (u["local_as"], u["remote_as"], u["as4"]) != (4200000001, 64513, True):
    sys.exit("FAIL: Peer Up OPENs: %s" % u)
if not any(a["afi"] == 1 and a["safi"] == 1 and a["rx"] for a in u["addpath"]):
    sys.exit("FAIL: ADD-PATH receive not negotiated in the Peer Up: %s" % u["addpath"])
seen = {}
views = {}
for m in msgs:
    if m["bmp_type"] == "route_monitoring" and m["peer_ip"] == "127.0.0.2":
        for el in m["elements"]:
            views.setdefault(el["prefix"], set()).add((m["rib"], el["type"]))
            if el["type"] == "announce" and m["rib"] == "pre-policy":
                seen[el["prefix"]] = el
# FRR 8.4 re-encodes the UPDATE for BMP (its own AS comes first, ORIGIN
# INCOMPLETE): the path must end with what gobgpd announced.
want = {"198.51.100.0/24": [64513, 64500], "203.0.113.0/25": [64513, 64501, 64502]}
for p, path in want.items():
    el = seen.get(p)
    if not el or el["as_path"][-len(path):] != path or el.get("next_hop") != "192.0.2.77":
        sys.exit("FAIL: pre-policy %s decoded as %s (all: %s)" % (p, el, views))
    if "path_id" in el:
        sys.exit("FAIL: %s read with a path id FRR does not send: %s" % (p, el))
    if not any(v[0] == "post-policy" for v in views[p]):
        sys.exit("FAIL: no post-policy message for %s: %s" % (p, views[p]))
print("ok   FRR BMP: Peer Up with 4-byte ASN + ADD-PATH rx negotiated, %d messages, "
      "routes in pre- and post-policy, read without path ids (FRR sends none)"
      % len(msgs))
PY
exit 0
