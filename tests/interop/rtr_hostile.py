#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Hostile clients against a running manrs rtr serve (used by rtr_hostile.sh
and bench/soak.sh).

usage: rtr_hostile.py PORT HTTP_PORT SERVER_PID SECONDS EXPECTED_PREFIXES OUT_JSON [flood-only]

For SECONDS, at once: a connection flood (more sockets than the server's fd
limit, from 127.0.0.2-9), slowloris routers (a byte every 0.5 s), routers
that ask for everything and never read, routers that half-close after their
Reset Query (each must get every prefix and End of Data), malformed and
oversized PDUs, and on the HTTP port a 4 GB body, oversized headers, slow
headers and more connections than its cap. Samples the server's RSS and CPU
meanwhile and writes them, and what each attack saw, to OUT_JSON. With
"flood-only" just the flood runs (for the accept() exhaustion case).
Exits 1 when a half-closing router got less than everything."""
import json, os, resource, select, socket, struct, sys, threading, time

PORT, HTTP, PID = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
SECONDS, EXPECTED, OUT = float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
FLOOD_ONLY = len(sys.argv) > 7 and sys.argv[7] == "flood-only"
END = time.monotonic() + SECONDS
stats = {}
lock = threading.Lock()
problems = []

# this process holds many sockets: raise its own limit (not the server's)
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))


def count(key, n=1):
    with lock:
        stats[key] = stats.get(key, 0) + n


def hdr(v, t, f, ln):
    return struct.pack("!BBHI", v, t, f, ln)


def connect(port, src=None, timeout=5):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    if src:
        s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    return s


def proc_sample():
    try:
        with open(f"/proc/{PID}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])  # utime + stime
        rss = 0
        with open(f"/proc/{PID}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
        fds = len(os.listdir(f"/proc/{PID}/fd"))
        return ticks, rss, fds
    except OSError:
        return None


def flood():
    """Keep as many connections open as the kernel lets us, well beyond the
    server's fd limit; reopen the ones the server closes."""
    socks, i = [], 0
    while time.monotonic() < END:
        while len(socks) < 600 and time.monotonic() < END:
            try:
                socks.append(connect(PORT, f"127.0.0.{2 + i % 8}", timeout=1))
                count("flood_connects")
            except OSError:
                count("flood_connect_failures")
                break
            i += 1
        # drop what the server closed (readable with EOF), then top up
        r, _, _ = select.select(socks, [], [], 0.2) if socks else ([], [], [])
        for s in r:
            try:
                gone = s.recv(4096) == b""
            except OSError:
                gone = True
            if gone:
                socks.remove(s)
                s.close()
                count("flood_closed_by_server")
    for s in socks:
        s.close()


def hold(name, n, opener, step=None, interval=0.5):
    """n connections made by opener(); step(s) every interval; reopen when
    the server closes one (counted as NAME_closed_by_server)."""
    socks = []
    while time.monotonic() < END:
        while len(socks) < n:
            try:
                socks.append(opener())
            except OSError:
                count(f"{name}_connect_failures")
                time.sleep(0.2)
                break
        time.sleep(interval)
        for s in list(socks):
            try:
                if step:
                    step(s)
                r, _, _ = select.select([s], [], [], 0)
                if r and s.recv(65536, socket.MSG_PEEK) == b"":
                    raise ConnectionResetError
            except OSError:
                socks.remove(s)
                s.close()
                count(f"{name}_closed_by_server")
    for s in socks:
        s.close()


def slowloris_open():
    s = connect(PORT, "127.0.0.10")
    s.setblocking(False)
    return s


def slowloris_step(s):
    s.send(b"\x01")  # a header that never completes


def nonreader_open():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.bind(("127.0.0.11", 0))
    s.connect(("127.0.0.1", PORT))
    s.sendall(hdr(1, 2, 0, 8))
    s.setblocking(False)
    return s


def halfclose():
    """Reset Query, shutdown(SHUT_WR), read to EOF: everything must come."""
    while time.monotonic() < END:
        try:
            s = connect(PORT, "127.0.0.12", timeout=30)
            s.sendall(hdr(1, 2, 0, 8))
            s.shutdown(socket.SHUT_WR)
            buf = bytearray()
            while True:
                c = s.recv(1 << 20)
                if not c:
                    break
                buf += c
            s.close()
        except OSError as e:
            count("halfclose_errors")
            problems.append(f"half-close: {e}")
            time.sleep(0.5)
            continue
        pos, prefixes, eod = 0, 0, False
        while pos + 8 <= len(buf):
            v, t, f, ln = struct.unpack_from("!BBHI", buf, pos)
            if ln < 8 or pos + ln > len(buf):
                break
            if t in (4, 6):
                prefixes += 1
            if t == 7:
                eod = True
            pos += ln
        count("halfclose_syncs")
        count("halfclose_bytes", len(buf))
        if prefixes != EXPECTED or not eod:
            problems.append(f"half-close router got {prefixes}/{EXPECTED} prefixes, "
                            f"{len(buf)} bytes, End of Data {eod}")
            count("halfclose_short")


def malformed():
    cases = [b"GET / HTTP/1.1\r\n\r\n", hdr(1, 2, 0, 0x7FFFFFF0), hdr(9, 2, 0, 8),
             hdr(1, 2, 0, 12) + b"\0" * 4, os.urandom(64), hdr(1, 10, 0, 0xFFFFFFFF)]
    i = 0
    while time.monotonic() < END:
        try:
            s = connect(PORT, "127.0.0.13")
            s.sendall(cases[i % len(cases)])
            s.settimeout(10)
            while s.recv(65536):
                pass
            count("malformed_closed_by_server")
            s.close()
        except OSError:
            count("malformed_errors")
        i += 1
        time.sleep(0.05)


def http_status(s, limit=10):
    s.settimeout(limit)
    data = b""
    try:
        while b"\r\n" not in data:
            c = s.recv(4096)
            if not c:
                break
            data += c
    except OSError:
        pass
    line = data.split(b"\r\n", 1)[0].split()
    return int(line[1]) if len(line) > 1 and line[1].isdigit() else 0


def http_body_bomb():
    i = 0
    while time.monotonic() < END:
        i += 1
        try:
            s = connect(HTTP, "127.0.0.14")
            method = b"POST" if i % 2 else b"GET"
            s.sendall(method + b" /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 4000000000\r\n\r\n")
            s.settimeout(0.5)
            chunk = b"x" * 65536
            sent, t0 = 0, time.monotonic()
            try:
                while sent < 64 << 20 and time.monotonic() - t0 < 3:
                    sent += s.send(chunk)
            except OSError:
                pass
            count("http_bomb_bytes_sent", sent)
            count(f"http_bomb_status_{http_status(s, 3)}")
            s.close()
        except OSError:
            count("http_bomb_errors")
        time.sleep(0.2)


def http_big_headers():
    while time.monotonic() < END:
        try:
            s = connect(HTTP, "127.0.0.15")
            s.sendall(b"GET /metrics HTTP/1.1\r\n")
            try:
                for _ in range(64):
                    s.sendall(b"X-Filler: " + b"a" * 16000 + b"\r\n")
            except OSError:
                pass
            count(f"http_bigheader_status_{http_status(s, 3)}")
            s.close()
        except OSError:
            count("http_bigheader_errors")
        time.sleep(0.2)


def http_slow_open():
    s = connect(HTTP, "127.0.0.16")
    s.setblocking(False)
    return s


def http_slow_step(s):
    s.send(b"G")  # "GGGG..." never ends a request line


def http_get_metrics():
    """A legitimate scraper: counts successes and 503s while the attack runs."""
    while time.monotonic() < END:
        try:
            s = connect(HTTP, timeout=5)
            s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
            count(f"http_scrape_status_{http_status(s, 5)}")
            s.close()
        except OSError:
            count("http_scrape_errors")
        time.sleep(0.5)


def main():
    idle = [proc_sample() for _ in range(4) if not time.sleep(0.25)]
    idle_rss = max(x[1] for x in idle if x)
    idle_fds = idle[-1][2]
    jobs = [flood]
    if not FLOOD_ONLY:
        jobs += [lambda: hold("slowloris", 20, slowloris_open, slowloris_step),
                 lambda: hold("nonreader", 20, nonreader_open),
                 halfclose, malformed, http_body_bomb, http_big_headers,
                 lambda: hold("http_slow", 24, http_slow_open, http_slow_step),
                 http_get_metrics]
    threads = [threading.Thread(target=j, daemon=True) for j in jobs]
    first = proc_sample()
    t0 = time.monotonic()
    for t in threads:
        t.start()
    samples = []
    while time.monotonic() < END:
        time.sleep(0.25)
        x = proc_sample()
        if x:
            samples.append(x)
    last = proc_sample() or samples[-1]
    wall = time.monotonic() - t0
    for t in threads:
        t.join(timeout=40)
    hz = os.sysconf("SC_CLK_TCK")
    report = {
        "seconds": round(wall, 1),
        "idle_rss_kb": idle_rss,
        "max_rss_kb": max(x[1] for x in samples),
        "cpu_percent": round(100.0 * (last[0] - first[0]) / hz / wall, 1),
        "idle_fds": idle_fds,
        "max_fds": max(x[2] for x in samples),
        "counts": stats,
        "problems": problems[:10],
    }
    json.dump(report, open(OUT, "w"), indent=1)
    print(json.dumps({k: v for k, v in report.items() if k != "counts"}))
    print(json.dumps(stats, sort_keys=True))
    return 1 if problems else 0


sys.exit(main())
