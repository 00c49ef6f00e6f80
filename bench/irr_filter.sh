#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/irr_filter.sh - a 50,000-AS as-set (gen_rpsl.py 100000: AS-TOP)
# expanded and aggregated (-A) to a prefix list: bgpq4 against `manrs irr
# serve`, `manrs irr filter -h` against the same server, and `manrs irr
# filter --db` straight from the dump (load included, then the
# expansion alone from -d). Prints wall time and peak RSS, and the ratios.
# Port 18480. Needs bgpq4 and python3 (for the generator).
set -u
MANRS=${MANRS:-build/manrs}
SHARED=${SHARED:-../shared}
N=${N:-100000}
command -v bgpq4 >/dev/null 2>&1 || { echo "skip: bgpq4 not installed"; exit 0; }
[ -f "$SHARED/tools/gen_rpsl.py" ] || { echo "skip: $SHARED/tools/gen_rpsl.py absent"; exit 0; }
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$pid" ] && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

nice python3 "$SHARED/tools/gen_rpsl.py" "$N" "$tmp/big.db" || exit 1
"$MANRS" irr serve -q -l 127.0.0.1:18480 "$tmp/big.db" >"$tmp/serve.log" 2>&1 &
pid=$!
i=0
until python3 -c "import socket; socket.create_connection(('127.0.0.1',18480),0.2)" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 600 ] && { echo "manrs irr serve did not start"; exit 1; }; sleep 0.1
done

run() { # label command...
	label=$1; shift
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >"$tmp/out.$label" 2>"$tmp/err.$label"
	set -- $(tail -1 "$tmp/time")
	eval "t_$label=$1 m_$label=$2"
	printf '%-34s %8s s %8s KB  %s lines\n' "$label" "$1" "$2" "$(wc -l <"$tmp/out.$label")"
}
echo "AS-TOP from gen_rpsl.py $N: $("$MANRS" irr filter --db "$tmp/big.db" -t -j AS-TOP | tr ',' '\n' | grep -c '[0-9]') ASNs"
for fam in 4 6; do
	echo "== -$fam -A AS-TOP"
	run bgpq4_via_manrs_serve bgpq4 -h 127.0.0.1:18480 -$fam -A AS-TOP
	run manrs_filter_via_serve "$MANRS" irr filter -h 127.0.0.1:18480 -$fam -A AS-TOP
	run manrs_filter_local "$MANRS" irr filter -d --db "$tmp/big.db" -$fam -A AS-TOP
	cmp -s "$tmp/out.bgpq4_via_manrs_serve" "$tmp/out.manrs_filter_via_serve" && \
		cmp -s "$tmp/out.bgpq4_via_manrs_serve" "$tmp/out.manrs_filter_local" && echo "outputs identical" || echo "OUTPUTS DIFFER"
	sed -n 's/^manrs irr filter: //p' "$tmp/err.manrs_filter_local"
	awk -v a="$t_bgpq4_via_manrs_serve" -v b="$t_manrs_filter_via_serve" -v c="$t_manrs_filter_local" \
	    -v ma="$m_bgpq4_via_manrs_serve" -v mb="$m_manrs_filter_via_serve" 'BEGIN {
		printf "time ratio bgpq4 / manrs (same server): %.2f   RSS ratio: %.2f\n", a / (b > 0 ? b : 0.01), ma / mb
		printf "time ratio bgpq4 via server / manrs local (with load): %.2f\n", a / (c > 0 ? c : 0.01) }'
done
