#!/bin/sh
# SPDX-License-Identifier: ISC
# bmp_pcap.sh - real router BMP captures (Cisco, Huawei, 6WIND/FRR; pmacct's
# test suite in ../shared/data/bmp) decoded by 'manrs bmp decode' must give
# what pmacct's expected JSON says: Initiation, Peer Up/Down, Statistics,
# Route Monitoring routes and attributes, End-of-RIB, Loc-RIB (details and
# the few known differences in bmp_pcap.py). The load-test captures without
# expected output (208) must decode without a crash, every message framed.
set -u
MANRS=${MANRS:-build/manrs}
SHARED=${SHARED:-$(cd "$(dirname "$0")/../../.." && pwd)/shared}
HERE=$(cd "$(dirname "$0")" && pwd)
D="$SHARED/data/bmp/pmacct-tests"
[ -d "$D" ] || { echo "skip: $D not present (shared data absent)"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
fail=0 n=0
for t in "$D"/20*; do
	[ -f "$t/output-bmp-00.json" ] || continue
	# 206 (high availability) expects no message at all: pmacct's HA mode.
	grep -q '"bmp_msg_type"' "$t/output-bmp-00.json" || continue
	n=$((n + 1))
	timeout 300 python3 "$HERE/bmp_pcap.py" "$MANRS" "$t" || fail=1
done
# 208's captures split one session over four files (Peer Ups in one, routes
# in another), so ADD-PATH NLRI of the routes file cannot be read without
# the OPENs: those are reported, not guessed. Every message must frame and
# decode; nothing else may be reported.
for p in "$D"/208-*/*.pcap; do
	[ -f "$p" ] || continue
	out=$(timeout 300 "$MANRS" bmp decode --json "$p" 2>&1 >/dev/null)
	rc=$?
	bad=$(printf '%s\n' "$out" | grep ': offset ' | grep -v 'labelled NLRI: label stack overruns' | head -3)
	if [ $rc -gt 1 ] || [ -n "$bad" ]; then
		echo "FAIL $p (exit $rc): $bad"; fail=1
	else
		echo "ok   $(basename "$p"): every message decoded ($(printf '%s\n' "$out" | grep -c 'labelled NLRI') ADD-PATH VPN runs without their Peer Up)"
	fi
done
[ $n -gt 0 ] || { echo "skip: no pmacct BMP test with expected output in $D"; exit 77; }
exit $fail
