#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/rov.sh - route origin validation speed: manrs vs rtrlib's pfx_table
# (librtr-dev) on the same VRPs and the same ~1.15M routes, in one run.
#   VRPs:   the real rpki-client snapshot (723k) in ../shared/data, else
#           gen_vrps.py --count 800000
#   routes: RouteViews prefix->origin tables (pyasn 2014 IPv4 + 2015 v4/v6)
# Both sides first read everything, then time only the validation loop
# (ROUNDS passes); whole-run wall time and peak RSS come from /usr/bin/time.
# The real 2025 rpki-client snapshot is past its per-VRP "expires" by now;
# manrs drops expired entries by default: keep them for this comparison.
export MANRS_IGNORE_EXPIRES=1
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MANRS=${MANRS:-$ROOT/build/manrs}
SHARED=${SHARED:-$ROOT/../shared}
ROUNDS=${ROUNDS:-3}
[ -x "$MANRS" ] || { echo "rov: build manrs first ($MANRS)"; exit 1; }
[ -r /usr/include/rtrlib/rtrlib.h ] || { echo "rov: skipped: librtr-dev not installed"; exit 0; }
[ -x /usr/bin/time ] || { echo "rov: skipped: /usr/bin/time (package time) missing"; exit 0; }
RIB4="$SHARED/data/ribs-text/pyasn-ipasn/ipasn_20140513.dat.gz"
RIB6="$SHARED/data/ribs-text/pyasn-ipasn/ipasn6_20151101.dat.gz"
[ -r "$RIB4" ] && [ -r "$RIB6" ] || { echo "rov: skipped: $SHARED/data/ribs-text absent"; exit 0; }
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

VRPS="$SHARED/data/rpki/rpkilog-rpki-client-2025-07-20/rpkiclient_summary_20250720T093135Z.json.bz2"
if [ -r "$VRPS" ]; then
	"$MANRS" rpki export -q --vrps "$VRPS" --format json -o "$T/vrps.json" || exit 1
else
	nice python3 "$SHARED/tools/gen_vrps.py" --count 800000 --aspa 2000 "$T/vrps.json" >/dev/null || exit 1
fi
"$MANRS" rpki export -q --vrps "$T/vrps.json" --format csv -o "$T/vrps.csv" || exit 1
zcat "$RIB4" "$RIB6" | grep -v '^;' >"$T/routes.txt"
cc -O2 -o "$T/rov_rtrlib" "$ROOT/bench/rov_rtrlib.c" -lrtr || exit 1

echo "rov: $(grep -c . "$T/vrps.csv") VRP lines, $(wc -l <"$T/routes.txt") routes, $ROUNDS rounds"
/usr/bin/time -f '%e %M' -o "$T/t.rtrlib" "$T/rov_rtrlib" "$T/vrps.csv" "$T/routes.txt" "$ROUNDS" \
	>"$T/o.rtrlib" 2>"$T/e.rtrlib" || { echo "rov: rtrlib harness failed"; exit 1; }
# Loading the set alone: manrs from JSON, rtrlib's table from the same VRPs.
/usr/bin/time -f '%e %U %M' -o "$T/t.load" "$MANRS" rpki info -q --vrps "$T/vrps.json" >/dev/null
set -- $(tail -n1 "$T/t.load")
echo "load   manrs: $2 s CPU ($1 s wall), peak RSS $(($3 / 1024)) MB for the JSON set"
echo "load   $(grep 'loaded' "$T/e.rtrlib") into pfx_table (CSV parse included)"
/usr/bin/time -f '%e %M' -o "$T/t.manrs" "$MANRS" rpki validate -q --vrps "$T/vrps.json" \
	--input "$T/routes.txt" --bench "$ROUNDS" >"$T/o.manrs" || { echo "rov: manrs failed"; exit 1; }
# The ordinary streaming command (load, parse, validate, summarise).
/usr/bin/time -f '%e %M' -o "$T/t.stream" "$MANRS" rpki validate -q --vrps "$T/vrps.json" \
	--input "$T/routes.txt" >/dev/null

field() { sed -n "s/.* $2 \([0-9.]*\).*/\1/p" "$1"; }
echo "rtrlib: $(cat "$T/o.rtrlib")"
echo "manrs:  $(cat "$T/o.manrs")"
a=$(sed 's/ seconds.*//' "$T/o.rtrlib"); b=$(sed 's/ seconds.*//' "$T/o.manrs")
[ "$a" = "$b" ] && echo "states: identical counts" || echo "states: DIFFERENT counts (see above)"
rr=$(field "$T/o.rtrlib" routes_per_s); mr=$(field "$T/o.manrs" routes_per_s)
# /usr/bin/time puts "Command exited with non-zero status" first when the
# command found invalid routes (exit 1): the figures are on the last line.
set -- $(tail -n1 "$T/t.rtrlib") $(tail -n1 "$T/t.manrs") $(tail -n1 "$T/t.stream")
rt=$1 rm=$2 mt=$3 mm=$4 st=$5 sm=$6
awk -v rr="$rr" -v mr="$mr" -v rt="$rt" -v rm="$rm" -v mt="$mt" -v mm="$mm" -v st="$st" -v sm="$sm" 'BEGIN {
	printf "validation  rtrlib %.2fM routes/s  manrs %.2fM routes/s  ratio %.1fx\n", rr/1e6, mr/1e6, mr/rr
	printf "whole run   rtrlib %.2f s %d MB  manrs %.2f s %d MB  (time %.1fx, RSS %.1fx less)\n", rt, rm/1024, mt, mm/1024, rt/mt, rm/mm
	printf "manrs rpki validate --input (streaming, one pass): %.2f s, %d MB\n", st, sm/1024
}'
