#!/bin/bash
# SPDX-License-Identifier: ISC
# `manrs sav` and `manrs sav compare` on the lab's transit operator
# (sav.yml, sav-rib.mrt): every output format is produced, nftables output
# loads (nft -c, in a private network namespace when possible), the JSON
# keeps the contract sav scan reads, method irr lists exactly the prefixes
# `manrs irr filter` (bgpq4-identical) gives for each customer's as-set,
# aggregated independently here; EFP-uRPF never drops what strict uRPF
# passes; compare's numbers add up; usage and input errors exit 2 and 1
# with a message naming the file. Env: MANRS (binary).
set -u
[ -x "${MANRS:-}" ] || { echo "skip: MANRS binary not built"; exit 77; }
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
T=$(mktemp -d /tmp/sav_cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
$MANRS lab generate -q "$T/lab" >/dev/null 2>&1 || $MANRS lab generate "$T/lab" >/dev/null ||
	fail "lab generate"
L=$T/lab
IN="--config $L/sav.yml --rib $L/sav-rib.mrt --rpki $L/vrps.json --irr-db $L/irr.db"

# --- every format, every method ---------------------------------------------------
for f in $($MANRS sav --help | awk '/^formats:/ { on = 1; next } on && /^  / { print $1 }'); do
	for m in irr rpki strict feasible efp-a efp-b bar-sav; do
		$MANRS sav $IN --method "$m" --format "$f" >"$T/out" 2>"$T/err"
		rc=$?
		[ $rc -le 1 ] || fail "format $f method $m: exit $rc: $(cat "$T/err")"
		[ -s "$T/out" ] || fail "format $f method $m: no output"
		[ $rc = 0 ] || grep -q 'allows no source' "$T/err" || fail "$f $m: exit 1 without reason"
	done
done
n=$($MANRS sav --help | awk '/^formats:/ { on = 1; next } on && /^  / { n++ } END { print n }')
[ "$n" -ge 13 ] || fail "only $n formats listed"

# --- nftables loads ------------------------------------------------------------------
if command -v nft >/dev/null; then
	$MANRS sav $IN --method efp-a >"$T/efp.nft" || fail "nftables efp-a"
	if unshare -n true 2>/dev/null; then
		unshare -n nft -c -f "$T/efp.nft" || fail "nft -c rejected the efp-a output"
	fi
fi

# --- JSON contract -------------------------------------------------------------------
$MANRS sav $IN --method efp-b --json >"$T/efp.json" || fail "--json"
$PY - "$T/efp.json" "$L/sav.yml" <<'PYEOF' || fail "JSON contract"
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) == {"asn", "method", "customers"}, d.keys()
assert d["method"] == "efp-b"
custs = [l.split()[-1] for l in open(sys.argv[2]) if "relation: customer" in l]
assert len(d["customers"]) == len(custs), (len(d["customers"]), len(custs))
for c in d["customers"]:
    assert {"name", "asn", "interface", "method", "ipv4", "ipv6"} <= set(c), c
    assert "vlan" not in c and "mac" not in c
    assert all("/" in p and ":" not in p for p in c["ipv4"])
    assert all(":" in p for p in c["ipv6"])
PYEOF

# --- method irr = the bgpq4-identical expansion, aggregated independently ----------------
$MANRS sav $IN --method irr --json >"$T/irr.json" || fail "method irr"
for c in $(awk '/as_set:/ { print $2 }' "$L/sav.yml"); do
	$MANRS irr filter --db "$L/irr.db" -4 -F '%n/%l\n' "$c" >>"$T/bgpq.$c" || fail "irr filter $c"
	$MANRS irr filter --db "$L/irr.db" -6 -F '%n/%l\n' "$c" >>"$T/bgpq.$c" || fail "irr filter -6 $c"
done
$PY - "$T" "$L/sav.yml" <<'PYEOF' || fail "method irr differs from irr filter"
import ipaddress, json, sys
t = sys.argv[1]
d = json.load(open(t + "/irr.json"))
sets = {}
name = None
for l in open(sys.argv[2]):
    l = l.strip()
    if l.startswith("- name:"):
        name = l.split()[-1]
    if l.startswith("as_set:"):
        sets[name] = l.split()[-1]
checked = 0
for c in d["customers"]:
    if c["name"] not in sets:
        continue
    nets = [ipaddress.ip_network(l.strip()) for l in open(t + "/bgpq." + sets[c["name"]]) if l.strip()]
    want = [str(n) for v in (4, 6) for n in ipaddress.collapse_addresses([n for n in nets if n.version == v])]
    got = c["ipv4"] + c["ipv6"]
    assert sorted(got) == sorted(want), (c["name"], got, want)
    checked += 1
assert checked >= 2, checked
PYEOF

# --- EFP-A passes everything strict passes, and more for multihomed customers -------------
$MANRS sav compare $IN --json >"$T/cmp.json" 2>"$T/cmp.err" || fail "compare: $(cat "$T/cmp.err")"
$PY - "$T/cmp.json" <<'PYEOF' || fail "compare numbers"
import json, sys
rows = json.load(open(sys.argv[1]))["rows"]
by = {}
for r in rows:
    by.setdefault(r["customer"], {})[r["method"]] = r
assert len(by) >= 3
strict_fails = 0
for c, m in by.items():
    assert set(m) == {"irr", "rpki", "strict", "feasible", "efp-a", "efp-b", "bar-sav"}, m.keys()
    for k in ("efp-a", "efp-b", "bar-sav", "feasible"):
        assert m[k]["false_positive_prefixes"] == 0, (c, k, m[k])
    assert m["efp-b"]["spoofable_ipv4_addresses"] >= m["efp-a"]["spoofable_ipv4_addresses"]
    strict_fails += m["strict"]["false_positive_prefixes"] > 0
assert strict_fails >= 1, "no multihomed customer where strict uRPF fails"
PYEOF
$MANRS sav compare $IN >"$T/cmp.txt" || fail "compare text"
[ "$(grep -c ' efp-a ' "$T/cmp.txt")" = "$(grep -c 'relation: customer' "$L/sav.yml")" ] ||
	fail "compare: one efp-a row per customer: $(cat "$T/cmp.txt")"

# --- relations from as-rel when the config leaves them out ------------------------------
grep -v 'relation:' "$L/sav.yml" >"$T/norel.yml"
$MANRS sav --config "$L/sav.yml" --rib "$L/sav-rib.mrt" --method efp-b --json >"$T/a.json" || fail "efp-b"
$MANRS sav --config "$T/norel.yml" --rib "$L/sav-rib.mrt" --method efp-b --json \
	--as-rel "$L/as-rel.txt" >"$T/b.json" || fail "efp-b with --as-rel"
cmp -s "$T/a.json" "$T/b.json" || fail "relations from as-rel differ from the config's"
$MANRS sav --config "$T/norel.yml" --rib "$L/sav-rib.mrt" --method efp-b --json >"$T/c.json"
cmp -s "$T/a.json" "$T/c.json" && fail "without relations every neighbour is a customer: must differ"

# --- errors ----------------------------------------------------------------------------
$MANRS sav --rib "$L/sav-rib.mrt" >/dev/null 2>"$T/e"
[ $? = 2 ] && grep -q 'config' "$T/e" || fail "no --config: want exit 2: $(cat "$T/e")"
$MANRS sav --config "$L/sav.yml" >/dev/null 2>"$T/e"
[ $? = 2 ] && grep -q 'efp-a needs a RIB' "$T/e" || fail "efp-a without RIB: $(cat "$T/e")"
$MANRS sav $IN --method nope >/dev/null 2>"$T/e"
[ $? = 2 ] || fail "unknown method: want exit 2"
$MANRS sav $IN --format nope >/dev/null 2>"$T/e"
[ $? = 2 ] || fail "unknown format: want exit 2"
$MANRS sav $IN --customer AS1 >/dev/null 2>"$T/e"
[ $? = 2 ] && grep -q "no customer 'AS1'" "$T/e" || fail "unknown customer: $(cat "$T/e")"
printf 'asn: 64500\ncustomers:\n  - {asn: 64501, relation: cousin}\n' >"$T/bad.yml"
$MANRS sav --config "$T/bad.yml" --method irr --irr-db "$L/irr.db" >/dev/null 2>"$T/e"
[ $? = 1 ] && grep -q "bad.yml:3:.*relation must be" "$T/e" || fail "bad sav.yml: $(cat "$T/e")"
$MANRS sav --config "$L/sav.yml" --rib "$T/missing.mrt" >/dev/null 2>"$T/e"
[ $? = 1 ] && grep -q "missing.mrt" "$T/e" || fail "missing RIB: $(cat "$T/e")"
$MANRS sav --config "$L/sav.yml" --rib "$L/updates.mrt" >/dev/null 2>"$T/e"
[ $? = 1 ] && grep -q "updates.mrt: no RIB entries" "$T/e" && grep -q "ignored" "$T/e" ||
	fail "updates as --rib: $(cat "$T/e")"
$MANRS sav scan x.pcap >/dev/null 2>&1
[ $? -le 2 ] || fail "sav scan dispatch"
echo "ok: formats, nftables, JSON contract, irr = irr filter, compare, errors"
exit 0
