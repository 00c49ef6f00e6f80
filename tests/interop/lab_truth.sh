#!/bin/sh
# SPDX-License-Identifier: ISC
# The lab's ground truth against manrs' own validators: every planted
# incident must get the verdict incidents.json promises from
# `manrs rpki validate` (ROV, and ASPA on each collector path) and
# `manrs bogon check`; the whole RIB must give the ROV counts the lab computed
# and no ASPA-invalid path (the RIB is valley-free); and no legitimate lab
# prefix or AS may be a bogon. The lab's verdicts come from its own brute-force
# code (lib/lab/lab_truth.c), so this checks two implementations against each
# other; likewise the as-sets against the cone in as-rel.txt (`manrs irr
# filter`). Parts whose subcommand is not implemented yet are skipped.
MANRS=${MANRS:-build/manrs}
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
have() { out=$("$MANRS" "$@" --help 2>&1) && ! echo "$out" | grep -q 'not yet implemented\|not implemented'; }
rpki=0 bogon=0 irr=0
have rpki validate && rpki=1
have bogon check && bogon=1
have irr filter && irr=1
[ $rpki = 1 ] || [ $bogon = 1 ] || [ $irr = 1 ] ||
	{ echo "skip: none of 'manrs rpki validate', 'bogon check', 'irr filter' is implemented"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

for seed in 1 3; do
	timeout 30 "$MANRS" lab generate "$tmp/lab$seed" --seed $seed --json >"$tmp/sum$seed.json" ||
		{ echo "FAIL: lab generate --seed $seed"; exit 1; }
	RPKI=$rpki BOGON=$bogon IRR=$irr timeout 100 python3 - "$MANRS" "$tmp/lab$seed" "$tmp/sum$seed.json" <<'PY' || exit 1
import json, os, subprocess, sys
manrs, d, summary = sys.argv[1], sys.argv[2], sys.argv[3]
inc = json.load(open(f"{d}/incidents.json"))["incidents"]
s = json.load(open(summary))
vrps = f"{d}/vrps.json"
def run(*args):
    p = subprocess.run([manrs, *args], capture_output=True, text=True, timeout=30)
    if p.returncode > 1:
        print("FAIL: manrs", *args, "exit", p.returncode, p.stderr.strip()[:300]); sys.exit(1)
    return p
def need(cond, msg):
    if not cond:
        print("FAIL:", msg); sys.exit(1)
checks = 0
if os.environ["RPKI"] == "1":
    for i in inc:
        p = run("rpki", "validate", "--vrps", vrps, "--json", i["prefix"], f"AS{i['origin']}")
        got = json.loads(p.stdout)["rov"]["state"].replace("notfound", "not-found").replace("not_found", "not-found")
        need(got == i["expected"]["rov"], f"{d}: {i['type']} {i['prefix']} AS{i['origin']}: rov {got}, truth {i['expected']['rov']}")
        checks += 1
        for seen in i["seen"]:
            path = " ".join(map(str, seen["as_path"]))
            p = run("rpki", "validate", "--vrps", vrps, "--json", "--downstream", "--path", path, i["prefix"])
            got = json.loads(p.stdout)["aspa"]["state"]
            need(got == seen["aspa"], f"{d}: {i['type']} path {path}: aspa {got}, truth {seen['aspa']}")
            checks += 1
    p = run("rpki", "validate", "--vrps", vrps, "--json", "--downstream", "--mrt", f"{d}/rib.mrt")
    b = json.loads(p.stdout)
    need(b["valid"] == s["rib_rov"]["valid"] and b["invalid"] == s["rib_rov"]["invalid"]
         and b["not_found"] == s["rib_rov"]["not_found"], f"{d}: RIB ROV {b} vs truth {s['rib_rov']}")
    need(b["aspa"]["invalid"] == 0, f"{d}: a valley-free RIB path was ASPA-invalid: {b['aspa']}")
    checks += 2
if os.environ["BOGON"] == "1":
    for i in inc:
        if i["type"] == "bogon-prefix":
            need(run("bogon", "check", i["prefix"]).returncode == 1, f"{i['prefix']} not a bogon")
        for seen in i["seen"]:
            path = " ".join(map(str, seen["as_path"]))
            rc = run("bogon", "check", "--path", path).returncode
            need(rc == (1 if i["type"] == "bogon-asn" else 0), f"{i['type']}: bogon check --path {path} exit {rc}")
            checks += 1
    # Every legitimate prefix (route objects) and every AS of the topology: clean.
    items = [l.split()[1] for l in open(f"{d}/irr.db") if l.startswith(("route:", "route6:"))]
    items += sorted({f"AS{a}" for l in open(f"{d}/as-rel.txt") if not l.startswith("#") for a in l.split("|")[:2]})
    p = subprocess.run([manrs, "bogon", "check", "-"], input="\n".join(items) + "\n",
                       capture_output=True, text=True, timeout=30)
    need(p.returncode == 0, f"{d}: legitimate lab items flagged as bogons: " +
         "; ".join(l for l in p.stdout.splitlines() if ": bogon" in l)[:300])
    checks += len(items)
if os.environ["IRR"] == "1":
    # Every as-set must expand to exactly the customer cone in as-rel.txt,
    # and its -4/-6 prefix lists to the route objects of that cone.
    cust = {}
    for l in open(f"{d}/as-rel.txt"):
        if not l.startswith("#"):
            a, b, r = l.strip().split("|")
            if r == "-1":
                cust.setdefault(int(a), set()).add(int(b))
    def cone(a, seen):
        if a not in seen:
            seen.add(a)
            for c in cust.get(a, ()):
                cone(c, seen)
        return seen
    routes = {}
    obj = {}
    for l in open(f"{d}/irr.db"):
        if not l.strip():
            if "origin" in obj:
                routes.setdefault(obj["origin"], set()).add(obj["prefix"])
            obj = {}
        elif l.startswith(("route:", "route6:")):
            obj["prefix"] = l.split()[1]
        elif l.startswith("origin:"):
            obj["origin"] = int(l.split()[1][2:])
    # The RPSL loads cleanly: no warnings, nothing rejected, every object.
    out = run("irr", "load", f"{d}/irr.db").stdout
    stat = {l.split()[0]: l.split()[1] for l in out.splitlines() if len(l.split()) > 1}
    text = open(f"{d}/irr.db").read()
    need(stat.get("warnings") == "0" and stat.get("rejected") == "0", f"irr load: {out}")
    for cls in ("route", "route6", "aut-num", "as-set", "mntner"):
        need(int(stat.get(cls, -1)) == text.count(f"\n{cls}:"), f"irr load {cls}: {stat.get(cls)}")
    checks += 1
    sets = [l.split()[1] for l in open(f"{d}/irr.db") if l.startswith("as-set:")]
    need(len(sets) > 5, "too few as-sets")
    for name in sets:
        asn = int(name.split(":")[0][2:])
        want = cone(asn, set())
        got = set(json.loads(run("irr", "filter", "--db", f"{d}/irr.db", "-t", "-j", name).stdout)["NN"])
        need(got == want, f"{name}: expands to {len(got)} ASNs, cone has {len(want)}: {sorted(want ^ got)[:5]}")
        pfx = set()
        for fam in ("-4", "-6"):
            out = json.loads(run("irr", "filter", "--db", f"{d}/irr.db", fam, "-j", name).stdout)["NN"]
            pfx |= {p["prefix"] for p in out}
        wantp = set().union(*(routes.get(a, set()) for a in want))
        need(pfx == wantp, f"{name}: {len(pfx)} prefixes, route objects of the cone: {len(wantp)}")
        checks += 2
print(f"ok: {d}: {checks} checks agree with the ground truth")
PY
done
exit 0
