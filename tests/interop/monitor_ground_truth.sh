#!/bin/sh
# SPDX-License-Identifier: ISC
# Ground truth for `manrs monitor`: a lab world (`manrs lab generate`)
# plants one incident of every kind the monitor detects inside background
# churn (session reset, flaps, link failures). The monitor runs over its
# RIB and updates with its VRPs, AS relationships, IRR, the built-in bogons
# and the prefixes.yml the lab writes, and must raise every planted
# incident (of the right type, on the right prefix, naming the right AS)
# and nothing else. Several seeds, so it is not one lucky world.
# Env: MANRS (binary), SEEDS (lab seeds, default "1 2 3 7"). No peers, no ports.
MANRS=${MANRS:-build/manrs}
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
help=$("$MANRS" monitor --help 2>&1) || { echo "skip: manrs monitor not built"; exit 77; }
for opt in --prefixes --config --vrps --asrel --bogons --irr --mrt-rib --json; do
	echo "$help" | grep -q -- "$opt" || { echo "skip: manrs monitor not built (no $opt)"; exit 77; }
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

for seed in ${SEEDS:-1 2 3 7}; do
	d=$tmp/lab$seed
	timeout 60 "$MANRS" lab generate "$d" --seed $seed -q || { echo "FAIL: lab generate --seed $seed"; exit 1; }
	npeers=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["collector"]["peers"]))' "$d/incidents.json") ||
		{ echo "FAIL: incidents.json has no collector peers"; exit 1; }
	# The lab's config.yml: every peer must lose a prefix before visibility
	# says so (BGPalerter's default of 40 is for RIS, not a 5-peer lab); one
	# peer is evidence enough for the rest; the monitors list (what runs, as
	# in BGPalerter) holds every detector that sees a planted incident.
	grep -q "thresholdMinPeers: $npeers\$" "$d/config.yml" ||
		{ echo "FAIL: the lab's config.yml does not wait for all $npeers peers"; exit 1; }
	(cd "$d" && timeout 120 "$MANRS" monitor --prefixes prefixes.yml --config config.yml \
		--vrps vrps.json --asrel as-rel.txt --bogons --irr irr.db --mrt-rib rib.mrt --json \
		updates.mrt >alerts.jsonl 2>monitor.err)
	rc=$?
	[ $rc = 0 ] || { echo "FAIL: seed $seed: manrs monitor exit $rc: $(tail -3 "$d/monitor.err")"; exit 1; }
	# Global mode (no prefixes.yml): rpki, leak, bogon and the scored moas.
	(cd "$d" && timeout 120 "$MANRS" monitor --vrps vrps.json --asrel as-rel.txt --bogons \
		--irr irr.db --mrt-rib rib.mrt --json updates.mrt >global.jsonl 2>global.err)
	rc=$?
	[ $rc = 0 ] || { echo "FAIL: seed $seed: manrs monitor (global) exit $rc: $(tail -3 "$d/global.err")"; exit 1; }
	# Global mode takes config.yml's parameters: alertOnlyOnce sends no
	# updates, and the same keys open as without it.
	printf 'alertOnlyOnce: true\n' >"$d/once.yml"
	(cd "$d" && timeout 120 "$MANRS" monitor --config once.yml --vrps vrps.json --asrel as-rel.txt \
		--bogons --irr irr.db --mrt-rib rib.mrt --json updates.mrt >once.jsonl 2>once.err) ||
		{ echo "FAIL: seed $seed: global mode with --config: $(tail -3 "$d/once.err")"; exit 1; }
	grep -q ' 0 updated' "$d/once.err" || { echo "FAIL: seed $seed: alertOnlyOnce in global mode: $(tail -1 "$d/once.err")"; exit 1; }
	keys() { python3 -c 'import json,sys; print(sorted({json.loads(l)["key"] for l in open(sys.argv[1])}))' "$1"; }
	[ "$(keys "$d/once.jsonl")" = "$(keys "$d/global.jsonl")" ] ||
		{ echo "FAIL: seed $seed: global mode with --config raised other keys"; exit 1; }
	timeout 60 python3 - "$d" "$seed" <<'PY' || exit 1
import json, sys
d, seed = sys.argv[1], sys.argv[2]
incidents = json.load(open(f"{d}/incidents.json"))["incidents"]
# Per planted kind: the alert type that must appear, the other types it may
# also raise (an RPKI-invalid hijack is also an rpki alert; a private ASN's
# route may sit in a monitored AS's block), and who the offender must be.
# In global mode there is no prefixes.yml: hijacks show as moas, and a
# squat, a path rule or a lost prefix cannot be known (main type None).
monitored = {
    "origin-hijack":    ("hijack",     {"rpki"},           "origin"),
    "subprefix-hijack": ("hijack",     {"rpki"},           "origin"),
    "squat":            ("hijack",     {"rpki"},           "origin"),
    "roa-misconfig":    ("rpki",       set(),              "origin"),
    "route-leak":       ("leak",       set(),              "actor"),
    "otc-leak":         ("leak",       set(),              "actor"),
    "aspa-leak":        ("leak",       set(),              "actor"),
    "bogon-prefix":     ("bogon",      set(),              "origin"),
    "bogon-asn":        ("bogon",      {"hijack", "rpki"}, "actor"),
    "path-anomaly":     ("path",       set(),              None),
    "visibility-loss":  ("visibility", set(),              None),
}
glob = dict(monitored)
glob.update({
    "origin-hijack":    ("moas", {"rpki"}, "origin"),
    "subprefix-hijack": ("moas", {"rpki"}, "origin"),
    "squat":            (None,   {"rpki"}, None),
    "bogon-asn":        ("bogon", {"rpki"}, "actor"),
    "path-anomaly":     (None,   set(),    None),
    "visibility-loss":  (None,   set(),    None),
})
words = {"otc-leak": "OTC", "aspa-leak": "ASPA"}
bad = []
def check(mode, expect, alerts):
    for i in incidents:
        main, _, who = expect[i["type"]]
        if main is None:
            continue
        hits = [a for a in alerts if a["type"] == main and a["prefix"] == i["prefix"] and a["state"] == "open"]
        if who:
            hits = [a for a in hits if a["offender_as"] == i[who]]
        if i["type"] in words:
            hits = [a for a in hits if words[i["type"]] in a["description"]]
        if not hits:
            bad.append(f"{mode}: missed {i['type']} {i['prefix']} ({main} alert naming AS{i[who] if who else '-'}): {i['note']}")
    for a in alerts:
        ok = any(a["prefix"] == i["prefix"] and
                 (a["type"] == expect[i["type"]][0] or a["type"] in expect[i["type"]][1])
                 for i in incidents)
        if not ok:
            bad.append(f"{mode}: raised {a['state']} {a['type']} {a['prefix']} AS{a['offender_as']}: {a['description']}")
load = lambda f: [json.loads(l) for l in open(f"{d}/{f}") if l.strip()]
expect = monitored
alerts = load("alerts.jsonl")
kinds = {i["type"] for i in incidents}
missing_kinds = set(expect) - kinds
if missing_kinds:
    bad.append(f"the lab planted no {sorted(missing_kinds)}")
check("prefixes.yml", monitored, alerts)
galerts = load("global.jsonl")
check("global", glob, galerts)
for b in bad:
    print(f"FAIL seed {seed}: {b}")
if bad:
    sys.exit(1)
opened = sum(a["state"] == "open" for a in alerts)
gopened = sum(a["state"] == "open" for a in galerts)
print(f"seed {seed}: {len(incidents)} incidents found, {opened} alerts opened "
      f"({gopened} in global mode), none unexplained")
PY
done
echo "ok: monitor_ground_truth: every planted incident found, nothing else raised"
