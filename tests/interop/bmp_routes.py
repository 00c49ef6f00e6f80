#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# bmp_routes.py - routes as sorted "prefix|as path|next hop" lines, from the
# collectors and routers the BMP interop tests compare (not a test itself).
#
#   bmp_routes.py manrs RIB.jsonl VIEW PEER [ASN] manrs /rib: one view of one peer
#                                                (ASN: drop it from the front of
#                                                paths, FRR 8.4's BMP prepends it)
#   bmp_routes.py gobgp FILE.json [best]         gobgp ... adj-in -j / global rib -j
#   bmp_routes.py frr FILE.json                  vtysh 'show bgp ipv4 unicast json'
#   bmp_routes.py pmbmpd LOG.json VIEW PEER      pmbmpd's msglog, replayed into
#                                                one view of one peer
import json
import sys


def line(prefix, path, nh):
    return "%s|%s|%s" % (prefix, " ".join(str(a) for a in path), nh)


def manrs(path, view, peer, strip=None):
    out = set()
    for l in open(path):
        r = json.loads(l)
        if r["view"] == view and r["peer_ip"] == peer:
            asp = r.get("as_path", [])
            if strip is not None and asp[:1] == [strip]:
                asp = asp[1:]
            out.add(line(r["prefix"], asp, r.get("next_hop", "")))
    return out


def gobgp_path(attrs):
    path, nh = [], ""
    for a in attrs:
        if a.get("type") == 2:
            for seg in a.get("as_paths", []):
                path += seg.get("asns", [])
        elif a.get("type") == 3:
            nh = a.get("nexthop", "")
        elif a.get("type") == 14 and not nh:
            nh = a.get("nexthop", "")
    return path, nh


def gobgp(path, best_only):
    data = json.load(open(path)) if open(path).read().strip() else {}
    out = set()
    for prefix, paths in data.items():
        for p in paths:
            if best_only and not p.get("best"):
                continue
            asp, nh = gobgp_path(p.get("attrs", []))
            out.add(line(prefix, asp, nh))
    return out


def frr(path):
    data = json.load(open(path))
    out = set()
    for prefix, paths in data.get("routes", {}).items():
        for p in paths:
            if not p.get("bestpath"):
                continue
            asp = [int(a) for a in p.get("path", "").split()]
            nh = p.get("nexthops", [{}])[0].get("ip", "")
            out.add(line(prefix, asp, nh))
    return out


def pmbmpd(path, view, peer):
    """Replay pmbmpd's msglog (JSON lines) into one view of one peer."""
    table = {}
    for l in open(path):
        try:
            r = json.loads(l)
        except ValueError:
            continue
        if r.get("peer_ip") != peer or "ip_prefix" not in r:
            continue
        if r.get("is_loc"):
            v = "loc-rib"
        elif r.get("is_out"):
            v = "adj-rib-out-post" if r.get("is_post") else "adj-rib-out-pre"
        else:
            v = "post-policy" if r.get("is_post") else "pre-policy"
        if v != view:
            continue
        if r.get("log_type") == "withdraw":
            table.pop(r["ip_prefix"], None)
        elif r.get("log_type") == "update":
            asp = [int(a) for a in str(r.get("as_path", "")).split() if a.isdigit()]
            table[r["ip_prefix"]] = line(r["ip_prefix"], asp, r.get("bgp_nexthop", ""))
    return set(table.values())


def main():
    kind = sys.argv[1]
    if kind == "manrs":
        s = manrs(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]) if len(sys.argv) > 5 else None)
    elif kind == "gobgp":
        s = gobgp(sys.argv[2], len(sys.argv) > 3 and sys.argv[3] == "best")
    elif kind == "pmbmpd":
        s = pmbmpd(sys.argv[2], sys.argv[3], sys.argv[4])
    elif kind == "frr":
        s = frr(sys.argv[2])
    else:
        sys.exit("unknown kind " + kind)
    for l in sorted(s):
        print(l)


if __name__ == "__main__":
    main()
