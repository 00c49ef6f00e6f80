#!/bin/sh
# SPDX-License-Identifier: ISC
# The whole test suite: build, unit tests, unit tests under ASan+UBSan, the
# fuzz targets replayed over their seed corpora, then the interop tests
# against real peers. Prints counts for each stage.
set -e
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
start=$(date +%s)
make --no-print-directory format-check
make --no-print-directory -j"$jobs" all
scripts/check-symbols.sh build
scripts/run-unit.sh build
make --no-print-directory -j"$jobs" asan
scripts/run-fuzz-corpus.sh
scripts/run-interop.sh build
echo "test suite passed in $(( $(date +%s) - start )) s"
