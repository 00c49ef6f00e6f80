#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""mrt_edge.py OUT - write an MRT file of BGP4MP/TABLE_DUMP_V2 corner cases
that real collector files rarely hold, for mrt_edge.sh to feed to bgpdump and
manrs: *_LOCAL and *_ADDPATH subtypes, BGP4MP_ET, 2-byte sessions with
AS4_PATH/AS4_AGGREGATOR, confederation segments, IPv4 routes in
MP_REACH_NLRI with a MED above 2^31, an IPv6 session carrying IPv4 NLRI,
well-known communities, an aggregator of 255.255.255.255, a missing
NEXT_HOP, RIB entries in full MP_REACH form, IPv4-mapped next hops."""
import struct, sys

def attr(flags, code, data):
    if len(data) > 255:
        return struct.pack("!BBH", flags | 0x10, code, len(data)) + data
    return struct.pack("!BBB", flags, code, len(data)) + data

def seg(t, asns, w):
    return struct.pack("!BB", t, len(asns)) + b"".join(struct.pack("!I" if w == 4 else "!H", a) for a in asns)

def pfx(net, plen, pid=None):
    b = bytes(net)[: (plen + 7) // 8]
    return (struct.pack("!I", pid) if pid is not None else b"") + bytes([plen]) + b

def ip4(s):
    return bytes(int(x) for x in s.split("."))

def ip6(s):
    import ipaddress
    return ipaddress.IPv6Address(s).packed

def mrt(ts, typ, sub, body, usec=None):
    if usec is not None:
        body = struct.pack("!I", usec) + body
    return struct.pack("!IHHI", ts, typ, sub, len(body)) + body

def update(withdrawn, attrs, nlri):
    body = struct.pack("!H", len(withdrawn)) + withdrawn + struct.pack("!H", len(attrs)) + attrs + nlri
    return b"\xff" * 16 + struct.pack("!HB", 19 + len(body), 2) + body

def bgp4mp(ts, sub, w, pas, las, afi, pip, lip, msg, et=None):
    head = struct.pack("!II" if w == 4 else "!HH", pas, las) + struct.pack("!HH", 0, afi) + pip + lip
    return mrt(ts, 17 if et is not None else 16, sub, head + msg, et)

out = []
t = 1700000000
# 1. AS4 session: confed sequence + set, well-known communities, aggregator 255.255.255.255
a = (attr(0x40, 1, b"\x00") + attr(0x40, 2, seg(3, [65001, 65002], 4) + seg(2, [3356, 174], 4) + seg(1, [64512, 64513], 4) + seg(4, [65003], 4))
     + attr(0x40, 3, ip4("192.0.2.9")) + attr(0xC0, 7, struct.pack("!I", 64500) + ip4("255.255.255.255"))
     + attr(0xC0, 8, struct.pack("!III", 0xFFFFFF01, 0xFFFFFF02, 0xFFFFFF03) + struct.pack("!HH", 65535, 666)))
out.append(bgp4mp(t, 4, 4, 64496, 64497, 1, ip4("192.0.2.1"), ip4("192.0.2.2"), update(b"", a, pfx(ip4("198.51.100.0"), 24))))
# 2. AS2 session with AS4_PATH and AS4_AGGREGATOR (AGGREGATOR is AS_TRANS), ATOMIC_AGGREGATE
a = (attr(0x40, 1, b"\x01") + attr(0x40, 2, seg(2, [701, 23456, 23456, 3356], 2)) + attr(0x40, 3, ip4("192.0.2.9"))
     + attr(0x40, 6, b"") + attr(0xC0, 7, struct.pack("!H", 23456) + ip4("10.1.1.1"))
     + attr(0xC0, 17, seg(2, [4200000001, 4200000002, 3356], 4)) + attr(0xC0, 18, struct.pack("!I", 4200000009) + ip4("10.9.9.9")))
out.append(bgp4mp(t + 1, 1, 2, 701, 64497, 1, ip4("192.0.2.1"), ip4("192.0.2.2"), update(b"", a, pfx(ip4("203.0.113.0"), 24))))
# 3. AS2 session, AS4_PATH plus a real (non-AS_TRANS) AGGREGATOR and AS4_AGGREGATOR: bgpdump skips the merge
a = (attr(0x40, 1, b"\x00") + attr(0x40, 2, seg(2, [701, 23456], 2)) + attr(0x40, 3, ip4("192.0.2.9"))
     + attr(0xC0, 7, struct.pack("!H", 701) + ip4("10.1.1.1")) + attr(0xC0, 17, seg(2, [4200000001], 4))
     + attr(0xC0, 18, struct.pack("!I", 4200000009) + ip4("10.9.9.9")))
out.append(bgp4mp(t + 2, 1, 2, 701, 64497, 1, ip4("192.0.2.1"), ip4("192.0.2.2"), update(b"", a, pfx(ip4("203.0.113.0"), 25))))
# 4. MESSAGE_AS4_LOCAL with withdrawals and a big MED; MP_REACH for IPv4 (signed MED quirk)
mp4 = struct.pack("!HBB", 1, 1, 4) + ip4("192.0.2.77") + b"\x00" + pfx(ip4("100.64.0.0"), 10)
a = attr(0x40, 1, b"\x02") + attr(0x40, 2, seg(2, [64497], 4)) + attr(0x80, 4, struct.pack("!I", 3000000000)) + attr(0x40, 5, struct.pack("!I", 4000000000)) + attr(0x80, 14, mp4)
out.append(bgp4mp(t + 3, 7, 4, 64496, 64497, 1, ip4("192.0.2.1"), ip4("192.0.2.2"), update(pfx(ip4("10.0.0.0"), 8), a, b"")))
# 5. MESSAGE_AS4_ADDPATH: path ids on withdrawn, NLRI and MP_REACH (IPv6 session, IPv4 and IPv6 routes)
mp6 = struct.pack("!HBB", 2, 1, 32) + ip6("2001:db8::1") + ip6("fe80::1") + b"\x00" + pfx(ip6("2001:db8:5::"), 48, 7)
unr = struct.pack("!HB", 2, 1) + pfx(ip6("2001:db8:6::"), 48, 8)
a = attr(0x40, 1, b"\x00") + attr(0x40, 2, seg(2, [64496, 64511], 4)) + attr(0x40, 3, ip4("192.0.2.1")) + attr(0x80, 15, unr) + attr(0x80, 14, mp6)
out.append(bgp4mp(t + 4, 9, 4, 64496, 64497, 2, ip6("2001:db8::1"), ip6("2001:db8::2"),
                  update(pfx(ip4("10.2.0.0"), 16, 5), a, pfx(ip4("10.3.0.0"), 16, 6))))
# 6. BGP4MP_ET LOCAL_ADDPATH, no NEXT_HOP at all, empty AS path
a = attr(0x40, 1, b"\x00") + attr(0x40, 2, b"")
out.append(bgp4mp(t + 5, 11, 4, 64496, 64497, 1, ip4("192.0.2.1"), ip4("192.0.2.2"), update(b"", a, pfx(ip4("10.4.0.0"), 15, 9)), et=7))
# 7. BGP4MP_ET state change AS4 with a 7-digit microsecond field
out.append(mrt(t + 6, 17, 5, struct.pack("!IIHH", 64496, 64497, 0, 1) + ip4("192.0.2.1") + ip4("192.0.2.2") + struct.pack("!HH", 6, 1), 1234567))
# 8. IPv4-mapped and IPv4-compatible next hops, single-zero-group IPv6 text
mp6 = struct.pack("!HBB", 2, 1, 16) + ip6("::ffff:192.0.2.5") + b"\x00" + pfx(ip6("2001:db8:0:1::"), 64)
a = attr(0x40, 1, b"\x00") + attr(0x40, 2, seg(2, [64496], 4)) + attr(0x80, 14, mp6)
out.append(bgp4mp(t + 7, 4, 4, 64496, 64497, 2, ip6("2001:db8:0:1:1:1:1:1"), ip6("::192.0.2.2"), update(b"", a, b"")))
# 9. TABLE_DUMP_V2: peer table, IPv6 RIB entry with full-form MP_REACH, IPv4 entry without NEXT_HOP
peers = b"".join([struct.pack("!B", 0x02) + ip4("10.0.0.1") + ip4("192.0.2.1") + struct.pack("!I", 64496),
                  struct.pack("!B", 0x01) + ip4("10.0.0.2") + ip6("2001:db8::9") + struct.pack("!H", 64499)])
out.append(mrt(t + 8, 13, 1, ip4("10.0.0.254") + struct.pack("!H", 4) + b"edge" + struct.pack("!H", 2) + peers))
full = struct.pack("!HBB", 2, 1, 16) + ip6("2001:db8::9") + b"\x00"
ent = attr(0x40, 1, b"\x00") + attr(0x40, 2, seg(2, [64499, 64500], 4)) + attr(0x80, 14, full)
body = struct.pack("!I", 0) + pfx(ip6("2001:db8:7::"), 48) + struct.pack("!H", 1) + struct.pack("!HIH", 1, t - 5, len(ent)) + ent
out.append(mrt(t + 8, 13, 4, body))
ent = attr(0x40, 1, b"\x00") + attr(0x40, 2, seg(2, [64496], 4))
body = struct.pack("!I", 1) + pfx(ip4("10.5.0.0"), 16) + struct.pack("!H", 1) + struct.pack("!HIH", 0, t - 9, len(ent)) + ent
out.append(mrt(t + 8, 13, 2, body))
# 10. AS2 session, AS_PATH of two segments that the AS4_PATH merge must keep
#     (bgpdump repeats the first segment instead: "701 701 4200000001")
a = (attr(0x40, 1, b"\x00") + attr(0x40, 2, seg(2, [701], 2) + seg(2, [1299, 23456], 2))
     + attr(0x40, 3, ip4("192.0.2.9")) + attr(0xC0, 17, seg(2, [4200000001], 4)))
out.append(bgp4mp(t + 9, 1, 2, 701, 64497, 1, ip4("192.0.2.1"), ip4("192.0.2.2"), update(b"", a, pfx(ip4("203.0.113.128"), 25))))
open(sys.argv[1], "wb").write(b"".join(out))
