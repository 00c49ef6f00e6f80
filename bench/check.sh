#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/check.sh - 'manrs check --all' on a full-size table: every AS of a
# RIB ranked (M1-M8) against VRPs and a large IRR. There is no tool doing
# this to compare with, so the anchor is the time to simply read the same
# MRT input with 'manrs mrt dump' (the floor any such tool pays).
# Sizes (env): PEERS (4) x V4 (250000) + V6 (0) prefixes in the RIB,
# VRPS (800000), RPSL ASes (80000). Goal: the whole --all run under 10 s.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MANRS=${MANRS:-$ROOT/build/manrs}
TOOLS=${TOOLS:-$ROOT/../shared/tools}
PEERS=${PEERS:-4}
V4=${V4:-250000}
V6=${V6:-0}
NVRPS=${VRPS:-800000}
NRPSL=${RPSL:-80000}
[ -x "$MANRS" ] || { echo "check: build manrs first ($MANRS)"; exit 1; }
[ -r "$TOOLS/gen_mrt.py" ] || { echo "check: skipped: $TOOLS absent"; exit 0; }
[ -x /usr/bin/time ] || { echo "check: skipped: /usr/bin/time missing"; exit 0; }
# BENCH_DIR=dir keeps the generated inputs there (and reuses them next time)
if [ -n "${BENCH_DIR:-}" ]; then
	T=$BENCH_DIR
	mkdir -p "$T" || exit 1
else
	T=$(mktemp -d) || exit 1
	trap 'rm -rf "$T"' EXIT INT TERM
fi
echo "inputs: RIB $PEERS peers x $V4 v4 + $V6 v6, $NVRPS VRPs, RPSL $NRPSL ASes"
[ -s "$T/rib.mrt" ] ||
	python3 "$TOOLS/gen_mrt.py" --peers "$PEERS" --v4 "$V4" --v6 "$V6" rib "$T/rib.mrt" >/dev/null ||
	exit 1
[ -s "$T/vrps.json" ] || python3 "$TOOLS/gen_vrps.py" --count "$NVRPS" "$T/vrps.json" >/dev/null ||
	exit 1
[ -s "$T/irr.db" ] || python3 "$TOOLS/gen_rpsl.py" "$NRPSL" "$T/irr.db" >/dev/null || exit 1
ls -l "$T/rib.mrt" "$T/vrps.json" "$T/irr.db"
# t NAME CMD...: run, print wall, CPU and peak RSS; the wall time goes to $T/wall
t() {
	name=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$T/time" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	read -r wall user sys rss <"$T/time"
	printf '%-28s exit %d  %6.2f s wall  %6.2f s CPU  %6d MB\n' "$name" "$rc" "$wall" \
		"$(echo "$user + $sys" | bc)" $((rss / 1024))
	echo "$wall" >"$T/wall"
}
t "mrt dump (anchor: read only)" "$MANRS" mrt dump -m "$T/rib.mrt"
w0=$(cat "$T/wall")
echo "  $(wc -l <"$T/out") lines"
t "check --all" "$MANRS" check --all --rib "$T/rib.mrt" --vrps "$T/vrps.json" --irr "$T/irr.db"
w1=$(cat "$T/wall")
echo "  ASes ranked: $(($(wc -l <"$T/out") - 1)); $(tail -1 "$T/err")"
echo "check --all / mrt dump: $(echo "scale=2; $w1 / $w0" | bc)x the time to read the input;" \
	"goal < 10 s: $(echo "$w1 < 10" | bc | sed 's/1/met/;s/0/not met/')"
# gen_mrt.py draws path ASNs at random, many from IANA-reserved ranges: the
# bogon detector then opens an alert for most routes, which no real table
# does. The same run without the bogon lists shows the cost without that storm.
t "check --all --no-bogons" "$MANRS" check --all --no-bogons --rib "$T/rib.mrt" \
	--vrps "$T/vrps.json" --irr "$T/irr.db"
w2=$(cat "$T/wall")
echo "  $(tail -1 "$T/err")"
echo "without the bogon-ASN alert storm: $(echo "scale=2; $w2 / $w0" | bc)x;" \
	"goal < 10 s: $(echo "$w2 < 10" | bc | sed 's/1/met/;s/0/not met/')"
