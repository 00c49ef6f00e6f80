#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""rtr_fake_cache.py PORT MODE LOG - a scripted RTR cache on 127.0.0.1 for
the router side of manrs (rtr dump). It serves at most 8 connections, then
exits (and gives up after 30 s). MODE:
  v1only  answers a query above version 1 with Error Report 4 (version 1)
  v0only  answers a query above version 0 with Error Report 4 (version 0)
  badpdu  answers a Reset Query with a malformed IPv4 Prefix PDU and logs
          the Error Report the router sends back
  reset   answers a Reset Query with Cache Reset
  notify  sends a Serial Notify in the middle of its answer
Each line of LOG says what one connection asked for."""
import socket
import struct
import sys

SESSION = 0x2a2a


def pdu_response(v):
    return struct.pack(">BBHI", v, 3, SESSION, 8)


def pdu_prefix(v, a, plen, asn):
    return struct.pack(">BBHIBBBB4sI", v, 4, 0, 20, 1, plen, plen, 0, bytes([a, 0, 0, 0]), asn)


def pdu_eod(v, serial):
    if v == 0:
        return struct.pack(">BBHII", 0, 7, SESSION, 12, serial)
    return struct.pack(">BBHIIIII", v, 7, SESSION, 24, serial, 3600, 600, 7200)


def pdu_error(v, code, text):
    t = text.encode()
    return struct.pack(">BBHII", v, 10, code, 16 + len(t), 0) + struct.pack(">I", len(t)) + t


def read_pdu(conn):
    hdr = b""
    while len(hdr) < 8:
        chunk = conn.recv(8 - len(hdr))
        if not chunk:
            return None
        hdr += chunk
    ver, typ, sess, length = struct.unpack(">BBHI", hdr)
    body = b""
    while len(body) < length - 8:
        chunk = conn.recv(length - 8 - len(body))
        if not chunk:
            return None
        body += chunk
    return ver, typ, sess, body


def full_answer(v):
    return pdu_response(v) + pdu_prefix(v, 10, 8, 64496) + pdu_prefix(v, 11, 8, 64497) + pdu_eod(v, 7)


def serve(conn, mode, log):
    q = read_pdu(conn)
    if q is None:
        log.write("closed before a query\n")
        return
    ver, typ = q[0], q[1]
    log.write("query type %d version %d\n" % (typ, ver))
    top = {"v1only": 1, "v0only": 0}.get(mode, 2)
    if ver > top:
        conn.sendall(pdu_error(top, 4, "only version %d here" % top))
        return
    if mode == "reset":
        conn.sendall(struct.pack(">BBHI", ver, 8, 0, 8))
        return
    if mode == "badpdu":
        conn.sendall(pdu_response(ver) + struct.pack(">BBHI", ver, 4, 0, 21) + bytes(13))
        r = read_pdu(conn)
        if r:
            log.write("router sent type %d code %d\n" % (r[1], r[2]))
        return
    if mode == "notify":
        answer = full_answer(ver)
        notify = struct.pack(">BBHII", ver, 0, SESSION, 12, 8)
        conn.sendall(answer[:28] + notify + answer[28:])
    else:
        conn.sendall(full_answer(ver))
    conn.settimeout(2)
    try:
        while conn.recv(4096):
            pass
    except OSError:
        pass


def main():
    port, mode, logname = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(8)
    srv.settimeout(30)
    with open(logname, "w", buffering=1) as log:
        log.write("listening\n")
        for _ in range(8):
            try:
                conn, _ = srv.accept()
            except socket.timeout:
                return
            conn.settimeout(10)
            try:
                serve(conn, mode, log)
            except OSError as e:
                log.write("error %s\n" % e)
            finally:
                conn.close()


if __name__ == "__main__":
    main()
