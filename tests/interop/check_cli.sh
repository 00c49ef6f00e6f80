#!/bin/bash
# SPDX-License-Identifier: ISC
# manrs check from the command line, on a lab: exit codes (0 / 1 lagging or
# bad input / 2 usage), JSON that parses and says which input each metric
# lacked, errors that name file and line, a full disk is an error, the
# ranking of --all, and --ixp whose RPKI-invalid count agrees with
# 'manrs rpki validate --mrt' on the same dump. Env: MANRS. No ports.
set -u
[ -x "${MANRS:-}" ] || { echo "skip: MANRS binary not built"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 not installed"; exit 77; }
T=$(mktemp -d /tmp/check_cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
L=$T/lab
"$MANRS" lab generate "$L" --seed 3 >/dev/null || fail "lab generate"

# usage errors: 2
"$MANRS" check --lab "$L" >/dev/null 2>&1
[ $? = 2 ] || fail "no AS: want exit 2"
"$MANRS" check AS1000 >/dev/null 2>"$T/err"
[ $? = 2 ] && grep -q "no input" "$T/err" || fail "no input: want exit 2"
"$MANRS" check --lab "$L" --cutoff filtering=10,50 AS1000 >/dev/null 2>"$T/err"
[ $? = 2 ] && grep -q "ASPIRING <= READY" "$T/err" || fail "bad --cutoff"
"$MANRS" check --lab "$L" --json --markdown AS1000 >/dev/null 2>&1
[ $? = 2 ] || fail "--json with --markdown: want exit 2"
"$MANRS" check --lab "$L" --all --html "$T/x.html" >/dev/null 2>&1
[ $? = 2 ] && [ ! -e "$T/x.html" ] || fail "--all with --html: want exit 2"

# only VRPs and the RIB: every other metric says which input it lacked
"$MANRS" check --rib "$L/rib.mrt" --vrps "$L/vrps.json" --json AS1000 >"$T/min.json" 2>"$T/err"
python3 - "$T/min.json" <<'PY' || fail "minimal inputs: JSON"
import json, sys
a = json.load(open(sys.argv[1]))["ases"][0]
m = a["metrics"]
assert m["M7RPKI"]["score"] is not None, m["M7RPKI"]
for k, want in (("M5", "--spoofer"), ("M7IRR", "--irr"), ("M6", "--peeringdb"), ("M1", "--asrel")):
    assert m[k]["score"] is None and want in m[k]["missing"], (k, m[k])
assert a["actions"]["anti-spoofing"]["status"] == "no data"
PY

# the lab's RPKI-invalid route: a ROA fix with maxLength = announced length
ROA=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
i=[x for x in d["incidents"] if x["type"]=="roa-misconfig"][0]; print(i["origin"], i["prefix"])' "$L/incidents.json")
set -- $ROA
"$MANRS" check --lab "$L" --json "AS$1" >"$T/r.json"
rc=$?
[ $rc = 1 ] || fail "an AS with an RPKI-invalid route is lagging: want exit 1, got $rc"
python3 - "$T/r.json" "$1" "$2" <<'PY' || fail "roa fix"
import json, sys
a = json.load(open(sys.argv[1]))["ases"][0]
asn, pfx = int(sys.argv[2]), sys.argv[3]
f = [x for x in a["fixes"] if x["kind"] == "roa-invalid"]
assert f and f[0]["prefix"] == pfx and f[0]["asn"] == asn, f
assert f[0]["maxLength"] == int(pfx.split("/")[1]), f[0]
assert f[0]["portal_csv"] == "AS%d,%s,%s" % (asn, pfx, pfx.split("/")[1])
assert a["fixes"][0]["kind"] == "roa-invalid"  # first by impact
assert a["metrics"]["M7RPKI"]["invalid"] >= 1
PY

# a customer's filter command from the fix list runs as printed (the
# leaker of the lab is a transit AS: it has customers)
LEAKER=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
print([x["actor"] for x in d["incidents"] if x["type"]=="aspa-leak"][0])' "$L/incidents.json")
"$MANRS" check --lab "$L" --json "AS$LEAKER" >"$T/leaker.json"
CMD=$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["ases"][0]
print([f["text"] for f in a["fixes"] if f["kind"]=="filter"][0].split(";")[0])' "$T/leaker.json")
case $CMD in "manrs irr filter --db "*) ;; *) fail "filter fix: $CMD";; esac
# shellcheck disable=SC2086
"$MANRS" ${CMD#manrs } >"$T/filter.out" || fail "the filter fix does not run: $CMD"
grep -q "ip prefix-list" "$T/filter.out" || fail "the filter fix printed no prefix list"

# bad inputs name the file and line, exit 1
printf '{"data": [\n{"id": 1,\n"asn": }]}\n' >"$T/bad.json"
"$MANRS" check --lab "$L" --peeringdb "$T/bad.json" AS1000 >/dev/null 2>"$T/err"
[ $? = 1 ] && grep -q "bad.json:3" "$T/err" || fail "bad PeeringDB JSON: $(cat "$T/err")"
printf 'a,b\n1,2\n' >"$T/bad.csv"
"$MANRS" check --lab "$L" --spoofer "$T/bad.csv" AS1000 >/dev/null 2>"$T/err"
[ $? = 1 ] && grep -q "bad.csv:1: not a Spoofer CSV" "$T/err" || fail "bad Spoofer CSV"
"$MANRS" check --lab "$L" --vrps "$T/nothere.json" AS1000 >/dev/null 2>"$T/err"
[ $? = 1 ] && grep -q "nothere.json" "$T/err" || fail "missing VRP file"
head -c 3000 "$L/rib.mrt" >"$T/cut.mrt"
"$MANRS" check --rib "$T/cut.mrt" --vrps "$L/vrps.json" AS1000 >/dev/null 2>"$T/err"
[ $? = 1 ] && grep -q "malformed MRT" "$T/err" || fail "a cut MRT file must not pass silently"

# Spoofer data gives M5 a score
printf 'session,asn4,client4,routable4\n1,1000,20.0.0.0/24,received\n2,1000,20.0.1.0/24,blocked\n' >"$T/sp.csv"
"$MANRS" check --lab "$L" --spoofer "$T/sp.csv" --json AS1000 >"$T/sp.json"
python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["ases"][0]["metrics"]["M5"]
assert m["tests"]==2 and m["spoofable_prefixes"]==1 and m["score"]==50.0, m' "$T/sp.json" ||
	fail "Spoofer M5"

# full disk
"$MANRS" check --lab "$L" AS1000 >/dev/full 2>"$T/err"
[ $? = 1 ] && [ "$(wc -l <"$T/err")" = 1 ] || fail "/dev/full: want exit 1 and one message"

# --all: every origin ranked once, best first
"$MANRS" check --lab "$L" --all --json >"$T/all.json" 2>/dev/null || fail "--all"
python3 - "$T/all.json" "$L/rib.mrt" <<'PY' || fail "--all ranking"
import json, sys
r = json.load(open(sys.argv[1]))
t = [x["total"] for x in r]
assert t == sorted(t, reverse=True), "not sorted"
assert len({x["asn"] for x in r}) == len(r) > 100, len(r)
assert [x["rank"] for x in r] == list(range(1, len(r) + 1))
PY
[ "$("$MANRS" check --lab "$L" --all --top 5 2>/dev/null | wc -l)" = 6 ] || fail "--top 5"

# --ixp: the RPKI-invalid routes of the dump agree with rpki validate
"$MANRS" check --lab "$L" --ixp 1 --rs-mrt "$L/rib.mrt" --json >"$T/ixp.json"
[ $? = 1 ] || fail "the lab's collector filters nothing: --ixp must exit 1"
INV=$("$MANRS" rpki validate --vrps "$L/vrps.json" --mrt "$L/rib.mrt" 2>&1 | awk '/^invalid/ {print $2}')
python3 - "$T/ixp.json" "$INV" <<'PY' || fail "--ixp"
import json, sys
x = json.load(open(sys.argv[1]))
rs = x["route_server_filtering"]
assert rs["rpki_invalid"] == int(sys.argv[2]), (rs, sys.argv[2])
assert rs["status"] == "lagging" and x["member_contacts"]["members"] >= 5, x
PY
"$MANRS" check --lab "$L" --ixp 77 >/dev/null 2>"$T/err"
[ $? = 1 ] && grep -q "ix 77" "$T/err" || fail "unknown ix"
echo "ok: manrs check CLI (exit codes, missing inputs, errors, Spoofer, --all, --ixp)"
