#!/bin/bash
# SPDX-License-Identifier: ISC
# Interop: 'manrs irr serve' under attack while Debian's bgpq4 keeps
# querying. A python3 attacker opens more connections than the server's fd
# limit (ulimit -n 256 here), dribbles query bytes (slowloris), asks for
# big answers it never reads, half-closes, and sends malformed and
# oversized queries. Meanwhile bgpq4 must get complete, correct answers
# every time. The server's RSS, CPU and log rate are sampled during the
# attack and bounded:
#   - RSS at most 2x the idle RSS and at most 16 MiB above it (the output
#     budget is 2 MiB here; before the budget, 20 never-reading clients
#     held 4 MiB each), and back near idle (1.3x) once they are gone;
#   - CPU under 90% of one core on average (an accept() spin is 100%);
#   - no more than 10 log lines in any second.
# Env: MANRS. Port 18423. Runs in about 30 s.
set -u
command -v bgpq4 >/dev/null || { echo "skip: bgpq4 not installed"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 not installed"; exit 77; }
[ -x "${MANRS:-}" ] || { echo "skip: MANRS binary not built"; exit 77; }
python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.2", 0))' 2>/dev/null ||
	{ echo "skip: cannot bind 127.0.0.2 (loopback /8 not routed here)"; exit 77; }

T=$(mktemp -d /tmp/whois_hostile.XXXXXX)
PID=""
cleanup() { [ -n "$PID" ] && { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; }; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- server log (tail):"; tail -20 "$T/serve.log" 2>/dev/null; exit 1; }
PORT=18423
H=127.0.0.1:$PORT
ATTACK_SECONDS=15

# 20 origins with 1500 /28s each, all in AS-TEST; the expected bgpq4
# output is written alongside (sorted prefixes). 400,000 more routes of
# other origins make the data set a small registry.
python3 - "$T/db" "$T/expect" <<'PY'
import ipaddress, sys
base = int(ipaddress.ip_address("10.0.0.0"))
with open(sys.argv[1], "w") as f, open(sys.argv[2], "w") as e:
    f.write("as-set: AS-TEST\nmembers: %s\nsource: TEST\n\n" %
            ", ".join("AS%d" % (64500 + a) for a in range(20)))
    nets = []
    for a in range(20):
        for k in range(1500):
            n = ipaddress.ip_network((base + (a * 1500 + k) * 16, 28))
            nets.append(n)
            f.write("route: %s\norigin: AS%d\nsource: TEST\n\n" % (n, 64500 + a))
    for n in sorted(nets):
        e.write("%s\n" % n)
    # filler outside AS-TEST, so that the idle process is sized like a
    # real registry's (the bounds below are relative to it)
    base = int(ipaddress.ip_address("11.0.0.0"))
    for k in range(400000):
        f.write("route: %s\norigin: AS%d\nsource: TEST\n\n" %
                (ipaddress.ip_network((base + k * 16, 28)), 65000 + k % 1000))
PY

(ulimit -n 256 && exec $MANRS irr serve -q -l $H --check-interval 0 --query-timeout 3 \
	--output-budget 2 --client-buffer 64 "$T/db") 2>"$T/serve.log" &
PID=$!
for _ in $(seq 100); do
	(exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break
	sleep 0.1
done
(exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null || fail "server did not start"

query() { # $1 = output file; bgpq4 must answer correctly within 20 s
	timeout 20 bgpq4 -h $H -4 -F '%n/%l\n' AS-TEST 2>"$1.err" | sort -V >"$1" &&
		cmp -s "$1" <(sort -V "$T/expect")
}
query "$T/warm" || fail "bgpq4 before the attack: wrong or no answer"
sleep 1
read -r IDLE_RSS < <(awk '/^VmRSS/ {print $2}' /proc/$PID/status)

# Sample RSS (kB), CPU ticks and log lines every 0.2 s until told to stop.
python3 - "$PID" "$T/serve.log" "$T/stop" >"$T/samples" <<'PY' &
import os, sys, time
pid, log, stop = sys.argv[1], sys.argv[2], sys.argv[3]
hz = os.sysconf("SC_CLK_TCK")
t0 = time.time()
def cpu():
    f = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / hz
c0 = cpu()
while not os.path.exists(stop) and time.time() - t0 < 120:
    rss = [l.split()[1] for l in open("/proc/%s/status" % pid) if l.startswith("VmRSS")][0]
    lines = sum(1 for _ in open(log, errors="replace"))
    print("%.2f %s %.2f %d" % (time.time() - t0, rss, cpu() - c0, lines), flush=True)
    time.sleep(0.2)
PY
MON=$!

# The attacker: prints one line of results as key=value pairs.
timeout 90 python3 - "$PORT" "$ATTACK_SECONDS" >"$T/attack" 2>"$T/attack.err" <<'PY' &
import select, socket, sys, time
port, secs = int(sys.argv[1]), float(sys.argv[2])
end = time.time() + secs
res = {"flood_open_max": 0, "flood_refused": 0, "slow_closed": 0, "noread": 0,
       "halfclose_ok": 0, "halfclose_bad": 0, "nul_ok": 0, "long_ok": 0, "junk": 0}

def conn(src, rcvbuf=None, block=False):
    s = socket.socket()
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind((src, 0))
    s.settimeout(5)
    s.connect(("127.0.0.1", port))
    if not block:
        s.setblocking(False)
    return s

def read_all(s, limit=5):
    s.settimeout(limit)
    out = b""
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            out += b
    except OSError:
        pass
    return out

flood = []      # silent connections: more than the server's fd limit
slow = []       # [socket, next byte time]
noread = []     # big answers never read
last_misc = 0
while time.time() < end:
    # 1. keep 400 silent connections open from 127.0.0.2
    while len(flood) < 400:
        try:
            flood.append(conn("127.0.0.2"))
        except OSError:
            break
    res["flood_open_max"] = max(res["flood_open_max"], len(flood))
    r, _, _ = select.select(flood, [], [], 0)
    for s in r:
        try:
            d = s.recv(4096)
        except OSError:
            d = b""
        if not d or d.startswith(b"F "):
            res["flood_refused"] += 1
            s.close()
            flood.remove(s)
    # 2. five slowloris clients, one byte every 2 s
    while len(slow) < 5:
        s = conn("127.0.0.3")
        s.send(b"!!\n")
        slow.append([s, time.time()])
    for e in list(slow):
        if time.time() >= e[1]:
            try:
                if e[0].send(b"!") != 1:
                    raise OSError
                e[1] = time.time() + 2
            except OSError:
                res["slow_closed"] += 1
                e[0].close()
                slow.remove(e)
    # 3. twenty clients asking for big answers and never reading
    while len(noread) < 20:
        s = conn("127.0.0.4", rcvbuf=4096)
        try:
            s.send(b"!!\n" + b"!a4AS-TEST\n" * 300)
        except OSError:
            pass
        noread.append(s)
        res["noread"] += 1
    for s in list(noread):
        try:
            s.send(b"")  # a closed one is replaced
            if select.select([s], [], [], 0)[0] and s.recv(1, socket.MSG_PEEK) == b"":
                raise OSError
        except OSError:
            s.close()
            noread.remove(s)
    # 4. every 0.5 s: a half-close, a NUL, an oversized line, junk
    if time.time() - last_misc > 0.5:
        last_misc = time.time()
        s = conn("127.0.0.5", block=True)
        s.sendall(b"!gAS64500")
        s.shutdown(socket.SHUT_WR)
        a = read_all(s)
        ok = a.startswith(b"A") and a.endswith(b"\nC\n") and b"10.0.23.96/28" in a
        res["halfclose_ok" if ok else "halfclose_bad"] += 1
        s.close()
        s = conn("127.0.0.5", block=True)
        s.sendall(b"!!\n!gAS64500\x00junk\n")
        if read_all(s).startswith(b"F Query contains a NUL byte"):
            res["nul_ok"] += 1
        s.close()
        s = conn("127.0.0.5", block=True)
        try:
            s.sendall(b"!i" + b"A" * 20000)
        except OSError:
            pass
        if read_all(s).startswith(b"F Query too long"):
            res["long_ok"] += 1
        s.close()
        s = conn("127.0.0.5", block=True)
        try:
            s.sendall(bytes(range(256)) * 8 + b"\n!q\n")
            res["junk"] += len(read_all(s)) > 0
        except OSError:
            pass
        s.close()
    time.sleep(0.05)
for s in flood + [e[0] for e in slow] + noread:
    s.close()
print(" ".join("%s=%d" % kv for kv in res.items()))
PY
ATT=$!

# The real client keeps querying during the attack.
n=0 bad=0
t_end=$((SECONDS + ATTACK_SECONDS))
while [ $SECONDS -lt $t_end ]; do
	n=$((n + 1))
	query "$T/q$n" || { bad=$((bad + 1)); cp "$T/q$n.err" "$T/bad.err" 2>/dev/null; }
	sleep 0.2
done
wait $ATT || fail "the attacker failed: $(tail -3 "$T/attack.err")"
sleep 3 # attackers gone: connections closed, memory given back
: >"$T/stop"
wait $MON
read -r AFTER_RSS < <(awk '/^VmRSS/ {print $2}' /proc/$PID/status)
kill -0 $PID 2>/dev/null || fail "the server died"

eval "$(tr ' ' '\n' <"$T/attack" | sed 's/^/A_/')"
echo "attack: $(cat "$T/attack")"
read -r MAX_RSS CPU SECS MAX_LOG < <(python3 - "$T/samples" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
t = [float(r[0]) for r in rows]; rss = [int(r[1]) for r in rows]
cpu = [float(r[2]) for r in rows]; lines = [int(r[3]) for r in rows]
# most log lines written within any 1 s window
worst = max((lines[j] - lines[i] for i in range(len(t)) for j in range(i, len(t))
             if t[j] - t[i] <= 1.0), default=0)
print(max(rss), "%.2f" % cpu[-1], "%.1f" % t[-1], worst)
PY
)
echo "bgpq4: $n runs, $bad wrong; RSS idle ${IDLE_RSS} kB, max ${MAX_RSS} kB, after ${AFTER_RSS} kB;" \
	"CPU ${CPU} s in ${SECS} s; at most ${MAX_LOG} log lines in a second"

[ "$bad" = 0 ] || fail "bgpq4 got a wrong or no answer $bad of $n times ($(head -c 300 "$T/bad.err"))"
[ "$n" -ge 5 ] || fail "bgpq4 ran only $n times"
[ "$A_flood_open_max" -gt 256 ] || fail "the attacker held only $A_flood_open_max connections"
[ "$A_flood_refused" -gt 0 ] || fail "no silent connection was refused or closed"
[ "$A_slow_closed" -ge 5 ] || fail "slowloris clients were not closed at their query deadline"
[ "$A_halfclose_bad" = 0 ] && [ "$A_halfclose_ok" -gt 0 ] || fail "half-closed queries not answered"
[ "$A_nul_ok" -gt 0 ] || fail "a query with a NUL byte was not refused"
[ "$A_long_ok" -gt 0 ] || fail "an oversized query was not refused"
[ "$MAX_RSS" -le $((IDLE_RSS * 2)) ] || fail "RSS ${MAX_RSS} kB over 2x idle (${IDLE_RSS} kB)"
# the budget (2 MiB), connection state and one answer's working set
[ $((MAX_RSS - IDLE_RSS)) -le 16384 ] || fail "RSS grew by $((MAX_RSS - IDLE_RSS)) kB, more than 16 MiB"
[ "$AFTER_RSS" -le $((IDLE_RSS * 13 / 10)) ] || fail "RSS after the attack ${AFTER_RSS} kB, idle was ${IDLE_RSS} kB"
python3 -c "import sys; sys.exit(0 if $CPU < 0.9 * $SECS else 1)" || fail "CPU ${CPU} s in ${SECS} s"
[ "$MAX_LOG" -le 10 ] || fail "$MAX_LOG log lines within one second"
grep -q "output budget" "$T/serve.log" || fail "never-readers were not shed by the output budget"
echo "ok: whois under attack: bgpq4 answered correctly $n times"
