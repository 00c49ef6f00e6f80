#!/bin/sh
# SPDX-License-Identifier: ISC
# Run every unit test binary in BUILD/tests; cmocka prints per-test results.
BUILD=${1:-build}
pass=0; fail=0; failed=""
for t in "$BUILD"/tests/test_*; do
	case "$t" in *.d|*.log) continue;; esac
	[ -x "$t" ] || continue
	"$t" >"$t.log" 2>&1; rc=$?
	n=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$t.log")
	if [ $rc = 0 ] && ! grep -q 'ERROR: AddressSanitizer\|runtime error' "$t.log"; then
		pass=$((pass + ${n:-0}))
		echo "ok   $(basename "$t") (${n:-0} tests)"
	else
		fail=$((fail + 1)); failed="$failed $(basename "$t")"
		echo "FAIL $(basename "$t") (rc $rc)"; tail -30 "$t.log"
	fi
done
echo "unit ($BUILD): $pass tests passed, $fail binaries failed$failed"
[ "$fail" = 0 ]
