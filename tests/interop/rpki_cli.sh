#!/bin/sh
# SPDX-License-Identifier: ISC
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
# 8.10: bulk input with no route in it is a failure, with the skipped lines named.
printf 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1::/:/bin/false\n' >"$T/passwd"
M rpki validate --vrps "$T/v.json" --input "$T/passwd" >"$T/o" 2>"$T/e"; rc=$?
[ $rc = 1 ] || fail "bulk input without routes: want exit 1, got $rc"
grep -q 'passwd:1: bad prefix' "$T/e" && grep -q 'skipped 2 lines' "$T/e" && grep -q 'no route validated' "$T/e" ||
	fail "bulk without routes: stderr $(cat "$T/e")"
printf '192.0.2.0/24 64496\n' | M rpki validate --vrps "$T/v.json" --input - --origin 1 >/dev/null 2>"$T/e"
[ $? = 1 ] && grep -q 'none of 1 matched' "$T/e" || fail "filter matching nothing: $(cat "$T/e")"

# 8.11: a source that expiry emptied is an error naming the way out; a large
# expired share is a warning with the count.
cat >"$T/old.json" <<'JSON'
{"roas":[{"asn":64496,"prefix":"192.0.2.0/24","maxLength":24,"ta":"ripe","expires":1000},
 {"asn":64497,"prefix":"198.51.100.0/24","maxLength":24,"ta":"ripe","expires":1000}]}
JSON
M rpki info --vrps "$T/old.json" >"$T/o" 2>"$T/e"; rc=$?
[ $rc = 1 ] && grep -q 'old.json: all 2 VRPs .*--ignore-expires' "$T/e" || fail "expired info: rc $rc $(cat "$T/e")"
M rpki diff "$T/old.json" "$T/v.json" >"$T/o" 2>"$T/e"; rc=$?
[ $rc = 1 ] && grep -q 'nothing left' "$T/e" && ! grep -q '+0 -0' "$T/o" || fail "expired diff: rc $rc $(cat "$T/o" "$T/e")"
M rpki info --ignore-expires --vrps "$T/old.json" >/dev/null 2>&1 || fail "--ignore-expires keeps them"
cat >"$T/half.json" <<'JSON'
{"roas":[{"asn":64496,"prefix":"192.0.2.0/24","maxLength":24,"ta":"ripe","expires":1000},
 {"asn":64497,"prefix":"198.51.100.0/24","maxLength":24,"ta":"ripe","expires":99999999999},
 {"asn":64498,"prefix":"10.0.0.0/8","maxLength":8,"ta":"ripe","expires":99999999999}]}
JSON
M rpki info --vrps "$T/half.json" >/dev/null 2>"$T/e" || fail "partly expired: $(cat "$T/e")"
grep -q 'warning: .*half.json: 1 of 3 entries (33%)' "$T/e" || fail "partly expired warning: $(cat "$T/e")"

# 8.12: a file of the wrong kind names the formats tried, not a CSV detail.
printf 'route:   192.0.2.0/24\norigin:  AS64496\nsource:  TEST\n' >"$T/irr.db"
for f in "$T/passwd" "$T/irr.db"; do
	M rpki info --vrps "$f" >/dev/null 2>"$T/e"; rc=$?
	[ $rc = 1 ] && grep -q "$f:1: not a VRP file (tried rpki-client JSON, Routinator JSON" "$T/e" ||
		fail "wrong kind of file $f: rc $rc $(cat "$T/e")"
done

# 8.14: bulk listing. ASPA states in --print, --unique with peers, path and
# VRPs, --origin/--peer filters, the summary off stdout, one JSON shape.
cat >"$T/rib.txt" <<'RIB'
TABLE_DUMP2|1|B|10.0.0.1|64501|192.0.2.0/25|64501 64500 64496|IGP
TABLE_DUMP2|1|B|10.0.0.2|64502|192.0.2.0/25|64502 64496|IGP
TABLE_DUMP2|1|B|10.0.0.1|64501|192.0.2.0/25|64501 64500 64496|IGP
TABLE_DUMP2|1|B|10.0.0.2|64502|192.0.2.0/24|64502 64496|IGP
TABLE_DUMP2|1|B|10.0.0.1|64501|10.0.0.0/8|64501 64509|IGP
RIB
M rpki validate --vrps "$T/v.json" --input "$T/rib.txt" --print aspa-invalid >"$T/o" 2>"$T/e"
[ "$(cat "$T/o")" = "192.0.2.0/25 AS64496 invalid longer-than-maxlength aspa-invalid
192.0.2.0/24 AS64496 valid aspa-invalid" ] || fail "--print aspa-invalid: $(cat "$T/o")"
grep -q '^routes *5' "$T/e" || fail "summary not on stderr: $(cat "$T/e")"
M rpki validate --vrps "$T/v.json" --input "$T/rib.txt" --print invalid --summary 2>/dev/null | grep -q '^routes *5' ||
	fail "--summary puts it on stdout"
M rpki validate --vrps "$T/v.json" --input "$T/rib.txt" --print invalid --unique >"$T/o" 2>/dev/null
[ "$(cat "$T/o")" = "192.0.2.0/25 AS64496: invalid (longer than maxLength); 2 peers, 3 routes; path 64501 64500 64496
  VRP 192.0.2.0/24 max 24 AS64496 (ripe)" ] || fail "--unique text: $(cat "$T/o")"
M rpki validate --vrps "$T/v.json" --input "$T/rib.txt" --unique --json --upstream >"$T/o" 2>/dev/null
python3 -c '
import json,sys
d=json.load(open(sys.argv[1])); r=d["routes"]
assert len(r)==3, r
g=r[0]
assert (g["prefix"],g["origin"],g["peers"],g["routes"],g["path"])==("192.0.2.0/25",64496,2,3,[64501,64500,64496]), g
assert g["rov"]=={"state":"invalid","reason":"longer-than-maxlength","vrps":[{"prefix":"192.0.2.0/24","maxLength":24,"asn":64496,"ta":"ripe"}]}, g
assert g["aspa"]["state"]=="valid", g
assert d["summary"]["routes"]==5, d' "$T/o" || fail "--unique JSON: $(cat "$T/o")"
M rpki validate --vrps "$T/v.json" --input "$T/rib.txt" --print all --peer 10.0.0.2 --origin 64496 --json >"$T/o"
M rpki validate --vrps "$T/v.json" --json 192.0.2.0/25 64496 >"$T/single"
python3 -c '
import json,sys
d=json.load(open(sys.argv[1])); s=json.load(open(sys.argv[2]))
r=d["routes"]
assert [x["peer"] for x in r]==[{"address":"10.0.0.2","asn":64502}]*2, r
assert r[0]["rov"]==s["rov"], (r[0], s)
assert d["summary"]["filtered"]==3, d' "$T/o" "$T/single" || fail "--peer/--origin JSON: $(cat "$T/o")"
M rpki validate --vrps "$T/v.json" --input "$T/rib.txt" --print bogus >/dev/null 2>&1; [ $? = 2 ] || fail "bad --print"
M rpki validate --vrps "$T/v.json" --unique 192.0.2.0/24 1 >/dev/null 2>&1; [ $? = 2 ] || fail "--unique without bulk"

# 8.8: a trust anchor name cannot add lines to CSV or text output.
printf '{"roas":[{"asn":64496,"prefix":"192.0.2.0/24","maxLength":24,"ta":"x\\nAS1,10.0.0.0/8,8,\\"y"}]}\n' >"$T/evil.json"
M rpki export --vrps "$T/evil.json" --format csv >"$T/o" || fail "csv export"
[ "$(wc -l <"$T/o")" = 2 ] || fail "CSV line injected: $(cat "$T/o")"
python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1]))); assert len(r)==2 and r[1][3]=="x\\x0aAS1,10.0.0.0/8,8,\"y", r' "$T/o" ||
	fail "CSV quoting: $(cat "$T/o")"
mv "$T/o" "$T/evil.csv"
M rpki info --vrps "$T/evil.csv" --json >"$T/o" && python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["vrps"]==1' "$T/o" ||
	fail "CSV export does not read back"
M rpki info --vrps "$T/evil.json" | grep -q '^AS1,' && fail "info: TA name started a line"
M rpki validate --vrps "$T/evil.json" 192.0.2.0/24 64496 | grep -q '^AS1,' && fail "validate: TA name started a line"
M rpki export --vrps "$T/v.json" --format bird --name 'x; }' >/dev/null 2>&1; [ $? = 2 ] || fail "--name injection"

# 8.17: export needs a format (usage error listing them), --json, dialect names.
M rpki export --vrps "$T/v.json" >/dev/null 2>"$T/e"; rc=$?
[ $rc = 2 ] && grep -q 'iosxr' "$T/e" && grep -q 'openbgpd' "$T/e" || fail "export without --format: rc $rc $(cat "$T/e")"
M rpki export --vrps "$T/v.json" --json | python3 -c 'import json,sys; assert len(json.load(sys.stdin)["roas"])==4' ||
	fail "export --json"
for f in ios iosxr junos bird bird1 openbgpd csv json; do
	M rpki export --vrps "$T/v.json" --format $f >/dev/null || fail "export --format $f"
done
M rpki export --vrps "$T/v.json" --format ios | grep -q ' rpki route 192.0.2.0/24 max 24 origin 64496' || fail "ios alias"
M help rpki diff | grep -q 'usage: manrs rpki diff' || fail "manrs help rpki diff"
# --peer and --unique over MRT agree with the same routes as bgpdump -m lines.
if M lab generate "$T/lab" >/dev/null 2>&1 && [ -s "$T/lab/rib.mrt" ]; then
	peer=$(M mrt dump -m "$T/lab/rib.mrt" | head -1 | cut -d'|' -f4)
	for how in "--mrt $T/lab/rib.mrt" "--input $T/lab/rib.txt"; do
		M mrt dump -m "$T/lab/rib.mrt" >"$T/lab/rib.txt"
		M rpki validate -q --vrps "$T/lab/vrps.json" $how --peer "$peer" --unique --json >"$T/o.${how%% *}"
		[ $? -le 1 ] || fail "--peer over $how"
	done
	python3 -c '
import json,sys
a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))
assert a["summary"]["routes"]>0 and a["summary"]["filtered"]>0, a["summary"]
assert a==b, (a["summary"], b["summary"])
assert all(r["peers"]==1 for r in a["routes"])' "$T/o.--mrt" "$T/o.--input" || fail "--peer/--unique: MRT and bgpdump -m lines differ"
fi
echo "manrs rpki CLI behaves"
exit 0
