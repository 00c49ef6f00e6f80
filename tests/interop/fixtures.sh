#!/bin/sh
# SPDX-License-Identifier: ISC
# Expected-output fixtures: every tests/data/NAME.args is run as
# `manrs ARGS` from tests/data and its stdout compared with NAME.out, its exit
# status with NAME.rc (0 when absent). FIXTURES_UPDATE=1 rewrites the files.
# Env: MANRS (binary). No peers, no ports.
set -u
data=$(cd "$(dirname "$0")/../data" && pwd)
MANRS=${MANRS:?set MANRS}
cd "$data" || exit 1
# Exports that carry a time take it from here (reproducible output).
export SOURCE_DATE_EPOCH=1767225600
n=0; bad=0
tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT
for a in *.args; do
	name=${a%.args}
	args=$(cat "$a")
	eval "\"\$MANRS\" $args" >"$tmp" 2>/dev/null
	rc=$?
	n=$((n + 1))
	if [ "${FIXTURES_UPDATE:-}" = 1 ]; then
		cp "$tmp" "$name.out"
		if [ "$rc" = 0 ]; then rm -f "$name.rc"; else echo "$rc" >"$name.rc"; fi
		continue
	fi
	want_rc=0
	[ -f "$name.rc" ] && want_rc=$(cat "$name.rc")
	if ! cmp -s "$tmp" "$name.out"; then
		echo "FAIL $name: output differs (manrs $args)"
		diff -u "$name.out" "$tmp" | head -20
		bad=$((bad + 1))
	elif [ "$rc" != "$want_rc" ]; then
		echo "FAIL $name: exit $rc, want $want_rc (manrs $args)"
		bad=$((bad + 1))
	fi
done
[ "${FIXTURES_UPDATE:-}" = 1 ] && { echo "fixtures: $n rewritten"; exit 0; }
echo "fixtures: $((n - bad)) of $n outputs as expected"
[ "$bad" = 0 ]
