#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Bad routers against a running manrs rtr serve (used by rtr_robust.sh).

usage: rtr_robust.py PORT TIMEOUT SERVER_PID
Each case opens its own connection; a well-behaved sync runs beside them and
must be unaffected. Prints one line per case; exits 1 on the first failure."""
import socket, struct, sys, threading, time

PORT, TIMEOUT, PID = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])


def conn():
    s = socket.create_connection(("127.0.0.1", PORT), timeout=TIMEOUT * 3 + 5)
    return s


def read_pdus(s, until_close=True, limit=5.0):
    """Read PDUs until the server closes (or limit seconds); returns (pdus, closed)."""
    buf, pdus, closed = b"", [], False
    end = time.monotonic() + limit
    s.settimeout(0.2)
    while time.monotonic() < end:
        try:
            c = s.recv(65536)
        except socket.timeout:
            if not until_close and pdus:
                break
            continue
        except ConnectionResetError:
            closed = True
            break
        if not c:
            closed = True
            break
        buf += c
        while len(buf) >= 8:
            v, t, f, ln = struct.unpack_from("!BBHI", buf)
            if len(buf) < ln:
                break
            pdus.append((v, t, f, buf[:ln]))
            buf = buf[ln:]
    return pdus, closed


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def expect_error(name, payload, code, version=None):
    s = conn()
    s.sendall(payload)
    # generous: a full answer may come first, and a loaded machine reads it slowly
    pdus, closed = read_pdus(s, limit=60.0)
    errs = [p for p in pdus if p[1] == 10]
    if not errs or errs[-1][2] != code:
        tail = [(p[1], p[2]) for p in pdus[-5:]]
        fail(f"{name}: want Error Report {code}, got {len(pdus)} PDUs ending {tail}, closed={closed}")
    if version is not None and errs[-1][0] != version:
        fail(f"{name}: Error Report in version {errs[-1][0]}, want {version}")
    if not closed:
        fail(f"{name}: connection not closed after the Error Report")
    print(f"ok {name}: Error Report code {code} (v{errs[-1][0]}), closed")


def hdr(v, t, f, ln):
    return struct.pack("!BBHI", v, t, f, ln)


def rss_kb():
    for line in open(f"/proc/{PID}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# a healthy router syncing in the background of every case (read on a
# thread: the server drops routers that stop reading for 4x --timeout)
good = conn()
good.sendall(hdr(1, 2, 0, 8))
good_result = []
threading.Thread(target=lambda: good_result.append(read_pdus(good, until_close=False, limit=90)),
                 daemon=True).start()

expect_error("version 3 query", hdr(3, 2, 0, 8), 4, version=2)
expect_error("garbage (HTTP request)", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", 4)
expect_error("reserved PDU type 5", hdr(1, 5, 0, 8), 5)
expect_error("cache PDU from a router", hdr(1, 3, 0, 8), 3)
expect_error("bad length", hdr(1, 2, 0, 12) + b"\0" * 4, 0)
expect_error("absurd length", hdr(1, 2, 0, 0x7FFFFFF0), 0)
expect_error("version change mid-session", hdr(1, 2, 0, 8) + hdr(0, 2, 0, 8), 8, version=1)

# an Error Report from the router is never answered
s = conn()
s.sendall(hdr(1, 10, 1, 16) + struct.pack("!II", 0, 0))
pdus, closed = read_pdus(s)
if pdus or not closed:
    fail(f"router Error Report: got {[(p[1], p[2]) for p in pdus]}, closed={closed}")
print("ok router Error Report: closed without reply")

# half a PDU, then silence; and nothing at all: closed after the timeout
for name, payload in (("half PDU", hdr(1, 2, 0, 8)[:5]), ("silent router", b"")):
    s = conn()
    if payload:
        s.sendall(payload)
    t0 = time.monotonic()
    pdus, closed = read_pdus(s, limit=TIMEOUT + 10)
    if not closed:
        fail(f"{name}: not closed within {TIMEOUT + 10}s")
    print(f"ok {name}: closed after {time.monotonic() - t0:.1f}s")

# a router trickling a long PDU byte by byte must not extend its deadline
s = conn()
s.sendall(hdr(1, 10, 0, 60000))
t0 = time.monotonic()
closed = False
while time.monotonic() - t0 < TIMEOUT + 8:
    try:
        s.sendall(b"x")
    except (BrokenPipeError, ConnectionResetError):
        closed = True
        break
    pdus, closed = read_pdus(s, limit=0.5)
    if closed:
        break
if not closed:
    fail("trickling router kept its connection past the timeout")
print(f"ok trickling router: closed after {time.monotonic() - t0:.1f}s")

# routers that ask for the full set and never read: memory must stay bounded
# (under ASan run with ASAN_OPTIONS=quarantine_size_mb=4: freed buffers sit
# in the quarantine and would count as growth)
before = rss_kb()
lazy = []
for _ in range(50):
    s = conn()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.sendall(hdr(1, 2, 0, 8))
    lazy.append(s)
time.sleep(2)
grown = rss_kb() - before
if grown > 60 * 1024:
    fail(f"50 non-reading routers grew the server by {grown} KB")
print(f"ok 50 routers not reading: server RSS grew {grown} KB")

# the healthy router still gets its complete answer
for _ in range(900):
    if good_result:
        break
    time.sleep(0.1)
pdus, _ = good_result[0] if good_result else ([], False)
types = [p[1] for p in pdus]
if types.count(3) != 1 or 7 not in types:
    fail(f"healthy router did not get Cache Response..End of Data: {len(pdus)} PDUs")
print(f"ok healthy router beside them: {types.count(4) + types.count(6)} prefixes, End of Data")
for s in lazy:
    s.close()
