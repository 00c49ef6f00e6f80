#!/bin/bash
# SPDX-License-Identifier: ISC
# bench/sav.sh - anti-spoofing filters:
#  1. method irr for K customers (AS-SETs of a gen_rpsl.py 80000-AS dump):
#     'manrs sav --method irr' (load + expand + aggregate, one process)
#     beside the anchor, bgpq4 listing the same customers' AS-SET prefixes
#     (-4 and -6 per customer) from 'manrs irr serve' with the same dump;
#     both lists, aggregated, must cover the same space;
#  2. every method over the largest lab ('--ases 2000'): sav compare, and
#     efp-a as nftables (time and peak RSS);
#  3. with SAV_BENCH_FULL=1, a full-table-sized synthetic Adj-RIB-In
#     (gen_mrt.py, ~4.8M routes from 4 neighbours): efp-a, strict, compare.
# Usage: bench/sav.sh [BUILD]   (port 18432 on 127.0.0.1; run in a private
# network namespace: unshare -n sh -c 'ip link set lo up; bench/sav.sh')
set -u
BUILD=${1:-build}
MANRS=${MANRS:-$(pwd)/$BUILD/manrs}
SHARED=${SHARED:-$(cd .. && pwd)/shared}
N=${SAV_BENCH_ASES:-80000}
K=${SAV_BENCH_CUSTOMERS:-200}
PORT=18432
[ -x "$MANRS" ] || { echo "bench/sav: build $MANRS first"; exit 1; }
T=$(mktemp -d /tmp/bench_sav.XXXXXX)
SPID=""
cleanup() { [ -n "$SPID" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
TIME="/usr/bin/time -f %e:%M:%U:%S"
calc() { awk "BEGIN { printf \"%.4f\", $1 }"; }

# run LABEL CMD... : wall, CPU and peak RSS; output kept in $T/out
run() {
	local label=$1; shift
	nice $TIME -o "$T/time" "$@" >"$T/out" 2>"$T/err" || { echo "  $label: FAILED"; tail -3 "$T/err"; return 1; }
	W=$(cut -d: -f1 "$T/time"); R=$(cut -d: -f2 "$T/time")
	C=$(calc "$(cut -d: -f3 "$T/time") + $(cut -d: -f4 "$T/time")")
	printf '  %-50s %7.2f s wall %6.2f s cpu %8.1f MB\n' "$label" "$W" "$C" "$(calc "$R / 1024")"
}

echo "== method irr: $K customers' AS-SETs from a $N-AS RPSL dump"
if command -v python3 >/dev/null && [ -f "$SHARED/tools/gen_rpsl.py" ]; then
	python3 "$SHARED/tools/gen_rpsl.py" "$N" "$T/gen.db" || exit 1
	grep '^as-set: *AS[0-9]*:AS-CUST' "$T/gen.db" | head -n "$K" | awk '{ print $2 }' >"$T/sets"
	{
		echo "asn: 64500"
		echo "customers:"
		awk -F: '{ s = $0; a = $1; sub(/^AS/, "", a); printf "  - {name: c%d, asn: %s, as_set: \"%s\", interface: eth%d}\n", NR, a, s, NR }' "$T/sets"
	} >"$T/sav.yml"
	run "manrs sav --method irr --json ($K customers)" "$MANRS" sav --config "$T/sav.yml" \
		--method irr --irr-db "$T/gen.db" --json
	cp "$T/out" "$T/ours.json"
	MW=$W MC=$C
	if command -v bgpq4 >/dev/null; then
		"$MANRS" irr serve -q -l 127.0.0.1:$PORT --check-interval 0 "$T/gen.db" 2>"$T/serve.log" &
		SPID=$!
		for _ in $(seq 1 100); do bgpq4 -h 127.0.0.1:$PORT -4 -F '%n/%l\n' AS-SMALL >/dev/null 2>&1 && break; sleep 0.2; done
		run "bgpq4 -4 and -6 per customer ($K x 2 runs)" bash -c "
			while read -r s; do
				bgpq4 -h 127.0.0.1:$PORT -4 -F '%n/%l\n' \"\$s\" || exit 1
				bgpq4 -h 127.0.0.1:$PORT -6 -F '%n/%l\n' \"\$s\" || exit 1
			done <'$T/sets'"
		echo "  ratio bgpq4 / manrs sav: wall $(calc "$W / ($MW + 0.001)"), cpu $(calc "$C / ($MC + 0.001)")" \
			"(bgpq4 runs against a server that loaded the dump once; manrs loads it per run)"
		python3 - "$T/ours.json" "$T/out" <<'PYEOF' || echo "  MISMATCH: the lists differ"
import ipaddress, json, sys
ours = [ipaddress.ip_network(p) for c in json.load(open(sys.argv[1]))["customers"] for p in c["ipv4"] + c["ipv6"]]
theirs = [ipaddress.ip_network(l.strip()) for l in open(sys.argv[2]) if l.strip()]
agg = lambda ns: sorted(str(n) for v in (4, 6) for n in ipaddress.collapse_addresses([x for x in ns if x.version == v]))
same = agg(ours) == agg(theirs)
print(f"  same space: {same} ({len(theirs)} bgpq4 lines, {len(ours)} aggregated manrs entries)")
sys.exit(0 if same else 1)
PYEOF
	else
		echo "  (bgpq4 not installed: no anchor)"
	fi
else
	echo "  (python3 or $SHARED/tools/gen_rpsl.py missing: skipped)"
fi

echo "== every method on the largest lab (2000 ASes)"
"$MANRS" lab generate -q "$T/lab" --ases 2000 >/dev/null 2>&1 || "$MANRS" lab generate "$T/lab" --ases 2000 >/dev/null
L=$T/lab
echo "  ($(grep -c 'relation: customer' "$L/sav.yml") customers, $("$MANRS" mrt dump "$L/sav-rib.mrt" | wc -l) Adj-RIB-In routes)"
run "manrs sav compare (7 methods)" "$MANRS" sav compare --config "$L/sav.yml" --rib "$L/sav-rib.mrt" \
	--rpki "$L/vrps.json" --irr-db "$L/irr.db"
run "manrs sav --method efp-a (nftables)" "$MANRS" sav --config "$L/sav.yml" --rib "$L/sav-rib.mrt"
run "manrs sav --method bar-sav (nftables)" "$MANRS" sav --config "$L/sav.yml" --rib "$L/sav-rib.mrt" \
	--rpki "$L/vrps.json" --method bar-sav

# --- 3. a full-table-sized Adj-RIB-In (gen_mrt.py: 4 peers, 1M IPv4 + 230k IPv6,
# about 4.8M routes; generating it takes minutes, so only with SAV_BENCH_FULL=1)
if [ "${SAV_BENCH_FULL:-0}" = 1 ] && [ -f "$SHARED/tools/gen_mrt.py" ]; then
	echo "== full-size RIB: 4 neighbours (2 customers, a peer, a provider), ~4.8M routes"
	python3 "$SHARED/tools/gen_mrt.py" rib "$T/big.mrt" --peers 4 --v4 1000000 --v6 230000 >/dev/null || exit 1
	peers=$("$MANRS" mrt dump "$T/big.mrt" | head -100000 | awk -F'|' '{ print $5 }' | sort -un | head -4)
	set -- $peers
	{
		echo "asn: 64500"
		echo "customers:"
		echo "  - {name: c$1, asn: $1, interface: eth1}"
		echo "  - {name: c$2, asn: $2, interface: eth2}"
		echo "  - {name: p$3, asn: $3, relation: peer, interface: eth3}"
		echo "  - {name: t$4, asn: $4, relation: provider, interface: eth4}"
	} >"$T/big.yml"
	run "manrs sav --method efp-a --json" "$MANRS" sav --config "$T/big.yml" --rib "$T/big.mrt" --json
	run "manrs sav --method strict --json" "$MANRS" sav --config "$T/big.yml" --rib "$T/big.mrt" \
		--method strict --json
	run "manrs sav compare (4 RIB methods)" "$MANRS" sav compare --config "$T/big.yml" --rib "$T/big.mrt"
fi
