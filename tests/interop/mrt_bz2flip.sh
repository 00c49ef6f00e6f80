#!/bin/sh
# SPDX-License-Identifier: ISC
# mrt_bz2flip.sh - single bit flips in a bzip2-compressed MRT file: every
# flip that `bzip2 -t` rejects must make `manrs mrt dump` fail (exit 1) with
# a bzip2 error ("bzip2 CRC error at block N (offset X)" for a damaged
# block), and what was printed before must be a prefix of the true output:
# no route from a damaged block, ever. Flips bzip2 -t accepts (padding bits)
# must change nothing. Bounded: 40 flips, fixed seed.
set -u
MANRS=${MANRS:-build/manrs}
command -v bzip2 >/dev/null 2>&1 || { echo "skip: bzip2 not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
"$MANRS" lab generate "$T/lab" -q || { echo "FAIL lab generate"; exit 1; }
# Enough data for several 100k blocks at level 1.
for i in 1 2 3 4 5 6 7 8; do cat "$T/lab/updates.mrt" "$T/lab/rib.mrt"; done >"$T/in.mrt"
bzip2 -1 -c "$T/in.mrt" >"$T/in.bz2"
"$MANRS" mrt dump -m "$T/in.bz2" >"$T/good" 2>/dev/null || { echo "FAIL clean file"; exit 1; }
fail=0 rejected=0 crc=0
for k in $(seq 1 40); do
	python3 - "$T/in.bz2" "$T/bad.bz2" "$k" <<'PY'
import random, sys
d = bytearray(open(sys.argv[1], 'rb').read())
r = random.Random(int(sys.argv[3]) * 7919)
pos = r.randrange(4, len(d))
d[pos] ^= 1 << r.randrange(8)
open(sys.argv[2], 'wb').write(d)
PY
	bzip2 -t "$T/bad.bz2" 2>/dev/null; t=$?
	timeout 60 "$MANRS" mrt dump -m "$T/bad.bz2" >"$T/out" 2>"$T/err"; m=$?
	n=$(wc -c <"$T/out")
	if ! head -c "$n" "$T/good" | cmp -s - "$T/out"; then
		echo "FAIL flip $k: output is not a prefix of the true output"; fail=1
	fi
	if [ $t -ne 0 ]; then
		rejected=$((rejected + 1))
		if [ $m -ne 1 ] || ! grep -q 'bzip2' "$T/err"; then
			echo "FAIL flip $k: bzip2 -t rejects it, manrs exit $m: $(head -c 200 "$T/err")"; fail=1
		fi
		grep -q 'bzip2 CRC error at block [0-9]* (offset [0-9]*)' "$T/err" && crc=$((crc + 1))
	elif ! cmp -s "$T/good" "$T/out"; then
		echo "FAIL flip $k: bzip2 -t accepts it but the output changed"; fail=1
	fi
done
[ $crc -gt 0 ] || { echo "FAIL no flip reported as a block CRC error"; fail=1; }
[ $fail = 0 ] && echo "ok: 40 flips, $rejected rejected by bzip2 -t, all failed in manrs ($crc as block CRC errors); output always a prefix"
exit $fail
