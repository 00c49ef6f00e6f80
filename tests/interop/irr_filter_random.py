#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Write random RPSL route/route6 objects that stress bgpq4's aggregation:
clusters of siblings, complete and incomplete subtrees, nested more-specifics.
usage: irr_filter_random.py SEED OUT.rpsl -> prints the ASNs used."""
import ipaddress
import random
import sys

seed, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(seed)
asns = [65536 + 1000 * seed + i for i in range(6)]
lines = []


def add(net, asn):
    cls = "route" if net.version == 4 else "route6"
    lines.append(f"{cls}: {net}\norigin: AS{asn}\nsource: TEST\n")


def cluster(base, depth, asn, p):
    """Walk a random subtree below base, adding prefixes with probability p."""
    if rnd.random() < p:
        add(base, asn)
    if depth == 0:
        return
    for sub in base.subnets(1):
        if rnd.random() < 0.7:
            cluster(sub, depth - 1, asn, p)


for asn in asns:
    for _ in range(rnd.randint(1, 3)):
        plen = rnd.choice([16, 18, 20, 22])
        base = ipaddress.IPv4Network((rnd.randrange(1 << 24, 223 << 24) >> (32 - plen) << (32 - plen), plen))
        cluster(base, rnd.randint(2, 6), asn, rnd.choice([0.3, 0.6, 0.9]))
    plen = rnd.choice([32, 40, 44])
    base = ipaddress.IPv6Network(((0x2a00 << 112 | rnd.getrandbits(100) << 12) >> (128 - plen) << (128 - plen), plen))
    cluster(base, rnd.randint(2, 5), asn, rnd.choice([0.4, 0.8]))

with open(out, "w") as f:
    f.write("\n".join(lines))
    f.write(f"\nas-set: AS-RANDOM\nmembers: {', '.join('AS%d' % a for a in asns)}\nsource: TEST\n")
print(" ".join(f"AS{a}" for a in asns))
