#!/usr/bin/python3
# SPDX-License-Identifier: ISC
# Receive the UDP packets sav_send.py sends (IPv4 and IPv6, port 9999) and
# print "NAME SRC" for each, until "id=END" arrives (then drain for one
# second) or LIMIT seconds pass. Usage: sav_recv.py ADDR4 ADDR6 LIMIT
import select
import socket
import sys
import time

addr4, addr6, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
s4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s4.bind((addr4, 9999))
s6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s6.bind((addr6, 9999))
print("READY", flush=True)
deadline = time.monotonic() + limit
while time.monotonic() < deadline:
    r, _, _ = select.select([s4, s6], [], [], max(0.0, deadline - time.monotonic()))
    for s in r:
        data, peer = s.recvfrom(2048)
        name = data.decode(errors="replace").removeprefix("id=")
        if name == "END":
            deadline = min(deadline, time.monotonic() + 1.0)
            continue
        print(name, peer[0], flush=True)
