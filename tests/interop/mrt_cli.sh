#!/bin/sh
# SPDX-License-Identifier: ISC
# mrt_cli.sh - `manrs mrt` filters, JSON lines, stats, stdin and exit codes,
# checked against bgpdump's view of the same real files.
set -u
MANRS=${MANRS:-build/manrs}
SHARED=${SHARED:-../shared}
DATA=$SHARED/data/mrt
command -v bgpdump >/dev/null 2>&1 || { echo "skip: bgpdump not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
UPD=$DATA/dnas-tests/RRC1/rrc01.updates.20100827.0840.gz
TRUNC=$DATA/pyasn-rib-samples/rib.20140523.0600_firstMB.bz2
[ -f "$UPD" ] && [ -f "$TRUNC" ] || { echo "skip: $DATA absent"; exit 77; }
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
fail=0
check() { # check NAME EXPECTED GOT
	if [ "$2" = "$3" ]; then echo "ok   $1 ($3)"; else echo "FAIL $1: expected '$2', got '$3'"; fail=1; fi
}

timeout 60 bgpdump -m "$UPD" >"$T/bd" 2>/dev/null

# --origin / --type against bgpdump's lines (path ending in the origin).
want=$(awk -F'|' '$3=="A" && $7 ~ /(^| )12654$/' "$T/bd" | wc -l)
got=$(timeout 60 "$MANRS" mrt dump -m --origin AS12654 --type announce "$UPD" | wc -l)
check "origin filter" "$want" "$got"

# --peer by address and by ASN.
want=$(awk -F'|' '$4=="195.66.224.175"' "$T/bd" | wc -l)
got=$(timeout 60 "$MANRS" mrt dump --peer 195.66.224.175 "$UPD" | wc -l)
check "peer address filter" "$want" "$got"
want=$(awk -F'|' '$5=="13030"' "$T/bd" | wc -l)
got=$(timeout 60 "$MANRS" mrt dump --peer AS13030 "$UPD" | wc -l)
check "peer ASN filter" "$want" "$got"

# --prefix exact and --more.
want=$(awk -F'|' '$6=="93.175.144.0/24"' "$T/bd" | wc -l)
got=$(timeout 60 "$MANRS" mrt dump --prefix 93.175.144.0/24 "$UPD" | wc -l)
check "prefix filter" "$want" "$got"
want=$(awk -F'|' '$6 ~ /^93\.175\.14[4-7]\./' "$T/bd" | wc -l)
got=$(timeout 60 "$MANRS" mrt dump --prefix 93.175.144.0/22 --more "$UPD" | wc -l)
check "prefix --more filter" "$want" "$got"

# JSON lines: every line parses; the attribute-99 incident shows up raw.
timeout 60 "$MANRS" mrt dump --json --prefix 93.175.144.0/24 "$UPD" >"$T/j"
got=$(python3 -c '
import json,sys
n=u=0
for line in open(sys.argv[1]):
    o=json.loads(line); n+=1
    u+=any(a["type"]==99 for a in o.get("unknown_attrs",[]))
print(n>0 and u>0)' "$T/j")
check "json lines with attribute 99" True "$got"
got=$(timeout 60 "$MANRS" mrt dump --json "$UPD" | python3 -c '
import json,sys
print(sum(1 for l in sys.stdin if json.loads(l)))')
check "json line count" "$(wc -l <"$T/bd")" "$got"

# stats agree with bgpdump's A/W/STATE line counts.
timeout 60 "$MANRS" mrt stats --json "$UPD" >"$T/s"
got=$(python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["elements"]; print(e["announce"], e["withdraw"], e["state"])' "$T/s")
want="$(awk -F'|' '$3=="A"' "$T/bd" | wc -l) $(awk -F'|' '$3=="W"' "$T/bd" | wc -l) $(awk -F'|' '$3=="STATE"' "$T/bd" | wc -l)"
check "stats elements" "$want" "$got"

# --start/--end (unix and ISO 8601), --aspath, --community against bgpdump's
# lines: time in field 2, path in 7, communities in 12.
t0=$(awk -F'|' 'NR==1{print $2}' "$T/bd"); t1=$((t0 + 120))
want=$(awk -F'|' -v a="$t0" -v b="$t1" '$2>=a && $2<=b' "$T/bd" | wc -l)
got=$(timeout 60 "$MANRS" mrt dump -m --start "$t0" --end "$t1" "$UPD" | wc -l)
check "time window filter" "$want" "$got"
iso=$(date -u -d "@$t1" +%Y-%m-%dT%H:%M:%SZ)
got=$(timeout 60 "$MANRS" mrt dump -m --start "$t0" --end "$iso" "$UPD" | wc -l)
check "time window filter (ISO 8601)" "$want" "$got"
want=$(awk -F'|' '$3=="A" && $7 ~ /(^| )3356( |$)/' "$T/bd" | wc -l)
got=$(timeout 60 "$MANRS" mrt dump -m --aspath _3356_ "$UPD" | wc -l)
check "aspath regex _3356_" "$want" "$got"
want=$(awk -F'|' '$3=="A" && $7 ~ /^13030 /' "$T/bd" | wc -l)
got=$(timeout 60 "$MANRS" mrt dump -m --aspath '^13030_' "$UPD" | wc -l)
check "aspath regex ^13030_" "$want" "$got"
comm=$(awk -F'|' '$3=="A" && $12 != "" {split($12, c, " "); print c[1]; exit}' "$T/bd")
want=$(awk -F'|' -v c="$comm" '$3=="A" && (" " $12 " ") ~ (" " c " ")' "$T/bd" | wc -l)
got=$(timeout 60 "$MANRS" mrt dump -m --community "$comm" "$UPD" | wc -l)
check "community filter $comm" "$want" "$got"

# stdin gives the same bytes.
gzip -dc "$UPD" | timeout 60 "$MANRS" mrt dump -m - >"$T/stdin"
check "stdin" yes "$(cmp -s "$T/bd" "$T/stdin" && echo yes || echo no)"

# A truncated file: its routes, a warning with the byte offset, exit 1.
timeout 60 "$MANRS" mrt dump -m "$TRUNC" >"$T/tr" 2>"$T/tr.err"; rc=$?
check "truncated file exit status" 1 "$rc"
check "truncated file warning" 1 "$(grep -c 'offset [0-9]*: .*truncated' "$T/tr.err")"

# An UPDATE with a truncated second prefix: dropped whole, and counted.
half=$DATA/bgpdump-testdata/test_data/updates.nlri_mask_trailing_bits.gz
if [ -f "$half" ]; then
	got=$("$MANRS" mrt stats --json "$half" 2>/dev/null |
		python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["updates_dropped"], d["elements"]["announce"])')
	check "half-parsed UPDATE dropped and counted" "1 0" "$got"
fi

# Not MRT at all: one error naming what offset 0 holds, exit 1.
"$MANRS" mrt dump /etc/passwd >/dev/null 2>"$T/pw"; check "text file exit status" 1 "$?"
check "text file message" 1 "$(grep -c 'passwd: not an MRT file: offset 0 holds text' "$T/pw")"

# rpki validate --mrt takes the same filters (one implementation).
"$MANRS" lab generate "$T/lab" -q
want=$("$MANRS" mrt dump -m --aspath '_1000$' --type rib "$T/lab/rib.mrt" | wc -l)
got=$("$MANRS" rpki validate --vrps "$T/lab/vrps.json" --mrt "$T/lab/rib.mrt" --aspath '_1000$' \
	--print all | grep -cE '^[0-9a-f:.]+/[0-9]+ ')
check "rpki validate --mrt --aspath" "$want" "$got"
"$MANRS" rpki validate --vrps "$T/lab/vrps.json" --community 1:1 >/dev/null 2>&1
check "rpki filter without --mrt exit" 2 "$?"

# Usage and help.
"$MANRS" mrt dump --type nonsense "$UPD" >/dev/null 2>&1; check "usage error exit" 2 "$?"
"$MANRS" mrt --help >/dev/null 2>&1; check "help exit" 0 "$?"
"$MANRS" mrt dump >/dev/null 2>&1; check "no file exit" 2 "$?"
exit $fail
