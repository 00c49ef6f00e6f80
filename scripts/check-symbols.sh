#!/bin/sh
# SPDX-License-Identifier: ISC
# check-symbols.sh [BUILD]: no two objects of libmanrs.a define the same
# global symbol. A static library links the first definition it finds and
# never says so: two modules each defining pdb_free() once gave one of
# them the other's code (and its struct layout) without a warning.
BUILD=${1:-build}
dups=$(nm -g --defined-only "$BUILD/libmanrs.a" 2>/dev/null |
	awk '$2 ~ /^[TDBRV]$/ { print $3 }' | sort | uniq -d)
[ -z "$dups" ] && { echo "symbols: every global symbol of libmanrs.a is defined once"; exit 0; }
echo "symbols: defined in more than one object of $BUILD/libmanrs.a:" >&2
for s in $dups; do
	printf '  %s:' "$s" >&2
	nm -A -g --defined-only "$BUILD/libmanrs.a" 2>/dev/null | awk -v s="$s" '$NF == s { split($1, a, ":"); printf " %s", a[2] }' >&2
	echo >&2
done
exit 1
