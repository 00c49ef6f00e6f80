#!/bin/sh
# SPDX-License-Identifier: ISC
# Route origin and ASPA validation of MRT files two ways must agree: manrs
# reading the MRT itself (--mrt) and manrs reading Debian bgpdump's -m lines
# (--input -). Uses the real rpki-client snapshot and bgpdump's test files.
# The real 2025 rpki-client snapshot is past its per-VRP "expires" by now;
# manrs drops expired entries by default: keep them for this comparison.
export MANRS_IGNORE_EXPIRES=1
command -v bgpdump >/dev/null 2>&1 || { echo "bgpdump not installed"; exit 77; }
: "${MANRS:?}" "${SHARED:=../shared}"
VRPS="$SHARED/data/rpki/rpkilog-rpki-client-2025-07-20/rpkiclient_summary_20250720T093135Z.json.bz2"
MRT="$SHARED/data/mrt/bgpdump-testdata/test_data"
[ -r "$VRPS" ] && [ -d "$MRT" ] || { echo "shared data (rpki snapshot, bgpdump test data) absent"; exit 77; }
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

# Decompress once: the JSON export loads in a fraction of the bzip2 time.
timeout 60 "$MANRS" rpki export -q --vrps "$VRPS" --format json -o "$T/vrps.json" || exit 1
nonzero=0
# Not updates.nlri_mask_trailing_bits.gz: its one UPDATE ends in a truncated
# prefix; bgpdump prints the prefix before it, manrs drops the half-parsed
# message (manrs-mrt(1); tests/interop/mrt_bgpdump.sh checks that).
for f in bview.20020722.2337.gz updates.20160811.1600.gz bview.ipv4_unicast_add_path.gz \
	bview.ipv6_unicast_add_path.gz; do
	[ -r "$MRT/$f" ] || continue
	dirs="--upstream --downstream"
	[ "$f" = bview.20020722.2337.gz ] && dirs=--downstream # the big one once
	for dir in $dirs; do
		a=$(timeout 60 bgpdump -m "$MRT/$f" 2>/dev/null |
			timeout 60 "$MANRS" rpki validate -q --vrps "$T/vrps.json" --input - --json $dir)
		b=$(timeout 60 "$MANRS" rpki validate -q --vrps "$T/vrps.json" --mrt "$MRT/$f" --json $dir)
		if [ "$a" != "$b" ] || [ -z "$a" ]; then
			echo "$f $dir: bgpdump -m path and MRT path disagree:"
			echo " via bgpdump: $a"
			echo " via MRT:     $b"
			exit 1
		fi
		case "$a" in *'"valid":0,"invalid":0,'*) ;; *) nonzero=1;; esac
	done
done
[ "$nonzero" = 1 ] || { echo "no file had valid or invalid routes: test is vacuous"; exit 1; }
# A known answer from the 2002 RIB against the 2025 set.
b=$("$MANRS" rpki validate -q --vrps "$T/vrps.json" --mrt "$MRT/bview.20020722.2337.gz" --json)
case "$b" in
*'"routes":115521,"valid":10401,"invalid":26221,"not_found":78899'*) ;;
*) echo "unexpected counts for bview.20020722.2337: $b"; exit 1;;
esac
echo "ROV/ASPA over bgpdump -m lines and over MRT agree"
exit 0
