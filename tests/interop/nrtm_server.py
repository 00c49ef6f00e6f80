#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# A small NRTM v3 server of our own, answering as IRRd does, for
# tests/interop/fetch_nrtm.sh. The journal is a JSON file, reread on each
# connection so the test can change it between queries:
#   {"source": "TEST", "first": 90, "truncate": false,
#    "ops": [{"serial": 101, "op": "ADD", "obj": "route: ...\n..."}, ...]}
# "first" is the oldest serial the server still has; a query from before it
# gets %ERROR:401; one after the last serial gets IRRd's "no newer updates"
# warning; "truncate" drops the %END line (a broken connection).
# usage: nrtm_server.py PORT JOURNAL LOG
import json
import re
import socketserver
import sys

PORT, JOURNAL, LOG = int(sys.argv[1]), sys.argv[2], sys.argv[3]
QUERY = re.compile(r"^-g\s+([A-Za-z0-9_-]+):(\d+):(\d+)-(\d+|LAST)\s*$")


def answer(query):
    j = json.load(open(JOURNAL))
    src, ops = j["source"], j["ops"]
    m = QUERY.match(query)
    if not m:
        return "%ERROR:405: syntax error\n"
    source, version, first = m.group(1), int(m.group(2)), int(m.group(3))
    if source.upper() != src.upper():
        return "%%ERROR:403: unknown source %s\n" % source
    if version != 3:
        return "%ERROR:405: only version 3 here\n"
    last_serial = ops[-1]["serial"] if ops else j["first"]
    last = last_serial if m.group(4) == "LAST" else int(m.group(4))
    if first > last_serial:
        return "%% Warning: there are no newer updates available\n"
    if first < j["first"]:
        return "%%ERROR:401: (Invalid range: serial(s) %d-%d don't exist)\n" % (first, last)
    out = ["%%START Version: 3 %s %d-%d\n" % (src, first, last)]
    for op in ops:
        if first <= op["serial"] <= last:
            out.append("\n%s %d\n\n%s\n" % (op["op"], op["serial"], op["obj"].rstrip("\n")))
    if not j.get("truncate"):
        out.append("\n%%END %s\n" % src)
    return "".join(out)


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        self.request.settimeout(10)
        line = self.rfile.readline(1024).decode(errors="replace").strip()
        with open(LOG, "a") as f:
            f.write(line + "\n")
        self.wfile.write(answer(line).encode())


class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


Server(("127.0.0.1", PORT), Handler).serve_forever()
