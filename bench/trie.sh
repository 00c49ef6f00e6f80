#!/bin/sh
# SPDX-License-Identifier: ISC
# Trie micro-benchmark: inserts/s, exact and longest-match lookups/s and
# bytes per entry for 1M IPv4 + 200k IPv6 prefixes. Real prefixes from
# ../shared/data/ribs-text are used when present, topped up with synthesized
# more-specifics. usage: bench/trie.sh [BUILD]   (default BUILD=build)
BUILD=${1:-${BUILD:-build}}
SHARED=${SHARED:-../shared}
[ -f "$BUILD/libmanrs.a" ] || { echo "bench/trie: $BUILD/libmanrs.a missing; run make first"; exit 1; }
mkdir -p "$BUILD/bench" || exit 1
${CC:-cc} -std=c17 -D_GNU_SOURCE -O2 -g -Ilib -o "$BUILD/bench/trie" bench/trie.c \
	"$BUILD/libmanrs.a" -lzstd -llzma -lbz2 -lz -lm || exit 1
set --
for f in "$SHARED/data/ribs-text/pyasn-ipasn/ipasn_20140513.dat.gz" \
	 "$SHARED/data/ribs-text/pyasn-ipasn/ipasn6_20151101.dat.gz"; do
	[ -r "$f" ] && set -- "$@" "$f"
done
[ $# = 0 ] && echo "(no ribs-text data: synthesized prefixes only)"
/usr/bin/time -f 'wall %e s, peak RSS %M KiB (includes the input lists)' \
	nice "$BUILD/bench/trie" -4 1000000 -6 200000 "$@"
