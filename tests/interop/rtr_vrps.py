#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Normalize VRP listings for the RTR interop tests: every mode prints sorted
unique lines "ASN PREFIX/LEN MAXLEN" so listings from different tools diff.

  rtr_vrps.py expected FILE        VRPs in an rpki-client/StayRTR JSON (.bz2/.gz ok)
  rtr_vrps.py rtrclient-csv FILE   rtrclient -e -t csv export
  rtr_vrps.py manrs-csv FILE       manrs rtr dump CSV
  rtr_vrps.py bird FILE            birdc show route table r4/r6 output
  rtr_vrps.py gobgp FILE           gobgp rpki table output
  rtr_vrps.py rtrdump FILE         rtrdump JSON: VRP lines, then "ASPA afi customer providers"
  rtr_vrps.py live FILE            state after replaying rtrclient -p +/- lines
  rtr_vrps.py live-count FILE      "ADDS WITHDRAWS" seen in rtrclient -p output
  rtr_vrps.py gen OUT N            a deterministic rpki-client JSON with N VRPs + 5 ASPAs
  rtr_vrps.py expected-live FILE   like expected, without VRPs past their "expires"
  rtr_vrps.py gen-expiry OUT N [SOON]  N VRPs + ASPAs, a mix of past, future and no
                                   "expires"; SOON>0 adds a VRP 203.0.113.0/24 AS64511
                                   expiring SOON seconds from now
  rtr_vrps.py noexpires IN OUT     drop "expires" (StayRTR filters VRPs past it)
  rtr_vrps.py mutate IN OUT PCT    drop PCT% of IN's VRPs, add as many new ones
  rtr_vrps.py expected-aspa FILE   ASPAs of a JSON as "customer p1 p2 ..." (providers
                                   ascending; empty lists left out: never announced)
  rtr_vrps.py live-aspa FILE       ASPA state after replaying rtrclient -a lines
                                   ("+ ASPA c => [ p1, p2 ]" adds or replaces, "-" removes)
  rtr_vrps.py manrs-aspa FILE      the ASPA block of manrs rtr dump (text)
  rtr_vrps.py aspa-mutate IN OUT   replace the providers of 3 ASPAs, drop 2, add 2
"""
import bz2, gzip, ipaddress, json, sys, time


def norm(asn, prefix, maxlen):
    net = ipaddress.ip_network(prefix, strict=False)
    a = int(str(asn).upper().replace("AS", ""))
    if a < 0:  # rtrclient's templates print the ASN as a signed 32-bit int
        a += 1 << 32
    return f"{a} {net} {int(maxlen)}"


def opener(path):
    if path.endswith(".bz2"):
        return bz2.open(path, "rt")
    if path.endswith(".gz"):
        return gzip.open(path, "rt")
    return open(path)


def expected(path):
    with opener(path) as f:
        doc = json.load(f)
    out = set()
    for r in doc.get("roas", []):
        out.add(norm(r["asn"], r["prefix"], r.get("maxLength", r.get("maxlen"))))
    return out


def expected_live(path):
    with opener(path) as f:
        doc = json.load(f)
    now = int(time.time())
    return {norm(r["asn"], r["prefix"], r.get("maxLength", r.get("maxlen")))
            for r in doc.get("roas", []) if not r.get("expires") or r["expires"] >= now}


def rtrclient_csv(path):
    out = set()
    for line in open(path):
        parts = [p.strip() for p in line.split(",")]
        if len(parts) != 4 or not parts[1].isdigit():
            continue
        out.add(norm(parts[3], f"{parts[0]}/{parts[1]}", parts[2]))
    return out


def manrs_csv(path):
    out = set()
    for line in open(path):
        parts = line.strip().split(",")
        if len(parts) < 3 or not parts[2].isdigit():
            continue
        out.add(norm(parts[0], parts[1], parts[2]))
    return out


def bird(path):
    out = set()
    for line in open(path):
        t = line.split()
        if len(t) >= 2 and "/" in t[0] and "-" in t[0] and t[1].startswith("AS"):
            pfx, maxlen = t[0].rsplit("-", 1)
            out.add(norm(t[1], pfx, maxlen))
    return out


def gobgp(path):
    out = set()
    for line in open(path):
        t = line.split()
        if len(t) >= 3 and "/" in t[0] and t[1].isdigit() and t[2].isdigit():
            out.add(norm(t[2], t[0], t[1]))
    return out


def rtrdump(path):
    doc = json.load(open(path))
    out = {norm(r["asn"], r["prefix"], r["maxLength"]) for r in doc.get("roas") or []}
    for afi, lst in (doc.get("provider_authorizations") or {}).items():
        for a in lst or []:
            out.add(f"ASPA {afi} {a['customer_asid']} {' '.join(map(str, sorted(a['providers'])))}")
    return out


def live_lines(path):
    for line in open(path, errors="replace"):
        t = line.split()
        if len(t) == 6 and t[0] in "+-" and t[3] == "-":
            yield t[0], norm(t[5], f"{t[1]}/{t[2]}", t[4])


def gen(out, n):
    roas = []
    for i in range(n):
        if i % 4 == 3:
            roas.append({"asn": 64496 + i % 1000, "prefix": f"2001:db8:{i // 65536:x}:{i % 65536:x}::/64",
                         "maxLength": 64, "ta": "test"})
        else:
            roas.append({"asn": 64496 + i % 1000, "prefix": f"10.{i // 256 % 256}.{i % 256}.0/24",
                         "maxLength": 24 + i % 3, "ta": "test"})
    aspas = [{"customer_asid": 64496 + k, "providers": [65000 + k, 65100 + k]} for k in range(5)]
    # both ASPA spellings: rpki-client's "aspas" and StayRTR 0.5's provider_authorizations
    old = [{"customer_asid": a["customer_asid"], "providers": a["providers"]} for a in aspas]
    json.dump({"metadata": {"buildtime": "2026-01-01T00:00:00Z"}, "roas": roas, "aspas": aspas,
               "provider_authorizations": {"ipv4": old, "ipv6": old}}, open(out, "w"))


def gen_expiry(out, n, soon):
    """Every third VRP expired (hours to days ago), every third expiring in
    the future, the rest without "expires"; some VRPs twice with a past and a
    future expiry (the future copy must win); ASPAs alternate past/future."""
    now = int(time.time())
    roas = []
    for i in range(n):
        r = {"asn": 64496 + i % 500, "prefix": f"10.{i // 256 % 256}.{i % 256}.0/24",
             "maxLength": 24 + i % 3, "ta": "test"}
        if i % 7 == 6:
            r["prefix"] = f"2001:db8:{i:x}::/48"
            r["maxLength"] = 48
        if i % 3 == 0:
            r["expires"] = now - 3600 * (1 + i % 50)
        elif i % 3 == 1:
            r["expires"] = now + 86400 * (1 + i % 30)
        roas.append(r)
        if i % 10 == 0:  # same VRP again, still valid from another source
            roas.append(dict(r, ta="other", expires=now + 86400))
    if soon > 0:
        roas.append({"asn": 64511, "prefix": "203.0.113.0/24", "maxLength": 24, "ta": "test",
                     "expires": now + soon})
    aspas = [{"customer_asid": 64496 + k, "providers": [65000 + k, 65100 + k],
              "expires": now - 7200 if k % 2 else now + 7 * 86400} for k in range(6)]
    json.dump({"metadata": {"buildtime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))},
               "roas": roas, "aspas": aspas,
               "provider_authorizations": {"ipv4": aspas, "ipv6": aspas}}, open(out, "w"))


def mutate(src, out, pct):
    with opener(src) as f:
        doc = json.load(f)
    roas = doc["roas"]
    step = max(1, int(100 / pct))
    kept = [r for i, r in enumerate(roas) if i % step != 0]
    dropped = len(roas) - len(kept)
    for i in range(dropped):  # new VRPs in 198.18.0.0/15 (benchmarking space)
        kept.append({"asn": 4200000000 + i, "prefix": f"198.{18 + i // 65536 % 2}.{i // 256 % 256}.{i % 256}/32",
                     "maxLength": 32, "ta": "test"})
    doc["roas"] = kept
    json.dump(doc, open(out, "w"))


def aspa_docs(path):
    with opener(path) as f:
        doc = json.load(f)
    return doc, doc.get("aspas", [])


def expected_aspa(path):
    _, aspas = aspa_docs(path)
    out = {}
    for a in aspas:
        c = int(a.get("customer_asid", a.get("customer", 0)))
        out.setdefault(c, set()).update(int(str(p).upper().replace("AS", "")) for p in a["providers"])
    return {f"{c} " + " ".join(str(p) for p in sorted(v)) for c, v in out.items() if v}


def live_aspa(path):
    state = {}
    for line in open(path, errors="replace"):
        t = line.replace(",", " ").replace("[", " ").replace("]", " ").split()
        if len(t) >= 4 and t[0] in "+-" and t[1] == "ASPA" and t[3] == "=>":
            if t[0] == "+":
                state[int(t[2])] = [int(x) for x in t[4:]]
            else:
                state.pop(int(t[2]), None)
    return {f"{c} " + " ".join(str(p) for p in v) for c, v in state.items()}


def manrs_aspa(path):
    out = set()
    for line in open(path):
        parts = line.strip().split(",")
        if len(parts) == 2 and parts[0].startswith("AS") and not parts[1][:1].isdigit():
            provs = [p.replace("AS", "") for p in parts[1].split()]
            out.add(parts[0][2:] + " " + " ".join(provs))
    return out


def aspa_mutate(src, dst):
    doc, aspas = aspa_docs(src)
    aspas.sort(key=lambda a: a["customer_asid"])
    for a in aspas[:3]:  # replaced: one provider more
        a["providers"] = sorted(set(a["providers"]) | {4200000000 + a["customer_asid"] % 1000})
    del aspas[3:5]  # withdrawn
    for k in range(2):  # new customers
        aspas.append({"customer_asid": 4200001000 + k, "providers": [65001 + k, 64999]})
    doc["aspas"] = aspas
    doc.pop("provider_authorizations", None)
    json.dump(doc, open(dst, "w"))


def main():
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "gen":
        gen(path, int(sys.argv[3]))
        return
    if mode == "gen-expiry":
        gen_expiry(path, int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 0)
        return
    if mode == "noexpires":
        with opener(path) as f:
            doc = json.load(f)
        for r in doc.get("roas", []):
            r.pop("expires", None)
        json.dump(doc, open(sys.argv[3], "w"))
        return
    if mode == "mutate":
        mutate(path, sys.argv[3], float(sys.argv[4]))
        return
    if mode == "aspa-mutate":
        aspa_mutate(path, sys.argv[3])
        return
    if mode == "live-count":
        adds = dels = 0
        for sign, _ in live_lines(path):
            adds += sign == "+"
            dels += sign == "-"
        print(adds, dels)
        return
    if mode == "live":
        state = set()
        for sign, v in live_lines(path):
            if sign == "+":
                state.add(v)
            else:
                state.discard(v)
        s = state
    else:
        s = {"expected": expected, "expected-live": expected_live, "rtrclient-csv": rtrclient_csv, "manrs-csv": manrs_csv,
             "bird": bird, "gobgp": gobgp, "rtrdump": rtrdump, "expected-aspa": expected_aspa,
             "live-aspa": live_aspa, "manrs-aspa": manrs_aspa}[mode](path)
    sys.stdout.write("".join(x + "\n" for x in sorted(s)))


if __name__ == "__main__":
    main()
