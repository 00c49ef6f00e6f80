#!/bin/sh
# SPDX-License-Identifier: ISC
# check-symbols.sh [BUILD]: no two objects of libmanrs.a define the same
# global symbol, and none is also defined by a shared library manrs links.
# The linker takes the first definition it finds and never says so: two
# modules each defining pdb_free() gave one of them the other's code (and
# its struct layout), and our json_string() would shadow jansson's for any
# module that calls jansson's.
BUILD=${1:-build}
ours=$(nm -g --defined-only "$BUILD/libmanrs.a" 2>/dev/null | awk '$2 ~ /^[TDBRV]$/ { print $3 }' | sort)
shared=""
for so in $(ldd "$BUILD/manrs" 2>/dev/null | awk '$3 ~ /^\// { print $3 }'); do
	case $so in */libc.so* | */libm.so* | */ld-linux*) continue;; esac
	clash=$(nm -D --defined-only "$so" 2>/dev/null | awk '{ sub(/@.*/, "", $3); print $3 }' | sort -u |
		comm -12 - "$(printf '%s\n' "$ours" | sort -u >"$BUILD/.symbols" && echo "$BUILD/.symbols")")
	[ -n "$clash" ] && shared="$shared
  $(basename "$so"): $(echo $clash)"
done
rm -f "$BUILD/.symbols"
dups=$(printf '%s\n' "$ours" | uniq -d)
[ -z "$dups$shared" ] && { echo "symbols: every global symbol of libmanrs.a is defined once, and by no linked library"; exit 0; }
[ -n "$shared" ] && echo "symbols: also defined by a linked shared library:$shared" >&2
[ -z "$dups" ] && exit 1
echo "symbols: defined in more than one object of $BUILD/libmanrs.a:" >&2
for s in $dups; do
	printf '  %s:' "$s" >&2
	nm -A -g --defined-only "$BUILD/libmanrs.a" 2>/dev/null | awk -v s="$s" '$NF == s { split($1, a, ":"); printf " %s", a[2] }' >&2
	echo >&2
done
exit 1
