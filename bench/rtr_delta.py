#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Time delta delivery from an RTR cache (used by bench/rtr.sh).

usage: rtr_delta.py PORT TRIGGER_FILE TIMEOUT
Full sync (v1), print "synced", then wait for TRIGGER_FILE to appear (it
holds the wall-clock time the data file was replaced), answer the Serial
Notify with a Serial Query and print the seconds from the trigger to the
delta's End of Data and the number of prefix PDUs in it."""
import os, socket, struct, sys, time

port, trigger, timeout = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
s.sendall(struct.pack("!BBHI", 1, 2, 0, 8))
buf = b""
deadline = time.time() + timeout


def pdus():
    global buf
    while time.time() < deadline:
        while len(buf) >= 8:
            v, t, f, ln = struct.unpack_from("!BBHI", buf)
            if len(buf) < ln:
                break
            p, buf = buf[:ln], buf[ln:]
            yield t, f, p
        c = s.recv(1 << 20)
        if not c:
            raise SystemExit("cache closed the connection")
        buf += c
    raise SystemExit("timeout")


session = serial = None
for t, f, p in pdus():
    if t == 3:
        session = f
    if t == 7:
        serial = struct.unpack_from("!I", p, 8)[0]
        break
print("synced", flush=True)
n = 0
for t, f, p in pdus():
    if t == 0:  # Serial Notify: ask for what changed
        s.sendall(struct.pack("!BBHII", 1, 1, session, 12, serial))
    elif t in (4, 6):
        n += 1
    elif t == 7:
        break
    elif t in (8, 10):
        raise SystemExit(f"cache answered with PDU type {t}")
end = time.time()
while not os.path.exists(trigger) and time.time() < deadline:
    time.sleep(0.01)
print(f"{end - float(open(trigger).read()):.3f} {n}")
