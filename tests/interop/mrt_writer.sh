#!/bin/sh
# SPDX-License-Identifier: ISC
# mrt_writer.sh - MRT files written by lib/bgp/mrt_write (through
# `manrs lab generate`: a TABLE_DUMP_V2 RIB with IPv4 and IPv6 peers and
# BGP4MP_MESSAGE_AS4 updates) are read by Debian's bgpdump without a single
# warning, and `manrs mrt dump -m` prints exactly what bgpdump prints.
set -u
MANRS=${MANRS:-build/manrs}
command -v bgpdump >/dev/null 2>&1 || { echo "skip: bgpdump not installed"; exit 77; }
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
if ! timeout 60 "$MANRS" lab generate "$T/lab" --seed 7 -q >"$T/lab.log" 2>&1; then
	echo "skip: manrs lab generate failed: $(tail -1 "$T/lab.log")"
	exit 77
fi
fail=0
for f in rib.mrt updates.mrt; do
	[ -s "$T/lab/$f" ] || { echo "FAIL $f not written"; fail=1; continue; }
	timeout 60 bgpdump -v -m "$T/lab/$f" >"$T/bd" 2>"$T/bd.err"
	if grep -v 'logging to' "$T/bd.err" | grep -q .; then
		echo "FAIL bgpdump complained about $f:"; head -3 "$T/bd.err"; fail=1
	fi
	timeout 60 "$MANRS" mrt dump -m "$T/lab/$f" >"$T/mx" 2>"$T/mx.err" || {
		echo "FAIL manrs warned on $f:"; head -3 "$T/mx.err"; fail=1; }
	n=$(wc -l <"$T/bd")
	[ "$n" -gt 0 ] || { echo "FAIL bgpdump printed nothing for $f"; fail=1; }
	# Both families must be exercised (IPv6 via MP_REACH_NLRI).
	if [ "$(grep -c '|[0-9a-f]*:[0-9a-f:]*/[0-9]*|' "$T/bd")" = 0 ]; then
		echo "FAIL no IPv6 routes in $f"; fail=1
	fi
	if cmp -s "$T/bd" "$T/mx"; then
		echo "ok   $f: $n identical lines"
	else
		echo "FAIL $f differs"; diff "$T/bd" "$T/mx" | head -4; fail=1
	fi
done
exit $fail
