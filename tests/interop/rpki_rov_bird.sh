#!/bin/sh
# SPDX-License-Identifier: ISC
# Route origin validation must agree with BIRD 2's roa_check(): load the real
# rpki-client snapshot into BIRD through 'manrs rpki export --format bird',
# then ask both for a sample of real RouteViews routes (IPv4 and IPv6) and
# for routes built around VRPs (exact, too long, wrong origin, AS0).
# The real 2025 rpki-client snapshot is past its per-VRP "expires" by now;
# manrs drops expired entries by default: keep them for this comparison.
export MANRS_IGNORE_EXPIRES=1
command -v bird >/dev/null 2>&1 && command -v birdcl >/dev/null 2>&1 ||
	{ echo "bird2 (bird, birdcl) not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed"; exit 77; }
: "${MANRS:?}" "${SHARED:=../shared}"
VRPS="$SHARED/data/rpki/rpkilog-rpki-client-2025-07-20/rpkiclient_summary_20250720T093135Z.json.bz2"
RIB4="$SHARED/data/ribs-text/pyasn-ipasn/ipasn_20140513.dat.gz"
RIB6="$SHARED/data/ribs-text/pyasn-ipasn/ipasn6_20151101.dat.gz"
[ -r "$VRPS" ] && [ -r "$RIB4" ] && [ -r "$RIB6" ] || { echo "shared data (rpki snapshot, ribs-text) absent"; exit 77; }
T=$(mktemp -d) || exit 1
BIRDPID=""
cleanup() { [ -n "$BIRDPID" ] && kill "$BIRDPID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT INT TERM

timeout 60 "$MANRS" rpki export -q --vrps "$VRPS" --format json -o "$T/v.json" || exit 1
timeout 60 "$MANRS" rpki export -q --vrps "$T/v.json" --format bird -o "$T/roas.conf" || exit 1
printf 'router id 192.0.2.1;\ninclude "%s/roas.conf";\n' "$T" >"$T/bird.conf"
timeout 110 bird -f -c "$T/bird.conf" -s "$T/sock" -P "$T/pid" &
BIRDPID=$!
# Wait (bounded) until BIRD answers: loading 723k ROAs takes a few seconds.
i=0
until echo 'show status' | timeout 5 birdcl -s "$T/sock" 2>/dev/null | grep -q 'Daemon is up'; do
	i=$((i + 1)); [ $i -gt 60 ] && { echo "bird did not come up"; exit 1; }
	sleep 1
done

# Sample: every 400th IPv4 route, every 40th IPv4/IPv6 route of the 2015 table,
# and four routes around every 2000th VRP.
zcat "$RIB4" | grep -v '^;' | awk 'NR % 400 == 0' >"$T/routes"
zcat "$RIB6" | grep -v '^;' | awk 'NR % 40 == 0' >>"$T/routes"
python3 - "$T/v.json" >>"$T/routes" <<'PY'
import ipaddress, json, sys
roas = json.load(open(sys.argv[1]))["roas"]
for r in roas[::2000]:
    net = ipaddress.ip_network(r["prefix"])
    print(r["prefix"], r["asn"] or 64511)
    if r["maxLength"] < net.max_prefixlen:
        sub = next(net.subnets(new_prefix=r["maxLength"] + 1))
        print(sub, r["asn"] or 64511)
    print(r["prefix"], 64512)
    if net.prefixlen > 8:
        print(net.supernet(), r["asn"] or 64511)
PY
awk '{ t = index($1, ":") ? "ROAS6" : "ROAS4"; printf "eval roa_check(%s, %s, %s)\n", t, $1, $2 }' \
	"$T/routes" | timeout 100 birdcl -s "$T/sock" >"$T/bird.out" || { echo "birdcl failed"; exit 1; }
timeout 60 "$MANRS" rpki validate -q --vrps "$T/v.json" --input "$T/routes" --print all --json >"$T/manrs.json"
[ $? -le 1 ] || { echo "manrs validate failed"; exit 1; }
python3 - "$T/routes" "$T/bird.out" "$T/manrs.json" <<'PY'
import json, re, sys
routes = [l.split() for l in open(sys.argv[1]) if l.strip()]
bird = [int(m) for m in re.findall(r"\(enum \d+\)(\d)", open(sys.argv[2]).read())]
names = {0: "not-found", 1: "valid", 2: "invalid"}
ours = [r["rov"]["state"] for r in json.load(open(sys.argv[3]))["routes"]]
if not (len(routes) == len(bird) == len(ours)):
    sys.exit(f"FAIL: {len(routes)} routes, {len(bird)} BIRD answers, {len(ours)} manrs answers")
bad = [(r, names[b], o) for r, b, o in zip(routes, bird, ours) if names[b] != o]
for r, b, o in bad[:10]:
    print("differ:", *r, "bird", b, "manrs", o)
if bad:
    sys.exit(f"FAIL: {len(bad)} of {len(routes)} routes differ")
count = {s: ours.count(s) for s in names.values()}
if min(count.values()) == 0:
    sys.exit(f"FAIL: sample lacks a state: {count}")
print(f"BIRD roa_check and manrs agree on {len(routes)} routes {count}")
PY
