#!/bin/sh
# SPDX-License-Identifier: ISC
# 'manrs monitor generate' over a lab: the inconsistencies it names must be
# the lab's own. The planted ROA maxLength mistake (rib.mrt) is
# announced-rpki-invalid; the origin and sub-prefix hijacks (updates.mrt) are
# origin-differs naming the hijacker, which is left out of the file. For all
# stub ASes at once, announced-no-roa and route-object-missing must be
# exactly the (prefix, origin) pairs that Python finds from `manrs mrt dump`,
# vrps.json and irr.db on its own. The file must list every announced prefix
# and, when PyYAML is there, parse as the plain YAML BGPalerter reads.
MANRS=${MANRS:-build/manrs}
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
out=$("$MANRS" monitor generate --help 2>&1) || { echo "skip: 'manrs monitor generate' is not built in ($out)"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

for seed in 1 3; do
	timeout 30 "$MANRS" lab generate "$tmp/lab$seed" --seed $seed -q ||
		{ echo "FAIL: lab generate --seed $seed"; exit 1; }
	timeout 120 python3 - "$MANRS" "$tmp/lab$seed" <<'PY' || exit 1
import ipaddress, json, os, re, subprocess, sys
manrs, d = sys.argv[1], sys.argv[2]
inc = {i["type"]: i for i in json.load(open(f"{d}/incidents.json"))["incidents"]}

def need(cond, msg):
    if not cond:
        print(f"FAIL ({d}):", msg); sys.exit(1)

def generate(asns, ribs, out, *extra):
    args = [manrs, "monitor", "generate", "--asn", ",".join(map(str, asns)),
            "--irr", f"{d}/irr.db", "--vrps", f"{d}/vrps.json", "--out", out, "--json", *extra]
    for r in ribs:
        args += ["--rib", f"{d}/{r}"]
    p = subprocess.run(args, capture_output=True, text=True, timeout=60)
    need(p.returncode in (0, 1) and p.stdout.startswith("{"),
         f"exit {p.returncode}: {p.stderr.strip()[:300]}")
    rep = json.loads(p.stdout)
    need((p.returncode == 1) == bool(rep["inconsistencies"]), "exit code does not follow the findings")
    return rep

def issues(rep, kind):
    return {(i["prefix"], i["asn"], i["other_asn"]) for i in rep["inconsistencies"] if i["kind"] == kind}

# The ROA maxLength mistake, visible in the RIB.
roa = inc["roa-misconfig"]
rep = generate([roa["victim"]], ["rib.mrt"], f"{d}/roa.yml")
need((roa["prefix"], roa["victim"], None) in issues(rep, "announced-rpki-invalid"),
     f"{roa['prefix']} AS{roa['victim']} not reported announced-rpki-invalid: {rep['inconsistencies']}")

# The hijacks, visible once the updates are read too.
for kind in ("origin-hijack", "subprefix-hijack"):
    h = inc[kind]
    victims = [h["victim"]]
    rep = generate(victims, ["rib.mrt", "updates.mrt"], f"{d}/{kind}.yml")
    got = {(p, o) for p, a, o in issues(rep, "origin-differs")}
    need((h["prefix"], h["actor"]) in got,
         f"{kind} {h['prefix']} by AS{h['actor']} not reported origin-differs: {rep['inconsistencies']}")
    text = open(f"{d}/{kind}.yml").read()
    need(f"- {h['actor']}\n" not in text, f"{kind}: the hijacker AS{h['actor']} was written into the file")
    if kind == "subprefix-hijack":
        need(f"\n{h['prefix']}:\n" not in "\n" + text, f"{kind}: the hijacked more-specific was listed")

# Every stub AS at once against an independent computation.
dump = subprocess.run([manrs, "mrt", "dump", "-m", f"{d}/rib.mrt"], capture_output=True, text=True,
                      timeout=60).stdout.splitlines()
pairs = set()
for line in dump:
    f = line.split("|")
    if len(f) > 6 and f[2] in ("B", "A") and f[6].split():
        origin = f[6].split()[-1]
        if origin.isdigit() and int(origin) >= 200000:
            pairs.add((f[5], int(origin)))
stubs = sorted({o for _, o in pairs})
need(len(stubs) > 20, f"only {len(stubs)} stub origins in the RIB")
vrps = [(ipaddress.ip_network(v["prefix"]), int(str(v["asn"]).lstrip("AS")), v["maxLength"])
        for v in json.load(open(f"{d}/vrps.json"))["roas"]]
routes = {}
obj = {}
for block in open(f"{d}/irr.db").read().split("\n\n"):
    m = re.search(r"^route6?:\s*(\S+)", block, re.M)
    o = re.search(r"^origin:\s*AS(\d+)", block, re.M)
    if m and o:
        routes.setdefault(str(ipaddress.ip_network(m.group(1))), set()).add(int(o.group(1)))
no_roa, ro_missing = set(), set()
for p, o in pairs:
    net = ipaddress.ip_network(p)
    if not any(v.version == net.version and net.subnet_of(v) for v, _, _ in vrps):
        no_roa.add((p, o))
    if o not in routes.get(p, set()) and not routes.get(p):
        ro_missing.add((p, o))
rep = generate(stubs, ["rib.mrt"], f"{d}/stubs.yml", "--monitor-asns")
got_no_roa = {(p, a) for p, a, _ in issues(rep, "announced-no-roa")}
got_missing = {(p, a) for p, a, _ in issues(rep, "route-object-missing")}
need(got_no_roa == no_roa, f"announced-no-roa differs: extra {sorted(got_no_roa - no_roa)[:5]}, "
     f"missing {sorted(no_roa - got_no_roa)[:5]}")
need(got_missing == ro_missing, f"route-object-missing differs: extra {sorted(got_missing - ro_missing)[:5]}, "
     f"missing {sorted(ro_missing - got_missing)[:5]}")
text = open(f"{d}/stubs.yml").read()
for p, o in pairs:
    need(f"\n{p}:\n" in "\n" + text, f"{p} (AS{o}) announced but not in the file")
need(rep["announced"] == len({p for p, _ in pairs}), "announced count differs from the RIB")
try:
    import yaml
except ImportError:
    yaml = None
if yaml:
    doc = yaml.safe_load(text)
    need(all(isinstance(v["asn"], list) and v["ignoreMorespecifics"] in (True, False)
             for k, v in doc.items() if k != "options"), "entries are not BGPalerter-shaped")
    need(sorted(int(a) for a in doc["options"]["monitorASns"]) == stubs, "monitorASns differs")
print(f"ok: seed {os.path.basename(d)}: {len(pairs)} stub routes, {len(no_roa)} without ROA, "
      f"{len(ro_missing)} without route object, hijacks and ROA mistake named")
PY
done

# Usage errors and refusals.
"$MANRS" monitor generate --irr "$tmp/lab1/irr.db" >/dev/null 2>&1; [ $? = 2 ] || { echo "FAIL: no --asn is not a usage error"; exit 1; }
"$MANRS" monitor generate --asn 1 --rib - >/dev/null 2>&1; [ $? = 2 ] || { echo "FAIL: --rib - is not a usage error"; exit 1; }
"$MANRS" monitor generate --asn 1 --vrps "$tmp/lab1/vrps.json" --json >/dev/null 2>&1; [ $? = 2 ] ||
	{ echo "FAIL: --json without --out is not a usage error"; exit 1; }
"$MANRS" monitor generate --asn 4200000000 --vrps "$tmp/lab1/vrps.json" -o "$tmp/none.yml" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && [ ! -e "$tmp/none.yml" ] && grep -q "nothing found" "$tmp/err" ||
	{ echo "FAIL: an AS with nothing gave rc $rc or wrote a file"; exit 1; }
echo "ok: monitor generate names the lab's inconsistencies (seeds 1 and 3)"
