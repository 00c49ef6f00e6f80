#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/mrt.sh - `bgpdump -m` vs `manrs mrt dump -m` on the same MRT files
# (plain, gzip, bzip2; BGP4MP updates and a TABLE_DUMP_V2 RIB), one run
# each, with time and peak-RSS ratios and an output identity check; then
# manrs' raw parse throughput (--count: no output) in elements/s and MB/s.
#
# Inputs come from ../shared/tools/gen_mrt.py (fixed seed) and are cached in
# $MRT_BENCH_DIR (default /tmp/manrs-bench-mrt), outside git.
# bgpdump runs with MALLOC_TOP_PAD_=64MiB: without it glibc trims the heap
# after every IPv6 RIB record and bgpdump is ~20x slower on RIBs (PEERS.md);
# we report the fair, fast number.
set -u
MANRS=${MANRS:-build/manrs}
SHARED=${SHARED:-../shared}
DIR=${MRT_BENCH_DIR:-/tmp/manrs-bench-mrt}
GEN=$SHARED/tools/gen_mrt.py
command -v bgpdump >/dev/null 2>&1 || { echo "skip: bgpdump not installed"; exit 0; }
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 0; }
mkdir -p "$DIR" || exit 1

if [ ! -s "$DIR/updates-1M.mrt" ]; then
	[ -f "$GEN" ] || { echo "skip: $GEN absent"; exit 0; }
	echo "generating updates-1M.mrt (about a minute)"
	nice python3 "$GEN" updates "$DIR/updates-1M.mrt" --count 1000000 >/dev/null || exit 1
fi
if [ ! -s "$DIR/rib.mrt" ]; then
	echo "generating rib.mrt (about three minutes)"
	nice python3 "$GEN" rib "$DIR/rib.mrt" --peers 4 --v4 500000 --v6 100000 >/dev/null || exit 1
fi
[ -s "$DIR/updates-1M.mrt.gz" ] || nice gzip -1 -c "$DIR/updates-1M.mrt" >"$DIR/updates-1M.mrt.gz"
[ -s "$DIR/updates-1M.mrt.bz2" ] || nice bzip2 -c "$DIR/updates-1M.mrt" >"$DIR/updates-1M.mrt.bz2"
[ -s "$DIR/rib.mrt.gz" ] || nice gzip -1 -c "$DIR/rib.mrt" >"$DIR/rib.mrt.gz"

# calc EXPR: floating point arithmetic without bc (awk is always there).
calc() { awk "BEGIN { print $1 }"; }

T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

# measure OUT CMD...: "wall cpu peakKB" of CMD (stdout to OUT); cpu is
# user+system, which a loaded shared machine distorts far less than wall.
measure() {
	out=$1; shift
	/usr/bin/time -o "$T/time" -f '%e %U %S %M' "$@" >"$out" 2>/dev/null
	set -- $(cat "$T/time")
	echo "$1 $(calc "$2 + $3") $4"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '%-20s %8s %8s %7s %8s %8s %7s %9s %9s %6s  %s\n' file bd_wall m_wall wall_x bd_cpu m_cpu cpu_x bd_KB m_KB mem_x identical
status=0
for f in updates-1M.mrt updates-1M.mrt.gz updates-1M.mrt.bz2 rib.mrt rib.mrt.gz; do
	set -- $(MALLOC_TOP_PAD_=67108864 measure "$T/bd" bgpdump -m "$DIR/$f")
	bt=$1 bc_=$2 bm=$3
	set -- $(measure "$T/mx" "$MANRS" mrt dump -m "$DIR/$f")
	mt=$1 mc=$2 mm=$3
	if cmp -s "$T/bd" "$T/mx"; then same=yes; else same=NO; status=1; fi
	lines=$(wc -l <"$T/mx")
	rm -f "$T/bd" "$T/mx"
	printf '%-20s %8s %8s %6.1fx %8.2f %8.2f %6.1fx %9s %9s %5.2fx  %s (%s lines)\n' "$f" "$bt" "$mt" \
		"$(calc "$bt / ($mt + 0.005)")" "$bc_" "$mc" "$(calc "$bc_ / ($mc + 0.005)")" \
		"$bm" "$mm" "$(calc "$bm / $mm")" "$same" "$lines"
done

echo
echo "raw parse throughput (manrs mrt dump --count, best of 3, output off):"
for f in updates-1M.mrt rib.mrt; do
	best=
	for i in 1 2 3; do
		/usr/bin/time -o "$T/time" -f '%e %U %S' "$MANRS" mrt dump --count "$DIR/$f" >"$T/count" 2>/dev/null
		set -- $(cat "$T/time")
		cpu=$(calc "$2 + $3")
		if [ -z "$best" ] || [ "$(calc "$1 < $best")" = 1 ]; then best=$1 bestcpu=$cpu; fi
	done
	n=$(cat "$T/count")
	mb=$(calc "$(stat -c %s "$DIR/$f") / 1000000")
	printf '%-16s %8.1f MB %10s elements  wall %6ss  %6.2f M elem/s  %7.0f MB/s  (cpu %ss: %.0f MB/s)\n' \
		"$f" "$mb" "$n" "$best" "$(calc "$n / ($best + 0.001) / 1000000")" "$(calc "$mb / ($best + 0.001)")" \
		"$bestcpu" "$(calc "$mb / ($bestcpu + 0.001)")"
done
exit $status
