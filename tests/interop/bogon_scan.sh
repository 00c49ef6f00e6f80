#!/bin/bash
# SPDX-License-Identifier: ISC
# `manrs bogon check -` as a bulk RIB scan: whole `bgpdump -m` lines on
# stdin, every bogon prefix and every bogon ASN in the paths reported, the
# summary on stderr, exit 1 when bogons were found. Checked against the lab's
# ground truth (incidents.json) always, and against an independent count
# (Python, IANA ASN ranges) over real MRT files from ../shared/data with
# Debian's bgpdump when both are present. Also: default routes of both
# families are treated alike (--default-is-bogon).
# Env: MANRS (binary), SHARED (../shared).
set -u
[ -x "${MANRS:-}" ] || { echo "skip: MANRS binary not built"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 not installed"; exit 77; }
SHARED=${SHARED:-../shared}
T=$(mktemp -d /tmp/bogon_scan.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
checks=0

# --- default routes: both families alike -------------------------------------
$MANRS bogon check 0.0.0.0/0 ::/0 >"$T/o" || fail "default routes flagged as bogons: $(cat "$T/o")"
[ "$(grep -c 'not a bogon: default route' "$T/o")" = 2 ] || fail "default routes: $(cat "$T/o")"
$MANRS bogon check --default-is-bogon 0.0.0.0/0 ::/0 >"$T/o"
[ $? = 1 ] || fail "--default-is-bogon: want exit 1"
[ "$(grep -c ': bogon: default route' "$T/o")" = 2 ] || fail "--default-is-bogon: $(cat "$T/o")"
checks=$((checks + 1))

# --- a clean route and a withdrawal: exit 0 ------------------------------------
printf '%s\n' 'TABLE_DUMP2|1|B|192.0.2.1|3356|8.8.8.0/24|3356 15169|IGP|192.0.2.1|0|0||NAG||' \
	'BGP4MP|1|W|192.0.2.1|3356|10.0.0.0/8' | $MANRS bogon check - >"$T/o" 2>"$T/e" ||
	fail "clean routes: exit $?: $(cat "$T/o" "$T/e")"
[ ! -s "$T/o" ] || fail "clean routes printed: $(cat "$T/o")"
grep -q '2 bgpdump lines: 1 routes, 1 withdrawals' "$T/e" || fail "summary: $(cat "$T/e")"
checks=$((checks + 1))

# --- the lab: planted bogon prefix and bogon ASN -----------------------------
$MANRS lab generate -q "$T/lab" || fail "lab generate"
dumpers="manrs"
command -v bgpdump >/dev/null && dumpers="manrs bgpdump"
for d in $dumpers; do
	if [ $d = manrs ]; then
		$MANRS mrt dump -m "$T/lab/rib.mrt" "$T/lab/updates.mrt" >"$T/lab.txt"
	else
		{ bgpdump -m "$T/lab/rib.mrt"; bgpdump -m "$T/lab/updates.mrt"; } >"$T/lab.txt" 2>/dev/null
	fi
	$MANRS bogon check - <"$T/lab.txt" >"$T/o" 2>"$T/e"
	[ $? = 1 ] || fail "lab ($d): want exit 1 (bogons planted)"
	python3 - "$T/lab/incidents.json" "$T/o" "$T/e" <<'PY' || fail "lab ($d) differs from the ground truth"
import json, re, sys
inc = json.load(open(sys.argv[1]))
inc = inc["incidents"] if isinstance(inc, dict) else inc
out = open(sys.argv[2]).read().splitlines()
err = open(sys.argv[3]).read()
pfx = [i for i in inc if i["type"] == "bogon-prefix"]
asn = [i for i in inc if i["type"] == "bogon-asn"]
assert pfx and asn, "lab has no bogon incidents"
for i in pfx:
    got = sorted(int(re.search(r"from peer AS(\d+)", l).group(1)) for l in out
                 if f" {i['prefix']} from peer" in l and "bogon prefix" in l)
    want = sorted(s["peer_asn"] for s in i["seen"])
    assert got == want, f"{i['prefix']}: peers {got}, want {want}"
for i in asn:
    got = [l for l in out if f" {i['prefix']} path" in l and f"bogon ASN AS{i['origin']} " in l]
    assert len(got) == len(i["seen"]), f"AS{i['origin']}: {len(got)} lines, want {len(i['seen'])}"
m = re.search(r"(\d+) bogon prefixes, (\d+) bogon ASNs", err)
assert m and int(m.group(1)) == sum(len(i["seen"]) for i in pfx), err
assert int(m.group(2)) >= sum(len(i["seen"]) for i in asn), err
PY
	checks=$((checks + 1))
done

# --- real MRT files: independent count of bogon ASNs ---------------------------
COUNT=$T/count.py
cat >"$COUNT" <<'PY'
import re, sys
R = [(0, 0), (23456, 23456), (64496, 131071), (4200000000, 4294967295)]
routes = asns = paths = 0
for line in open(sys.argv[1], errors="replace"):
    f = line.rstrip("\n").split("|")
    if len(f) < 7 or f[2] not in ("A", "B"):
        continue
    routes += 1
    seen = {int(t) for t in re.split(r"[ {},]+", f[6]) if t
            and any(lo <= int(t) <= hi for lo, hi in R)}
    asns += len(seen)
    paths += bool(seen)
print(routes, asns, paths)
PY
real=0
if command -v bgpdump >/dev/null; then
	for f in "$SHARED/data/mrt/pyasn-rib-samples/rib.20140523.0600_firstMB.bz2" \
		"$SHARED/data/mrt/bgpdump-testdata/test_data/updates.20160811.1600.gz" \
		"$SHARED/data/mrt/dnas-tests/RRC1/rrc01.updates.20241001.0055.gz"; do
		[ -f "$f" ] || continue
		bgpdump -m "$f" >"$T/real.txt" 2>/dev/null
		read -r routes asns paths < <(python3 "$COUNT" "$T/real.txt")
		$MANRS bogon check - <"$T/real.txt" >"$T/o" 2>"$T/e"
		rc=$?
		grep -q " $routes routes,.* $asns bogon ASNs in $paths paths" "$T/e" ||
			fail "$f: want $routes routes, $asns bogon ASNs in $paths paths; got: $(cat "$T/e")"
		[ "$(grep -c 'bogon ASN' "$T/o")" = "$asns" ] || fail "$f: $asns bogon ASN lines expected"
		nb=$(grep -c 'bogon' "$T/o")
		{ [ "$nb" -gt 0 ] && [ $rc = 1 ]; } || { [ "$nb" = 0 ] && [ $rc = 0 ]; } ||
			fail "$f: exit $rc with $nb findings"
		real=$((real + 1))
		checks=$((checks + 1))
	done
fi
[ $real -gt 0 ] || echo "note: no real MRT file or no bgpdump: real-data checks skipped"
echo "bogon_scan: $checks checks passed ($real real MRT files)"
