#!/bin/sh
# End to end checks of 'manrs rpki' as users drive it: exit codes, JSON that
# parses, errors naming file and line, SLURM on top, compressed input, an
# export that never leaves a half-written file. Needs only python3 and gzip.
: "${MANRS:?}"
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed"; exit 77; }
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }
M() { timeout 30 "$MANRS" "$@"; }

cat >"$T/v.json" <<'JSON'
{"metadata":{"buildtime":"2025-07-20T09:31:33Z"},
 "roas":[{"asn":64496,"prefix":"192.0.2.0/24","maxLength":24,"ta":"ripe"},
  {"asn":64497,"prefix":"198.51.100.0/22","maxLength":24,"ta":"ripe"},
  {"asn":0,"prefix":"203.0.113.0/24","maxLength":24,"ta":"arin"},
  {"asn":64498,"prefix":"2001:db8::/32","maxLength":48,"ta":"ripe"}],
 "aspas":[{"customer_asid":64496,"providers":[64500]},
  {"customer_asid":64500,"providers":[64501]}]}
JSON

M rpki >/dev/null 2>&1; [ $? = 2 ] || fail "no command: want exit 2"
M rpki validate --help | grep -q 'usage: manrs rpki validate' || fail "validate --help"
M rpki export -h | grep -q 'openbgpd' || fail "export -h lists formats"
M rpki validate --vrps "$T/v.json" 192.0.2.0/24 >/dev/null 2>&1; [ $? = 2 ] || fail "missing ASN: want 2"
M rpki validate --vrps "$T/v.json" 192.0.2.0/24 AS64496 | grep -q ': valid' || fail "valid"
M rpki validate --vrps "$T/v.json" 192.0.2.0/25 AS64496 >"$T/o"; rc=$?
[ $rc = 1 ] && grep -q 'invalid (longer than maxLength)' "$T/o" || fail "maxlen invalid (rc $rc)"
M rpki validate --vrps "$T/v.json" --json 198.51.101.0/24 64499 >"$T/o"; [ $? = 1 ] || fail "origin invalid rc"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["rov"]["state"]=="invalid" and d["rov"]["reason"]=="origin-mismatch" and d["rov"]["vrps"][0]["asn"]==64497' "$T/o" ||
	fail "JSON invalid answer: $(cat "$T/o")"
M rpki validate --vrps "$T/v.json" 10.0.0.0/8 64496 | grep -q 'not-found' || fail "not-found"
# ASPA: 64496 -> 64500 -> 64501 is an up-ramp; 64496 -> 64502 is a leak.
M rpki validate --vrps "$T/v.json" --path "64501 64500 64496" --upstream | grep -q 'ASPA valid' || fail "aspa valid"
M rpki validate --vrps "$T/v.json" --path "64502 64496 64496" --upstream >"$T/o"; [ $? = 1 ] || fail "aspa leak rc"
grep -q 'AS64496 does not list AS64502' "$T/o" || fail "aspa leak reason: $(cat "$T/o")"
M rpki validate --vrps "$T/v.json" --path "64501 {64500,64496}" --json >"$T/o"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["aspa"]["state"]=="invalid"' "$T/o" || fail "AS_SET"

# Bulk from stdin: counts and a bad line reported with its line number.
printf '192.0.2.0/24 64496\n192.0.2.0/25 64496\n10.0.0.0/8 1\nnot-a-prefix 1\n2001:db8::/48 64498\n' |
	M rpki validate --vrps "$T/v.json" --input - --json >"$T/o" 2>"$T/e"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert (d["routes"],d["valid"],d["invalid"],d["not_found"],d["skipped_lines"])==(4,2,1,1,1), d' "$T/o" ||
	fail "bulk counts: $(cat "$T/o")"
grep -q 'stdin:4: bad prefix' "$T/e" || fail "bulk bad line location: $(cat "$T/e")"

# Broken JSON: the error names file and line; exit 1.
printf '{"roas":[\n{"asn":1,"prefix":"10.0.0.0/8","maxLength":8},\n{"asn":2,,}]}\n' >"$T/bad.json"
M rpki info --vrps "$T/bad.json" 2>"$T/e"; [ $? = 1 ] || fail "broken JSON accepted"
grep -q 'bad.json:3:' "$T/e" || fail "broken JSON error lacks line: $(cat "$T/e")"

# Export to a file: a failed load leaves the old file untouched.
M rpki export --vrps "$T/v.json" --format bird -o "$T/roa.conf" || fail "export"
cp "$T/roa.conf" "$T/roa.before"
M rpki export --vrps "$T/bad.json" --format bird -o "$T/roa.conf" 2>/dev/null && fail "export of broken input succeeded"
cmp -s "$T/roa.conf" "$T/roa.before" || fail "failed export changed the output file"
ls "$T" | grep -q 'tmp' && fail "temporary file left behind"

# SLURM on top, gzip input, several sources merging.
cat >"$T/s.slurm" <<'JSON'
{"slurmVersion":1,"validationOutputFilters":{"prefixFilters":[{"asn":64497}],"bgpsecFilters":[]},
 "locallyAddedAssertions":{"prefixAssertions":[{"asn":64510,"prefix":"10.0.0.0/8","maxPrefixLength":16}],"bgpsecAssertions":[]}}
JSON
gzip -c "$T/v.json" >"$T/v.json.gz"
printf 'ASN,IP Prefix,Max Length,Trust Anchor\nAS64496,192.0.2.0/24,24,ripe\nAS64511,100.64.0.0/10,10,x\n' >"$T/v.csv"
M rpki info --json --vrps "$T/v.json.gz" --vrps "$T/v.csv" --slurm "$T/s.slurm" >"$T/o" || fail "info"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert (d["vrps"],d["aspas"],d["as0"])==(5,2,1), d' "$T/o" ||
	fail "merged set: $(cat "$T/o")"
M rpki validate --vrps "$T/v.json" --slurm "$T/s.slurm" 10.1.0.0/16 64510 | grep -q ': valid' || fail "SLURM assertion"
M rpki validate --vrps "$T/v.json" --slurm "$T/v.json" 10.1.0.0/16 64510 2>"$T/e"; [ $? = 1 ] || fail "VRP file as --slurm accepted"
grep -q 'not a SLURM file' "$T/e" || fail "SLURM error: $(cat "$T/e")"
# diff: identical sources exit 0; a changed VRP and ASPA show up, JSON parses.
M rpki diff "$T/v.json" "$T/v.json.gz" >"$T/o" || fail "diff of equal sets: $(cat "$T/o")"
sed 's|"192.0.2.0/24","maxLength":24|"192.0.2.0/24","maxLength":25|; s/"providers":\[64501\]/"providers":[64501,64502]/' \
	"$T/v.json" >"$T/v2.json"
M rpki diff --json "$T/v.json" "$T/v2.json" >"$T/o"; [ $? = 1 ] || fail "diff exit status"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["summary"]; assert (s["vrps_added"],s["vrps_removed"],s["aspas_changed"])==(1,1,1), d; assert d["aspas"]["changed"][0]["providers"]==[64501,64502]' "$T/o" ||
	fail "diff JSON: $(cat "$T/o")"
echo "manrs rpki CLI behaves"
exit 0
