#!/bin/bash
# SPDX-License-Identifier: ISC
# Interop (real data): RPKI-aware IRR. The DN42 registry of 2022-01-28 and
# the ROA export generated from that same commit: 'manrs irr load --rpki'
# must drop exactly the route objects an independent RFC 6811 check in
# Python finds invalid, and 'manrs irr serve --rpki' must not serve them.
# Env: MANRS, SHARED. Port 18410.
set -u
[ -x "${MANRS:-}" ] || { echo "skip: MANRS binary not built"; exit 77; }
SHARED=${SHARED:-../shared}
D=$SHARED/data/irr/dn42-registry-2022-01-28
RPSL=$D/dn42-registry-all.rpsl
ROA=$D/roa-export-netravnen/export_dn42.json
[ -f "$RPSL" ] && [ -f "$ROA" ] || { echo "skip: DN42 2022 registry/ROA export absent"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 not installed"; exit 77; }
T=$(mktemp -d /tmp/irr_serve_rpki.XXXXXX)
SPID=""
cleanup() { [ -n "$SPID" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

# independent ROV over the route objects: prints "invalid prefix origin" lines
cat >"$T/rov.py" <<'PY'
import json, ipaddress, re, sys
vr = []
for r in json.load(open(sys.argv[1]))["roas"]:
    try: vr.append((ipaddress.ip_network(r["prefix"]), int(str(r["asn"]).upper().replace("AS", "")), int(r["maxLength"])))
    except (ValueError, TypeError): pass
routes = set()
for blk in open(sys.argv[2], encoding="utf-8", errors="replace").read().split("\n\n"):
    m = re.match(r"(route6?):\s*(\S+)", blk)
    o = re.search(r"^origin:\s*AS(\d+)", blk, re.M)
    if m and o:
        try: routes.add((ipaddress.ip_network(m.group(2)), int(o.group(1))))
        except ValueError: pass
for n, a in sorted(routes, key=lambda x: (x[0].version, x[0], x[1])):
    cov = [v for v in vr if v[0].version == n.version and n.subnet_of(v[0])]
    if cov and not any(v[1] == a and a != 0 and n.prefixlen <= v[2] for v in cov):
        print(n, a)
PY
timeout 100 python3 "$T/rov.py" "$ROA" "$RPSL" >"$T/invalid" || fail "python ROV"
want=$(wc -l <"$T/invalid")
got=$(timeout 60 "$MANRS" irr load -q -j --rpki "$ROA" "$RPSL" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rpki_invalid_dropped"])') ||
	fail "manrs irr load --rpki"
[ "$got" = "$want" ] || fail "dropped $got route objects, independent check says $want"

PORT=18410
"$MANRS" irr serve -q -l 127.0.0.1:$PORT --check-interval 0 --rpki "$ROA" "$RPSL" 2>"$T/log" &
SPID=$!
for i in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
n=0
while read -r pfx asn; do
	exec 3<>/dev/tcp/127.0.0.1/$PORT || fail "connect"
	printf '!r%s,o\n' "$pfx" >&3
	reply=$(timeout 5 cat <&3)
	exec 3<&-
	echo "$reply" | grep -qw "AS$asn" && fail "invalid $pfx AS$asn still served: $reply"
	n=$((n + 1))
	[ $n -ge 10 ] && break
done <"$T/invalid"
echo "irr_serve_rpki: $want invalid route objects dropped, as the independent check says; $n checked on the server"
exit 0
