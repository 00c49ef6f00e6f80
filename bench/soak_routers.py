#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Many RTR v1 routers for bench/soak.sh, in one asyncio loop.

  soak_routers.py run PORT N SECONDS MEAN_LIFE DONE_FILE EXPECT_FILE OUT_JSON
      N routers (from 127.0.1.x) keep a session each: Reset Query, then
      Serial Query on every Serial Notify, applying deltas; each drops its
      connection after a random time (exponential, mean MEAN_LIFE s) and
      reconnects with a Serial Query (its last serial) or, half the time, a
      Reset Query. After SECONDS they wait for DONE_FILE (the driver's "no
      more reloads"), sync once more, and compare their data with
      EXPECT_FILE (rtr_vrps.py expected lines). Exit 1 when any differs.
  soak_routers.py mutate IN OUT GEN PCT
      Replace PCT% of IN's VRPs with new ones unique to generation GEN.
"""
import asyncio, ipaddress, json, os, random, struct, sys, time


def mutate(src, out, gen, pct):
    doc = json.load(open(src))
    roas = doc["roas"]
    step = max(1, int(100 / pct))
    off = gen % step
    kept = [r for i, r in enumerate(roas) if i % step != off]
    for i in range(len(roas) - len(kept)):
        n = gen * 4096 + i  # unique per generation: 100.64.0.0/10 has 4M /32s
        kept.append({"asn": 4200000000 + gen, "ta": "soak", "maxLength": 32,
                     "prefix": str(ipaddress.IPv4Address(int(ipaddress.IPv4Address("100.64.0.0")) + n)) + "/32"})
    doc["roas"] = kept
    tmp = out + ".tmp"
    json.dump(doc, open(tmp, "w"))
    os.replace(tmp, out)


def norm(key):
    t, body = key
    plen, maxlen = body[0], body[1]
    if t == 4:
        addr = ipaddress.IPv4Address(body[3:7])
        asn = struct.unpack("!I", body[7:11])[0]
    else:
        addr = ipaddress.IPv6Address(body[3:19])
        asn = struct.unpack("!I", body[19:23])[0]
    return f"{asn} {ipaddress.ip_network(f'{addr}/{plen}', strict=False)} {maxlen}"


class Router:
    def __init__(self, idx, port, stats):
        self.idx, self.port, self.stats = idx, port, stats
        self.data, self.serial, self.session = set(), None, None
        self.final = False

    async def session_once(self, life, final_event):
        r, w = await asyncio.open_connection("127.0.0.1", self.port,
                                             local_addr=(f"127.0.1.{1 + self.idx % 250}", 0))
        try:
            full = self.serial is None or random.random() < 0.5
            if full:
                w.write(struct.pack("!BBHI", 1, 2, 0, 8))
            else:
                w.write(struct.pack("!BBHII", 1, 1, self.session, 12, self.serial))
            work = set() if full else set(self.data)
            busy = True
            deadline = time.monotonic() + life
            while True:
                if not busy and (final_event.is_set() or time.monotonic() > deadline):
                    return
                try:
                    h = await asyncio.wait_for(r.readexactly(8), timeout=0.5)
                except asyncio.TimeoutError:
                    continue
                v, t, f, ln = struct.unpack("!BBHI", h)
                body = await r.readexactly(ln - 8) if ln > 8 else b""
                if t == 0 and not busy:  # Serial Notify
                    w.write(struct.pack("!BBHII", 1, 1, self.session, 12, self.serial))
                    work, busy = set(self.data), True
                elif t == 3:
                    self.session = f
                elif t in (4, 6):
                    key = (t, body[1:])
                    (work.add if body[0] & 1 else work.discard)(key)
                elif t == 7:
                    self.serial = struct.unpack("!I", body[:4])[0]
                    self.session = f
                    self.data, busy = work, False
                    self.stats["syncs"] += 1
                elif t == 8:  # Cache Reset
                    w.write(struct.pack("!BBHI", 1, 2, 0, 8))
                    work, busy = set(), True
                    self.stats["cache_resets"] += 1
                elif t == 10:
                    self.stats["error_reports"] += 1
                    return
        finally:
            w.close()

    async def run(self, mean_life, final_event):
        while not final_event.is_set():
            try:
                await self.session_once(random.expovariate(1 / mean_life), final_event)
                self.stats["reconnects"] += 1
            except (OSError, asyncio.IncompleteReadError) as e:
                self.stats["connection_errors"] += 1
                await asyncio.sleep(0.5)


async def main_run(port, n, seconds, mean_life, done_file, expect_file, out):
    stats = {"syncs": 0, "reconnects": 0, "cache_resets": 0, "error_reports": 0,
             "connection_errors": 0}
    final_event = asyncio.Event()
    routers = [Router(i, port, stats) for i in range(n)]
    tasks = [asyncio.create_task(rt.run(mean_life, final_event)) for rt in routers]
    await asyncio.sleep(seconds)
    while not os.path.exists(done_file):
        await asyncio.sleep(0.5)
    final_event.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    # one last sync each (a Serial Query from where it is) once reloads stopped
    for rt in routers:
        for attempt in range(5):
            try:
                await rt.session_once(0, final_event)
                break
            except (OSError, asyncio.IncompleteReadError):
                await asyncio.sleep(1)
    expect = set(open(expect_file).read().split("\n")) - {""}
    wrong = []
    for rt in routers:
        got = {norm(k) for k in rt.data}
        if got != expect:
            wrong.append({"router": rt.idx, "serial": rt.serial, "missing": len(expect - got),
                          "extra": len(got - expect)})
    stats["routers"] = n
    stats["routers_wrong"] = len(wrong)
    stats["wrong"] = wrong[:5]
    json.dump(stats, open(out, "w"), indent=1)
    print(json.dumps(stats))
    return 1 if wrong else 0


def main():
    if sys.argv[1] == "mutate":
        mutate(sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]))
        return 0
    port, n, seconds, life = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
    return asyncio.run(main_run(port, n, seconds, life, sys.argv[6], sys.argv[7], sys.argv[8]))


sys.exit(main())
