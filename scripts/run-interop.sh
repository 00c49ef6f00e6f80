#!/bin/sh
# SPDX-License-Identifier: ISC
# Run tests/interop/*.sh. Each exits 0 (pass), 77 (skipped: peer or data
# missing, with a reason on stdout) or anything else (fail).
BUILD=${1:-build}
export MANRS="$(pwd)/$BUILD/manrs" SHARED="${SHARED:-$(cd .. && pwd)/shared}"
pass=0; skip=0; fail=0; failed=""
for t in tests/interop/*.sh; do
	[ -x "$t" ] || continue
	out=$(timeout 600 "$t" 2>&1); rc=$?
	case $rc in
	0) pass=$((pass + 1)); echo "ok   $t";;
	77) skip=$((skip + 1)); echo "skip $t: $(echo "$out" | tail -1)";;
	*) fail=$((fail + 1)); failed="$failed $t"; echo "FAIL $t (rc $rc)"; echo "$out" | tail -40;;
	esac
done
echo "interop: $pass passed, $skip skipped, $fail failed$failed"
[ "$fail" = 0 ]
