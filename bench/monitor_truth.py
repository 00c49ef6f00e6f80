#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Compare manrs monitor's alerts (JSON lines) with gen_ris_live.py's
planted.json: prints found/planted per kind and the alerts that match no
planted event (false alerts). usage: monitor_truth.py PLANTED ALERTS"""
import json
import sys


def main():
    planted = json.load(open(sys.argv[1]))["events"]
    alerts = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
    want = {}
    for ev in planted:
        if ev["kind"] == "visibility":
            key = ("visibility", ev["prefix"])
        else:
            key = ("hijack", ev["hijack_prefix"], ev["hijacker_asn"])
        want[key] = ev["kind"]
    seen = set()
    false = []
    for a in alerts:
        key = (("visibility", a["prefix"]) if a["type"] == "visibility"
               else (a["type"], a["prefix"], a.get("offender_as")))
        if key in want:
            seen.add(key)
        else:
            false.append(a)
    kinds = {}
    for key, kind in want.items():
        k = kinds.setdefault(kind, [0, 0])
        k[1] += 1
        k[0] += key in seen
    parts = [f"{kind} {f}/{n}" for kind, (f, n) in sorted(kinds.items())]
    print(f"found {len(seen)}/{len(want)} planted ({', '.join(parts)}); "
          f"{len(false)} false alert(s)")
    for a in false[:5]:
        print(f"  false: {a['type']} {a['prefix']} offender AS{a.get('offender_as')}")
    return 0 if len(seen) == len(want) and not false else 1


if __name__ == "__main__":
    sys.exit(main())
