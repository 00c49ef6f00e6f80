#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Write a large Ethernet pcap for bench/sav_scan.sh, the filters manrs
reads and the equivalent BPF expression for tcpdump.

usage: sav_scan_gen.py OUT.pcap FILTERS.json BPF.txt PACKETS [SPOOFED_PERMILLE]

Eight customers, each behind its own source MAC with 24 IPv4 prefixes and
one IPv6 /32; 90% IPv4, 10% IPv6; SPOOFED_PERMILLE (default 10) of the
packets carry a source outside the sender's prefixes. Deterministic."""
import json
import random
import struct
import sys

out, filters_path, bpf_path, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
permille = int(sys.argv[5]) if len(sys.argv) > 5 else 10
rng = random.Random(42)
NCUST, NPFX = 8, 24

customers = []
used = set()
for c in range(NCUST):
    v4 = []
    while len(v4) < NPFX:
        a, b = rng.randrange(20, 60), rng.randrange(0, 256)
        if (a, b) in used:
            continue
        used.add((a, b))
        plen = rng.choice([16, 20, 22, 24])
        third = 0 if plen == 16 else rng.randrange(0, 256) & (0xff << (24 - plen)) & 0xff
        v4.append((a, b, third, plen))
    mac = bytes([2, 0, 0, 0, 1, c + 1])
    customers.append({"mac": mac, "v4": v4, "v6": (0x2a10, 0x100 + c)})

with open(filters_path, "w") as f:
    json.dump({"asn": 64500, "customers": [{
        "name": "cust-%d" % c, "asn": 64501 + c,
        "mac": ":".join("%02x" % x for x in cu["mac"]),
        "ipv4": ["%d.%d.%d.0/%d" % p for p in cu["v4"]],
        "ipv6": ["%x:%x::/32" % cu["v6"]]} for c, cu in enumerate(customers)]}, f)

with open(bpf_path, "w") as f:
    terms = []
    for cu in customers:
        nets = " or ".join(["src net %d.%d.%d.0/%d" % p for p in cu["v4"]] +
                           ["src net %x:%x::/32" % cu["v6"]])
        terms.append("(ether src %s and not (%s))" %
                     (":".join("%02x" % x for x in cu["mac"]), nets))
    f.write(" or ".join(terms) + "\n")

DST = bytes([2, 0, 0, 0, 0xff, 0xfe])
UDP = struct.pack("!HHHH", 40000, 53, 26, 0) + bytes(18)


def v4_frame(mac, src):
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 46, 1, 0, 64, 17, 0, src, b"\x14\x00\x00\x01")
    return DST + mac + b"\x08\x00" + ip + UDP


def v6_frame(mac, src):
    ip = struct.pack("!IHBB16s16s", 0x60000000, 26, 17, 64, src, bytes([0x2a, 0x10, 0, 1]) + bytes(11) + b"\x01")
    return DST + mac + b"\x86\xdd" + ip + UDP


# A pool of distinct frames, then written in a random order many times over:
# generating every packet in Python would take minutes.
pool = []
for i in range(65536):
    cu = customers[i % NCUST]
    spoof = rng.randrange(1000) < permille
    if rng.randrange(10) == 0:
        hi, lo = cu["v6"]
        if spoof:
            lo += 0x80
        src = struct.pack("!HH", hi, lo) + rng.randbytes(12)
        pool.append(v6_frame(cu["mac"], src))
        continue
    if spoof:
        src = bytes([rng.randrange(61, 100), rng.randrange(256), rng.randrange(256), rng.randrange(1, 255)])
    else:
        a, b, third, plen = rng.choice(cu["v4"])
        host = rng.randrange(1 << (32 - plen))
        addr = (a << 24 | b << 16 | third << 8) + host
        src = struct.pack("!I", addr)
    pool.append(v4_frame(cu["mac"], src))

with open(out, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    recs = [struct.pack("<IIII", 1767225600, 0, len(fr), len(fr)) + fr for fr in pool]
    chunk = b"".join(recs)
    full, rest = divmod(count, len(pool))
    for _ in range(full):
        f.write(chunk)
    f.write(b"".join(recs[:rest]))
