#!/bin/sh
# SPDX-License-Identifier: ISC
# The RTR server and its HTTP endpoint under attack (rtr_hostile.py): a
# connection flood beyond the fd limit, slowloris, routers that never read,
# half-closes, malformed and oversized PDUs, a 4 GB HTTP body, huge and slow
# HTTP headers - while Debian's rtrclient keeps syncing beside them and must
# get complete, correct data each time. Bounds asserted on the server:
#   RSS during the attack under 2x its idle RSS (+ 16 MB for the sockets),
#   no kind of log line more than 10 times in any second,
#   every half-closing router gets every prefix and End of Data,
#   the HTTP body bomb gets 413 and the huge headers 431,
#   no descriptor leaked once the attack is over.
# Then the server is run out of descriptors on purpose (--max-clients above
# ulimit -n): accept() fails, and it must pause instead of spinning (CPU
# under 50% of a core, "accept failed" logged at most once a second), and
# serve again once the flood stops. Ports 18380-18383.
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
command -v rtrclient >/dev/null || { echo "rtrclient not installed (apt-get install rtrlib-tools)"; exit 77; }
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
TMP=$(mktemp -d /tmp/rtr_hostile.XXXXXX)
. "$(dirname "$0")/rtr_lib.inc"
trap rtr_cleanup EXIT INT TERM
DIR=$(dirname "$0")
NOFILE=256
ATTACK=${HOSTILE_SECONDS:-20}

SMALL=1 GEN_COUNT=100000 rtr_data
NEXP=$(wc -l < "$TMP/expect_a.txt")

# start_limited PORT [args]: like rtr_start, under ulimit -n $NOFILE, not -v
# (warnings only: the log-rate check looks at what an operator sees).
start_limited() {
	port=$1; shift
	rm -f "$TMP/ready.$port"
	(ulimit -n $NOFILE && exec "$MANRS" rtr serve --vrps "$A" --ignore-expires \
		--listen "127.0.0.1:$port" --check-interval 1 --ready-file "$TMP/ready.$port" \
		"$@") 2>"$TMP/manrs.$port.log" &
	SRV_PID=$!
	PIDS="$PIDS $SRV_PID"
	wait_for 30 test -s "$TMP/ready.$port" || { cat "$TMP/manrs.$port.log"; fail "server on $port not ready"; }
}

# log_rate FILE: the highest count of one kind of line (digits and
# addresses blanked) within one second; the log has no timestamps, so the
# lines are stamped as they arrive by a reader started with the server.
stamp_log() {
	tail -n +1 -F "$1" 2>/dev/null | while IFS= read -r line; do
		echo "$(date +%s) $line"
	done > "$1.stamped" &
	PIDS="$PIDS $!"
}
# The server counts its budget per second of its own clock and the reader
# stamps a little later (under a second), so one stamped second may hold
# the tail of the previous one: at most 20 in any stamped second, and at
# most 10 per second over the whole run. Prints "WORST_SECOND TOTAL SPAN KIND".
log_rate() {
	python3 - "$1.stamped" <<'PY'
import collections, re, sys
per, total, first, last = collections.Counter(), collections.Counter(), {}, {}
for line in open(sys.argv[1], errors="replace"):
    t, _, msg = line.rstrip("\n").partition(" ")
    msg = re.sub(r" \([0-9]+ (similar lines|more failures|refusals) not logged\)", "", msg)
    kind = re.sub(r"[0-9a-f:.\[\]]*[0-9][0-9a-f:.\[\]]*", "N", msg)
    per[(int(t), kind)] += 1
    total[kind] += 1
    first.setdefault(kind, int(t))
    last[kind] = int(t)
worst = max(per.items(), key=lambda x: x[1], default=((0, ""), 0))
kind = worst[0][1]
print(worst[1], total[kind], last.get(kind, 0) - first.get(kind, 0) + 1, kind)
bad = [k for k in total if total[k] > 10 * (last[k] - first[k] + 1)]
sys.exit(1 if worst[1] > 20 or bad else 0)
PY
}

sync_rtrclient() {
	timeout 60 rtrclient -e -t csv -o "$TMP/rc.csv" tcp 127.0.0.1 18380 >/dev/null 2>&1 ||
		return 1
	python3 "$RTR_PY" rtrclient-csv "$TMP/rc.csv" | cmp -s - "$TMP/expect_a.txt"
}

# 1. everything at once, with the default client limit (from ulimit -n)
start_limited 18380 --http 127.0.0.1:18381 --timeout 2 --max-per-source 15
stamp_log "$TMP/manrs.18380.log"
sync_rtrclient || fail "rtrclient before the attack"
python3 "$DIR/rtr_hostile.py" 18380 18381 "$SRV_PID" "$ATTACK" "$NEXP" "$TMP/attack.json" \
	> "$TMP/attack.out" 2>&1 &
ATK=$!
sleep 2
n=0
while kill -0 $ATK 2>/dev/null; do
	sync_rtrclient || { cat "$TMP/attack.out"; fail "rtrclient during the attack: incomplete or wrong data"; }
	n=$((n + 1))
done
wait $ATK || { cat "$TMP/attack.out"; fail "attack run reported problems"; }
cat "$TMP/attack.out"
[ $n -ge 1 ] || fail "rtrclient never ran during the attack"
kill -0 "$SRV_PID" || fail "server died"
python3 - "$TMP/attack.json" <<'PY' || fail "bounds exceeded"
import json, sys
r = json.load(open(sys.argv[1]))
c = r["counts"]
bad = []
if r["max_rss_kb"] > 2 * r["idle_rss_kb"] + 16384:
    bad.append(f"RSS {r['max_rss_kb']} KB > 2x idle {r['idle_rss_kb']} KB + 16 MB")
if r["max_fds"] > 256:
    bad.append(f"{r['max_fds']} descriptors open, over ulimit -n")
if c.get("halfclose_syncs", 0) < 1:
    bad.append("no half-closing router completed")
if c.get("http_bomb_status_413", 0) < 1:
    bad.append(f"HTTP body bomb never got 413: {c}")
if c.get("http_bigheader_status_431", 0) < 1:
    bad.append(f"huge HTTP headers never got 431: {c}")
if c.get("http_scrape_status_200", 0) < 1:
    bad.append("no /metrics scrape succeeded during the attack")
if c.get("slowloris_closed_by_server", 0) < 1:
    bad.append("slowloris routers were never closed")
if c.get("flood_connects", 0) <= 256:
    bad.append("the flood did not exceed the fd limit")
print("; ".join(bad) or "bounds ok")
sys.exit(1 if bad else 0)
PY
sync_rtrclient || fail "rtrclient after the attack"
echo "ok rtrclient synced $n times during the attack, complete each time"
# descriptors back to the idle count once the attackers are gone
idle_fds=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["idle_fds"])' "$TMP/attack.json")
wait_for 20 sh -c "[ \$(ls /proc/$SRV_PID/fd | wc -l) -le $idle_fds ]" ||
	fail "descriptors leaked: $(ls /proc/$SRV_PID/fd | wc -l) open, $idle_fds before"
rate=$(log_rate "$TMP/manrs.18380.log") || fail "a log line repeated more than 10 times a second: $rate"
echo "most frequent log line (in one second, in all, over seconds): $rate"
echo "ok RSS, descriptors and log rate within bounds"
kill -TERM "$SRV_PID"

# 2. out of descriptors on purpose: accept() fails with EMFILE
start_limited 18382 --max-clients 100000 --timeout 5
stamp_log "$TMP/manrs.18382.log"
python3 "$DIR/rtr_hostile.py" 18382 18383 "$SRV_PID" 8 "$NEXP" "$TMP/emfile.json" flood-only \
	> "$TMP/emfile.out" 2>&1 || { cat "$TMP/emfile.out"; fail "flood run"; }
cat "$TMP/emfile.out"
grep -q "accept failed: Too many open files" "$TMP/manrs.18382.log" ||
	fail "the flood did not exhaust the server's descriptors"
python3 - "$TMP/emfile.json" <<'PY' || fail "server spun while out of descriptors"
import json, sys
r = json.load(open(sys.argv[1]))
print(f"CPU {r['cpu_percent']}% while out of descriptors")
sys.exit(0 if r["cpu_percent"] < 50 else 1)
PY
lines=$(grep -c "accept failed" "$TMP/manrs.18382.log")
[ "$lines" -le 20 ] || fail "'accept failed' logged $lines times in 8 seconds"
timeout 60 rtrclient -e -t csv -o "$TMP/rc2.csv" tcp 127.0.0.1 18382 >/dev/null 2>&1 ||
	fail "rtrclient after the descriptor flood"
python3 "$RTR_PY" rtrclient-csv "$TMP/rc2.csv" | cmp -s - "$TMP/expect_a.txt" ||
	fail "rtrclient got wrong data after the flood"
echo "ok out of descriptors: paused ($lines log lines), recovered, rtrclient complete"
exit 0
