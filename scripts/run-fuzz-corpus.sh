#!/bin/sh
# SPDX-License-Identifier: ISC
# Build the libFuzzer targets (clang) and replay each over its committed seed
# corpus: a regression check for every parser, not a fuzzing campaign.
# Campaigns: make fuzz && build-fuzz/fuzz/fuzz_X -max_total_time=600 fuzz/corpus/X
if ! command -v clang >/dev/null 2>&1; then
	echo "fuzz: skipped (clang not installed)"; exit 0
fi
ls fuzz/fuzz_*.c >/dev/null 2>&1 || { echo "fuzz: no targets"; exit 0; }
make --no-print-directory -j"$(nproc 2>/dev/null || echo 2)" fuzz >/dev/null || { echo "fuzz: build failed"; exit 1; }
n=0
for f in build-fuzz/fuzz/fuzz_*; do
	case "$f" in *.log) continue;; esac
	name=$(basename "$f"); corpus=fuzz/corpus/${name#fuzz_}
	[ -d "$corpus" ] || corpus=""
	if ! "$f" -runs=0 $corpus >"$f.log" 2>&1; then
		echo "FAIL $name"; tail -30 "$f.log"; exit 1
	fi
	n=$((n + 1))
done
echo "fuzz: $n targets replayed their seed corpora without a crash"
