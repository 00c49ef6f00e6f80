#!/bin/bash
# SPDX-License-Identifier: ISC
# bench/irr.sh - IRR database and whois server:
#  1. load time and peak RSS of 'manrs irr load' for the RPSL dumps in
#     ../shared/data/irr and a gen_rpsl.py 80000-AS file (plain and gzip);
#  2. expanding the large AS-TOP set (tens of thousands of ASNs) to an
#     aggregated prefix list: inside the db, and with 'manrs irr filter -A';
#  3. whois queries per second with bgpq4/bgpq3 as clients of 'manrs irr
#     serve' (bgpq4 with IRRd-4 !a: one query; bgpq3: one !g per ASN), and
#     bgpq4 -> manrs server vs 'manrs irr filter' local (ratio).
# Usage: bench/irr.sh [BUILD]   (port 18420; runs each thing once, niced)
# Wall and CPU (user+sys) time are both printed: on a shared machine the
# CPU time is the fairer figure.
set -u
BUILD=${1:-build}
MANRS=${MANRS:-$(pwd)/$BUILD/manrs}
SHARED=${SHARED:-$(cd .. && pwd)/shared}
N=${IRR_BENCH_ASES:-80000}
PORT=18420
[ -x "$MANRS" ] || { echo "bench/irr: build $MANRS first"; exit 1; }
T=$(mktemp -d /tmp/bench_irr.XXXXXX)
SPID=""
cleanup() { [ -n "$SPID" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
TIME="/usr/bin/time -f %e:%M:%U:%S"

# run LABEL CMD... : prints wall seconds and peak RSS, keeps them in $W/$R
run() {
	local label=$1; shift
	nice $TIME -o "$T/time" "$@" >"$T/out" 2>"$T/err" || { echo "  $label: FAILED"; tail -3 "$T/err"; return 1; }
	W=$(cut -d: -f1 "$T/time"); R=$(cut -d: -f2 "$T/time")
	C=$(calc "$(cut -d: -f3 "$T/time") + $(cut -d: -f4 "$T/time")")
	printf '  %-46s %7.2f s wall %6.2f s cpu %8.1f MB\n' "$label" "$W" "$C" "$(calc "$R / 1024")"
}
calc() { awk "BEGIN { printf \"%.4f\", $1 }"; }
ratio() { printf "%.2f" "$(calc "$1 / ($2 + 0.0001)")"; }

echo "== load (manrs irr load -q FILE)"
for f in "$SHARED"/data/irr/dn42-registry-2023-10-22/dn42-registry-all.rpsl \
	"$SHARED"/data/irr/real-objects/aut-num-AS3257.rpsl \
	"$SHARED"/data/irr/real-objects/ripe-rpki-irr-bgp-stats-ripe-db-route.txt; do
	[ -f "$f" ] && run "$(basename "$f")" "$MANRS" irr load -q "$f"
done
ARIN=$SHARED/data/irr/arin-whois-originas/arin-whois-originas.json.bz2
[ -f "$ARIN" ] && run "arin-whois-originas.json.bz2 (JSON, 117k)" "$MANRS" irr load -q "$ARIN"
TREE=$SHARED/data/irr/dn42-registry-2023-10-22/dn42-registry-data.tar.gz
if [ -f "$TREE" ] && mkdir -p "$T/tree" && tar xzf "$TREE" -C "$T/tree" 2>/dev/null; then
	run "dn42 registry tree ($(find "$T/tree" -type f | wc -l) files)" "$MANRS" irr load -q "$T/tree"
fi
if command -v python3 >/dev/null && [ -f "$SHARED/tools/gen_rpsl.py" ]; then
	python3 "$SHARED/tools/gen_rpsl.py" "$N" "$T/gen.db" || exit 1
	gzip -k -1 "$T/gen.db"
	echo "  (gen_rpsl.py $N: $(du -m "$T/gen.db" | cut -f1) MB, $(grep -c '^route' "$T/gen.db") route objects)"
	run "gen $N ASes (plain)" "$MANRS" irr load -q "$T/gen.db"
	run "gen $N ASes (gzip)" "$MANRS" irr load -q "$T/gen.db.gz"
	grep -E '^(routes|memory)' "$T/out" | sed 's/^/    /'
	routes=$(sed -n 's/^routes *\([0-9]*\).*/\1/p' "$T/out")
	rss_kb=$R
	echo "    RSS per route object (whole process / routes): $(printf %.0f "$(calc "$rss_kb * 1024 / $routes")") bytes"
else
	echo "  gen_rpsl.py or python3 missing: skipping the large benchmarks"; exit 0
fi

echo "== expand AS-TOP to an aggregated prefix list"
run "irr load -e AS-TOP (load + expand)" "$MANRS" irr load -q -e AS-TOP "$T/gen.db"
sed -n 's/^expand *//p' "$T/out" | sed 's/^/    /'
if "$MANRS" irr filter --help >/dev/null 2>&1; then
	run "irr filter --db gen -4 -A AS-TOP (local)" "$MANRS" irr filter --db "$T/gen.db" -4 -A -l X AS-TOP
	LOCAL=$W
	echo "    $(grep -c permit "$T/out") aggregated prefixes"
fi

echo "== whois server (manrs irr serve) with bgpq4/bgpq3 as clients"
"$MANRS" irr serve -q -l 127.0.0.1:$PORT --check-interval 0 "$T/gen.db" 2>"$T/serve.log" &
SPID=$!
for i in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
grep VmHWM /proc/$SPID/status | sed 's/^/  server /'
if command -v bgpq4 >/dev/null; then
	run "bgpq4 -4 -A AS-TOP (!a, 1 query)" timeout 120 bgpq4 -h 127.0.0.1:$PORT -4 -A -l X AS-TOP
	B4=$W
	echo "    $(grep -c permit "$T/out") aggregated prefixes"
	"$MANRS" irr load -q -e AS-TOP "$T/gen.db" >"$T/x"
	asns=$(sed -n 's/^expand *AS-TOP: \([0-9]*\) ASNs.*/\1/p' "$T/x")
	sets=$(sed -n 's/^expand .*prefixes, \([0-9]*\) sets.*/\1/p' "$T/x")
	run "bgpq4 -L 99 -4 -A AS-TOP (!i per set, !g per ASN)" timeout 300 bgpq4 -h 127.0.0.1:$PORT -L 99 -4 -A -l X AS-TOP
	echo "    $((asns + sets + 1)) queries: $(printf %.0f "$(calc "($asns + $sets + 1) / $W")") queries/s (wall)"
	run "bgpq4 -t AS-TOP (!i,1)" timeout 120 bgpq4 -h 127.0.0.1:$PORT -j -t -l X AS-TOP
	[ -n "${LOCAL:-}" ] && echo "  wall ratio bgpq4 via manrs server / manrs irr filter local (which loads the dump each run): $(ratio "$B4" "$LOCAL")x"
fi
if command -v bgpq3 >/dev/null; then
	run "bgpq3 -4 -A AS-TOP (!i,1 + one !g per ASN)" timeout 300 bgpq3 -h 127.0.0.1:$PORT -4 -A -l X AS-TOP
	[ -n "${asns:-}" ] && echo "    $((asns + 2)) queries: $(printf %.0f "$(calc "($asns + 2) / $W")") queries/s (wall)"
fi
grep VmHWM /proc/$SPID/status | sed 's/^/  server after queries /'
exit 0
