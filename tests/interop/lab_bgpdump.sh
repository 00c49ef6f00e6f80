#!/bin/sh
# SPDX-License-Identifier: ISC
# The lab's MRT files, written by our own MRT writer, must be read by Debian's
# bgpdump without a single warning, line for line what the lab says it wrote,
# and every planted incident must be visible in bgpdump's output with the
# exact AS path incidents.json promises. Also checks determinism of the CLI.
MANRS=${MANRS:-build/manrs}
command -v bgpdump >/dev/null 2>&1 || { echo "skip: bgpdump not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

timeout 30 "$MANRS" lab generate "$tmp/a" --seed 11 --json >"$tmp/summary.json" || fail "lab generate"
timeout 30 "$MANRS" lab generate "$tmp/b" --seed 11 -q || fail "lab generate (2nd run)"
for f in as-rel.txt vrps.json irr.db rib.mrt updates.mrt incidents.json README; do
	cmp -s "$tmp/a/$f" "$tmp/b/$f" || fail "$f differs between two runs with the same seed"
done

for f in rib updates; do
	timeout 60 bgpdump -m "$tmp/a/$f.mrt" >"$tmp/$f.txt" 2>"$tmp/$f.err" || fail "bgpdump $f.mrt exit $?"
	# bgpdump always logs "logging to syslog"; anything else is a complaint.
	if grep -v 'logging to syslog' "$tmp/$f.err" | grep -q .; then
		grep -v 'logging to syslog' "$tmp/$f.err" | head -5
		fail "bgpdump warned on $f.mrt"
	fi
done

python3 - "$tmp" <<'PY' || exit 1
import json, sys
tmp = sys.argv[1]
s = json.load(open(f"{tmp}/summary.json"))
rib = open(f"{tmp}/rib.txt").read().splitlines()
upd = open(f"{tmp}/updates.txt").read().splitlines()
def need(cond, msg):
    if not cond:
        print("FAIL:", msg); sys.exit(1)
need(len(rib) == s["rib_entries"], f"rib lines {len(rib)} != {s['rib_entries']}")
need(all(l.startswith("TABLE_DUMP2|") for l in rib), "rib: non TABLE_DUMP2 line")
kinds = {}
for l in upd:
    k = l.split("|")[2]
    kinds[k] = kinds.get(k, 0) + 1
need(kinds.get("A", 0) == s["announcements"], f"announce lines {kinds}")
need(kinds.get("W", 0) == s["withdrawals"], f"withdraw lines {kinds}")
need(kinds.get("STATE", 0) == s["state_changes"], f"state lines {kinds}")
inc = json.load(open(f"{tmp}/a/incidents.json"))
need(len(inc["incidents"]) >= 5, "fewer than 5 incidents")
types = {i["type"] for i in inc["incidents"]}
for t in ("origin-hijack", "subprefix-hijack", "route-leak", "bogon-prefix", "bogon-asn"):
    need(t in types, f"incident {t} missing")
lines = {"rib.mrt": set(), "updates.mrt": set()}
for l in rib:
    f = l.split("|"); lines["rib.mrt"].add((f[3], f[4], f[5], f[6]))
for l in upd:
    f = l.split("|")
    if f[2] == "A":
        lines["updates.mrt"].add((f[3], f[4], f[5], f[6]))
for i in inc["incidents"]:
    need(i["seen"], f"{i['type']}: no collector peer sees it")
    for s_ in i["seen"]:
        key = (s_["peer_ip"], str(s_["peer_asn"]), i["prefix"], " ".join(map(str, s_["as_path"])))
        need(key in lines[i["file"]], f"{i['type']}: {key} not in bgpdump output of {i['file']}")
print(f"ok: {len(rib)} RIB lines, {len(upd)} update lines, {len(inc['incidents'])} incidents found")
PY

# Cross-check manrs' own reader when it exists (it must agree with bgpdump).
if "$MANRS" mrt dump --help >/dev/null 2>&1; then
	for f in rib updates; do
		timeout 60 "$MANRS" mrt dump -m "$tmp/a/$f.mrt" >"$tmp/$f.manrs" 2>"$tmp/$f.merr" \
			|| fail "manrs mrt dump $f.mrt"
		cmp -s "$tmp/$f.txt" "$tmp/$f.manrs" || {
			diff "$tmp/$f.txt" "$tmp/$f.manrs" | head -6; fail "manrs mrt dump -m differs from bgpdump on $f.mrt"; }
	done
	echo "ok: manrs mrt dump -m == bgpdump -m"
fi
exit 0
