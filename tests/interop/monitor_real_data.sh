#!/bin/sh
# SPDX-License-Identifier: ISC
# manrs monitor in global mode (no prefixes.yml) on real data: RIS rrc01
# (LINX) updates of 2010-08-27 08:40-08:55 UTC, the quarter hour of the
# RIPE NCC / Duke "attribute 99" experiment (93.175.144.0/24 from AS12654
# with an optional transitive attribute of type 99, which made some
# routers reset their sessions). See doc/monitor-worked-example.md.
# Asserts: the file reads cleanly (the attribute-99 updates too) and no
# detector mistakes the experiment's route for an incident; the session
# resets show as a withdrawal storm (over 100k withdraw events); the
# bogon detector's seven findings, among them a private AS65000 inside the
# path of 196.216.249.0/24 and the 6to4 relay prefix 192.88.99.0/24; leak
# alerts from the 2016 CAIDA file within a stated range and all severity
# info, since the relationships are six years younger than the data.
# Skips (77) when ../shared/data ($SHARED) is absent. No network.
MANRS=${MANRS:-build/manrs}
SHARED=${SHARED:-../shared}
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
UPD=$SHARED/data/mrt/dnas-tests/RRC1/rrc01.updates.20100827.0840.gz
REL=$SHARED/data/caida/as-rel-serial1-20161101/20161101.as-rel.txt.bz2
[ -r "$UPD" ] && [ -r "$REL" ] || { echo "skip: real data not found under $SHARED/data (set SHARED)"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
run() { if command -v timeout >/dev/null 2>&1; then timeout 120 "$@"; else "$@"; fi; }

run "$MANRS" monitor --bogons --asrel "$REL" --source rrc01 --json "$UPD" \
	>"$tmp/alerts.jsonl" 2>"$tmp/err" || fail "exit $?: $(cat "$tmp/err")"
grep -q ' 0 input problems' "$tmp/err" || fail "input problems: $(cat "$tmp/err")"
grep -q 'relationships of 2016-11-05' "$tmp/err" || fail "no note on the relationships' date"
w=$(sed -n 's/.* announce, \([0-9]*\) withdraw.*/\1/p' "$tmp/err")
[ "${w:-0}" -ge 100000 ] || fail "withdrawal storm: $w withdraw events, want >= 100000"
n=$(run "$MANRS" mrt dump "$UPD" | grep -cE '[|]93[.]175[.]144[.]0/24([|]|$)')
[ "$n" -ge 20 ] || fail "the experiment's updates: $n lines for 93.175.144.0/24, want >= 20"

python3 - "$tmp/alerts.jsonl" <<'PY' || exit 1
import collections, json, sys
alerts = [json.loads(l) for l in open(sys.argv[1])]
opened = collections.Counter(a["type"] for a in alerts if a["version"] == 1)
keys = {a["key"] for a in alerts}
def need(ok, what):
    if not ok:
        sys.exit("FAIL: %s (opened %s)" % (what, dict(opened)))
need(not any(a["prefix"] == "93.175.144.0/24" for a in alerts),
     "an alert on the experiment's prefix 93.175.144.0/24")
need(set(opened) <= {"leak", "bogon"}, "only leak and bogon without VRPs")
# one incident per key: 190.65.228.0/22 resolves and comes back within
# notificationIntervalSeconds (BGPalerter's 14400 s), so it re-opens the same
# alert (flaps 1) instead of a seventh
need(opened["bogon"] == 6, "6 bogon alerts")
need(any(a["key"] == "bogon|190.65.228.0/22|3816" and a.get("flaps") == 1 for a in alerts),
     "190.65.228.0/22 flapped once")
need("bogon|196.216.249.0/24|36881" in keys, "AS65000 in the path of 196.216.249.0/24")
need("bogon|192.88.99.0/24|12871" in keys, "192.88.99.0/24 announced by AS12871")
need("bogon|216.68.205.0/24|6181" in keys, "AS23456 inside a path")
need(4500 <= opened["leak"] <= 6000, "4500-6000 leak alerts (one per key: their flaps merged)")
need(all(a["severity"] == "info" for a in alerts if a["type"] == "leak"),
     "leak alerts on 2016 relationships for 2010 data are severity info")
print("ok: monitor global mode on rrc01 2010-08-27 08:40: %s" % dict(opened))
PY
