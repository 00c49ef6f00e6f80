#!/bin/sh
# SPDX-License-Identifier: ISC
# mrt_addpath.sh - BIRD-style ADD-PATH dumps (path identifiers under the
# plain BGP4MP_MESSAGE_AS4 subtype, as before RFC 8050) decode to exactly the
# routes of the plain dump: `manrs lab generate` writes the same UPDATEs both
# ways (updates.mrt, updates-addpath.mrt; half the sessions with their OPENs,
# half without). Before the fix the ADD-PATH file printed 0.0.0.0/0 routes.
set -u
MANRS=${MANRS:-build/manrs}
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
fail=0
"$MANRS" lab generate "$T/lab" -q || { echo "FAIL lab generate"; exit 1; }
"$MANRS" mrt dump -m "$T/lab/updates.mrt" >"$T/plain" 2>"$T/err1" || fail=1
"$MANRS" mrt dump -m "$T/lab/updates-addpath.mrt" >"$T/ap" 2>"$T/err2" || fail=1
if [ -s "$T/plain" ] && cmp -s "$T/plain" "$T/ap"; then
	echo "ok   -m: $(wc -l <"$T/ap") routes, identical to the plain dump"
else
	echo "FAIL -m differs from the plain dump"; diff "$T/plain" "$T/ap" | head -5; fail=1
fi
grep -q ':' "$T/ap" && grep -q '|W|' "$T/ap" ||
	{ echo "FAIL lab updates lack IPv6 or withdrawals"; fail=1; }
[ -s "$T/err2" ] && { echo "FAIL warnings:"; head -3 "$T/err2"; fail=1; }
"$MANRS" mrt dump --json "$T/lab/updates-addpath.mrt" |
	grep -o '"addpath":"[a-z]*"' | sort -u | tr '\n' ' ' >"$T/kinds"
if [ "$(cat "$T/kinds")" = '"addpath":"detected" "addpath":"open" ' ]; then
	echo "ok   --json says how ADD-PATH was known: $(cat "$T/kinds")"
else
	echo "FAIL --json addpath kinds: $(cat "$T/kinds")"; fail=1
fi
exit $fail
