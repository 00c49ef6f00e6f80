#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Tiny fake IRRd for manrs interop tests: serves RPSL files with the IRRd
query dialogue bgpq4/bgpq3 speak (!!, !n, !a, !s-lc, !s, !i, !g, !6, !q).

Only for tests on loopback: one thread per client, bounded lifetime."""
import argparse
import re
import socket
import sys
import threading
import time


def parse_rpsl(paths):
    objs = []
    for path in paths:
        cur = []
        with open(path, encoding="utf-8", errors="replace") as f:
            for raw in f:
                line = raw.rstrip("\r\n")
                if not line.strip():
                    if cur:
                        objs.append(cur)
                    cur = []
                    continue
                if line[0] in "#%":
                    continue
                if line[0] in " \t+" and cur:
                    cur[-1][1] += " " + line[1:].strip()
                    continue
                if ":" not in line:
                    continue
                k, v = line.split(":", 1)
                cur.append([k.strip().lower(), v.split("#", 1)[0].strip()])
        if cur:
            objs.append(cur)
    return objs


class DB:
    def __init__(self, paths):
        self.routes = {4: {}, 6: {}}
        self.sets = {}
        self.rsets = {}
        for o in parse_rpsl(paths):
            cls, key = o[0][0], o[0][1]
            attrs = {}
            for k, v in o:
                attrs.setdefault(k, []).append(v)
            if cls in ("route", "route6"):
                fam = 4 if cls == "route" else 6
                for org in attrs.get("origin", [])[:1]:  # single-valued, as the manrs db keeps it
                    m = re.match(r"(?i)as(\d+)", org.strip())
                    if m:
                        lst = self.routes[fam].setdefault(int(m.group(1)), [])
                        if key not in lst:
                            lst.append(key)
            elif cls in ("as-set", "route-set"):
                mem = []
                for k in ("members", "mp-members"):
                    for v in attrs.get(k, []):
                        mem += [x for x in re.split(r"[\s,]+", v) if x]
                (self.sets if cls == "as-set" else self.rsets)[key.upper()] = mem

    def expand(self, name, recursive):
        name = name.upper()
        if name in self.rsets:
            return self.rsets[name]
        if name not in self.sets:
            return None
        if not recursive:
            return self.sets[name]
        seen, out, stack = {name}, [], [name]
        while stack:
            for m in self.sets.get(stack.pop(), []):
                u = m.upper()
                if u in self.sets:
                    if u not in seen:
                        seen.add(u)
                        stack.append(u)
                elif re.match(r"AS\d+$", u) and u not in out:
                    out.append(u)
        return out


def answer(db, q, args):
    if q == "!!" or q == "":
        return None
    if q.startswith("!n"):
        return "C\n"
    if q.startswith("!a"):
        if args.with_a and q == "!a":
            return "F Missing required set name for A query\n"
        if args.with_a and q[2:3] in "46":
            fam = int(q[2])
            asns = db.expand(q[3:], True) or []
            res = []
            for a in asns:
                for p in db.routes[fam].get(int(a[2:]), []):
                    if p not in res:
                        res.append(p)
            return data(" ".join(res))
        return "D\n"
    if q == "!s-lc":
        return data(args.sources)
    if q.startswith("!s"):
        return "C\n"
    if q.startswith("!i"):
        body = q[2:]
        rec = body.endswith(",1")
        if rec:
            body = body[:-2]
        if "::" in body:
            body = body.split("::", 1)[1]
        res = db.expand(body, rec)
        if res is None:
            return "D\n"
        return data(" ".join(res))
    if q.startswith("!g") or q.startswith("!6"):
        fam = 4 if q[1] == "g" else 6
        m = re.match(r"(?i)as(\d+)$", q[2:])
        if not m:
            return "F bad AS\n"
        return data(" ".join(db.routes[fam].get(int(m.group(1)), [])))
    return "D\n"


def data(s):
    if not s:
        return "C\n"
    b = s + "\n"
    return "A%d\n%sC\n" % (len(b.encode()), b)


def serve(conn, db, args):
    conn.settimeout(args.max_seconds)
    buf = b""
    try:
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            buf += chunk
            out = []
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                q = line.decode(errors="replace").strip()
                if args.log:
                    with open(args.log, "a") as lf:
                        lf.write(q + "\n")
                if q == "!q":
                    conn.sendall("".join(out).encode())
                    return
                r = answer(db, q, args)
                if r:
                    out.append(r)
            if out:
                # one write per batch: bgpq4 reads !n/!a/!s-lc replies with one read()
                conn.sendall("".join(out).encode())
    except (OSError, socket.timeout):
        pass
    finally:
        conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--max-seconds", type=float, default=60)
    ap.add_argument("--log")
    ap.add_argument("--with-a", action="store_true")
    ap.add_argument("--sources", default="RADB,TEST")
    ap.add_argument("rpsl", nargs="+")
    args = ap.parse_args()
    db = DB(args.rpsl)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", args.port))
    s.listen(16)
    s.settimeout(0.5)
    print("ready", flush=True)
    end = time.time() + args.max_seconds
    while time.time() < end:
        try:
            c, _ = s.accept()
        except socket.timeout:
            continue
        threading.Thread(target=serve, args=(c, db, args), daemon=True).start()
    s.close()


if __name__ == "__main__":
    sys.exit(main())
