#!/bin/sh
# SPDX-License-Identifier: ISC
# manrs lab generate: wall time and peak RSS for the default lab (300 ASes)
# and the largest (2000 ASes), against the anchor ../shared/tools/gen_mrt.py
# writing a TABLE_DUMP_V2 RIB with the same number of peers and prefixes.
# The anchor writes only that RIB; the lab also builds the topology, best
# paths, incidents and six other files, so the ratio flatters the anchor.
# bgpdump's read time of the lab's RIB is printed for scale.
# usage: bench/lab.sh [BUILD]   (default BUILD=build)
BUILD=${1:-${BUILD:-build}}
SHARED=${SHARED:-../shared}
MANRS=$BUILD/manrs
[ -x "$MANRS" ] || { echo "bench/lab: $MANRS missing; run make first"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# measure LABEL CMD...: run once, print "LABEL: S s, K KiB"; sets secs, kib.
measure() {
	label=$1
	shift
	/usr/bin/time -f '%e %M' -o "$tmp/t" nice "$@" >/dev/null 2>"$tmp/err" || {
		echo "$label: failed"; cat "$tmp/err"; return 1; }
	read -r secs kib <"$tmp/t"
	echo "$label: $secs s, $kib KiB"
}

for n in 300 2000; do
	measure "manrs lab generate --ases $n" "$MANRS" lab generate "$tmp/lab$n" --ases "$n" -q ||
		exit 1
	lab_secs=$secs lab_kib=$kib
	v4=$(grep -c '^route:' "$tmp/lab$n/irr.db")
	v6=$(grep -c '^route6:' "$tmp/lab$n/irr.db")
	echo "  wrote $(du -sk "$tmp/lab$n" | cut -f1) KiB; rib.mrt $(wc -c <"$tmp/lab$n/rib.mrt") bytes"
	if [ -r "$SHARED/tools/gen_mrt.py" ] && command -v python3 >/dev/null 2>&1; then
		measure "anchor: gen_mrt.py rib --peers 5 --v4 $v4 --v6 $v6" python3 \
			"$SHARED/tools/gen_mrt.py" rib "$tmp/anchor.mrt" --peers 5 --v4 "$v4" --v6 "$v6" ||
			exit 1
		awk -v a="$secs" -v l="$lab_secs" -v ak="$kib" -v lk="$lab_kib" 'BEGIN {
			if (l < 0.01) l = 0.01   # /usr/bin/time resolution
			printf "  ratio anchor/manrs: wall %.1fx, peak RSS %.1fx\n", a / l, ak / lk }'
	fi
	if command -v bgpdump >/dev/null 2>&1; then
		measure "  (for scale: bgpdump -m reading the lab's rib.mrt)" bgpdump -m "$tmp/lab$n/rib.mrt"
	fi
done
