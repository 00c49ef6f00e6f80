#!/bin/sh
# SPDX-License-Identifier: ISC
# Every policy variant `manrs ixp generate` can write must pass the daemons'
# own parsers: `bird -p` and `bgpd -n` on the test IXP with each check in
# reject, tag and off mode, ROA tables instead of RTR, blackholes with a next
# hop and off, no transit-free list; on the lab's 300-member IXP; and on an
# IXP imported from the real PeeringDB pages in ../shared when present.
# No sockets.
command -v bird >/dev/null || { echo "bird2 not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
DATA=$(cd "$(dirname "$0")" && pwd)/data/ixp
TMP=$(mktemp -d /tmp/ixp_parse.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
have_bgpd=0
command -v bgpd >/dev/null && mkdir -p /run/openbgpd 2>/dev/null && have_bgpd=1

# check NAME YAML [generate args]: both daemons accept what manrs writes.
n=0
check() {
	name=$1 yml=$2
	shift 2
	"$MANRS" ixp generate "$yml" -q -o "$TMP/$name.bird" "$@" 2>"$TMP/gen.err" ||
		[ $? = 1 ] && [ -s "$TMP/$name.bird" ] || fail "$name: generate: $(cat "$TMP/gen.err")"
	bird -p -c "$TMP/$name.bird" >"$TMP/p.err" 2>&1 || fail "$name: bird -p: $(cat "$TMP/p.err")"
	if [ $have_bgpd = 1 ]; then
		"$MANRS" ixp generate --format openbgpd "$yml" -q -o "$TMP/$name.obgpd" "$@" 2>/dev/null
		[ -s "$TMP/$name.obgpd" ] || fail "$name: generate --format openbgpd"
		bgpd -n -f "$TMP/$name.obgpd" >"$TMP/p.err" 2>&1 || fail "$name: bgpd -n: $(cat "$TMP/p.err")"
	fi
	n=$((n + 1))
}

# variant NAME SED-SCRIPT: the test IXP with its policy edited.
variant() {
	sed "$2" "$DATA/ixp.yml" >"$TMP/$1.yml"
	check "$1" "$TMP/$1.yml" --irr "$DATA/irr.db" --vrps "$DATA/vrps.json"
}
variant base ''
variant tag-all 's/^  irr: reject/  irr: tag/; s/^  rpki: reject/  rpki: tag/; s/^  aspa: reject/  aspa: tag/'
variant off-all 's/^  irr: reject/  irr: off/; s/^  rpki: reject/  rpki: off/; s/^  aspa: reject/  aspa: off/'
variant roa-tables '/^rtr:/d'
variant blackhole-nh 's/^  max_path_len: 32/  max_path_len: 0\n  blackhole_next_hop4: 192.0.2.66\n  blackhole_next_hop6: "2001:db8:ffff::66"\n  transit_free: []\n  rpki_as_irr: true/'
variant no-blackhole 's/^  max_path_len: 32/  blackhole: false\n  graceful_shutdown: false/'
grep -q 'ixp_fail(14, 2)' "$TMP/tag-all.bird" || fail "tag-all: RPKI is not tagged"
grep -q 'protocol static RPKI4_static' "$TMP/roa-tables.bird" || fail "roa-tables: no ROA table"
if grep -q 'aspa_invalid' "$TMP/off-all.bird"; then fail "off-all: ASPA still checked"; fi

"$MANRS" lab generate "$TMP/lab" -q || fail "lab generate"
check lab "$TMP/lab/ixp.yml" --irr "$TMP/lab/irr.db" --vrps "$TMP/lab/vrps.json"

# The lab's unfiltered route-server RIB: every route from a member, and
# exactly the planted RPKI-invalid routes in it found as rpki-invalid.
L=$TMP/lab
rc=0
"$MANRS" ixp check "$L/ixp.yml" --rib "$L/ixp-rs-rib.mrt" --irr "$L/irr.db" --vrps "$L/vrps.json" \
	>"$TMP/check.txt" 2>"$TMP/check.err" || rc=$?
[ $rc = 1 ] || fail "ixp check on the lab: exit $rc: $(cat "$TMP/check.err")"
grep -q ' 0 from non-members, 0 MRT warnings' "$TMP/check.err" || fail "$(cat "$TMP/check.err")"
"$MANRS" mrt dump "$L/ixp-rs-rib.mrt" >"$TMP/rs-rib.txt" || fail "mrt dump ixp-rs-rib.mrt"
python3 - "$L/incidents.json" "$TMP/rs-rib.txt" "$TMP/check.txt" <<'PY' || fail "ixp check vs incidents.json"
import json, sys
inc = json.load(open(sys.argv[1]))["incidents"]
held = {(f[5], f[6].split()[-1]) for f in (l.split("|") for l in open(sys.argv[2]))}
found = {(f[2], f[-3]) for f in (l.split() for l in open(sys.argv[3])) if "rpki-invalid" in f[-1]}
want = {(i["prefix"], str(i["origin"])) for i in inc
        if i.get("expected", {}).get("rov") == "invalid"} & held
if found != want or not want:
    sys.exit("rpki-invalid found %s, planted in the RIB %s" % (sorted(found), sorted(want)))
PY

PDB=$SHARED/data/peeringdb/peeringdb-plus-2026-04
if [ -d "$PDB" ]; then
	"$MANRS" ixp import --peeringdb "$PDB" --ixlan 31 --rs-asn 6695 \
		--rs-address 80.81.192.157 -o "$TMP/decix.yml" 2>"$TMP/imp.err" ||
		fail "import: $(cat "$TMP/imp.err")"
	check decix "$TMP/decix.yml" --vrps "$DATA/vrps.json"
	echo "$(cat "$TMP/imp.err")"
else
	echo "(no ../shared PeeringDB pages: import variant skipped)"
fi
echo "$n configurations pass bird -p$([ $have_bgpd = 1 ] && echo ' and bgpd -n')"
