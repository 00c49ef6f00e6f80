#!/bin/bash
# SPDX-License-Identifier: ISC
# manrs check against incidents.json, read here by python and nothing else:
# for every AS a planted leak, hijack, bogon prefix or bogon ASN names as
# actor, the filtering metric of `manrs check --json` has exactly the
# events, merged incidents and weight the framework gives for the planted
# time spans (overlapping spans merged; < 30 min 0.5, < 24 h 1, +1 a day).
# Seeds 1, 3 and 7. Env: MANRS. No ports.
set -u
[ -x "${MANRS:-}" ] || { echo "skip: MANRS binary not built"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 not installed"; exit 77; }
T=$(mktemp -d /tmp/check_lab_truth.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
for seed in 1 3 7; do
	L=$T/lab$seed
	"$MANRS" lab generate "$L" --seed $seed >/dev/null || fail "lab generate --seed $seed"
	ASES=$(python3 -c 'import json,sys
kinds = {"route-leak", "otc-leak", "aspa-leak", "origin-hijack", "subprefix-hijack",
         "bogon-prefix", "bogon-asn"}
print(" ".join(sorted({"AS%d" % i["actor"] for i in json.load(open(sys.argv[1]))["incidents"]
                       if i["type"] in kinds})))' "$L/incidents.json")
	"$MANRS" check --lab "$L" --json $ASES >"$T/r$seed.json" 2>"$T/err"
	[ $? -le 1 ] || fail "seed $seed: check: $(cat "$T/err")"
	python3 - "$L/incidents.json" "$T/r$seed.json" <<'PY' || fail "seed $seed"
import json, sys, datetime
truth = json.load(open(sys.argv[1]))
rep = json.load(open(sys.argv[2]))
end = int(datetime.datetime.strptime(rep["inputs"]["data_end"], "%Y-%m-%dT%H:%M:%SZ")
          .replace(tzinfo=datetime.timezone.utc).timestamp())
metric = {"route-leak": "M1", "otc-leak": "M1", "aspa-leak": "M1", "origin-hijack": "M2",
          "subprefix-hijack": "M2", "bogon-prefix": "M3", "bogon-asn": "M4"}
def weight(s):
    if s < 1800: return 0.5
    if s <= 86400: return 1
    return 1 + -(-(s - 86400) // 86400)
want = {}
for i in truth["incidents"]:
    if i["type"] in metric:
        want.setdefault((i["actor"], metric[i["type"]]), []).append(
            (i["start"], i["end"] if i["end"] is not None else end))
checked = 0
for a in rep["ases"]:
    for m in ("M1", "M2", "M3", "M4"):
        spans = sorted(want.get((a["asn"], m), []))
        merged = []
        for s, e in spans:
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        got = a["metrics"][m]
        exp = (len(spans), len(merged), sum(weight(e - s) for s, e in merged))
        have = (got["events"], len(got["incidents"]), got["weight"])
        assert have == exp, "AS%d %s: got %r, want %r" % (a["asn"], m, have, exp)
        assert got["score"] == round(100 / (1 + exp[2]), 1), (a["asn"], m, got["score"])
        checked += 1
assert checked >= 16, checked
print("seed ok: %d metrics of %d ASes" % (checked, len(rep["ases"])))
PY
done
echo "ok: manrs check's filtering metrics agree with incidents.json (seeds 1, 3, 7)"
