#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/soak.sh [MINUTES] - a long run of manrs rtr serve under churn and
# attack (not part of 'make test'; default 30 minutes).
#
# 200 RTR routers (bench/soak_routers.py, from 127.0.1.x) reconnect at
# random (mean session 60 s, half with a Serial Query, half with a Reset
# Query) and follow every Serial Notify; the VRP file changes by 1% every
# 10 s; and every other 30 s the hostile clients of
# tests/interop/rtr_hostile.py attack the RTR and HTTP ports. Afterwards:
#   - RSS back to the baseline (within 25% + 8 MB of the RSS with 200
#     routers synced before any churn),
#   - no descriptor leaked (/proc/PID/fd count back to its idle value),
#   - every router's final data identical to the last file.
# Prints the numbers; exit 0 when all three hold. Runs in its own network
# namespace when it can (unshare -n), as the interop tests do.
# Env: ROUTERS (200), VRPS (5000), RELOAD (10 s), PORT (18390, HTTP +1).
set -u
MINUTES=${1:-30}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${SOAK_IN_NS:-}" ] && unshare -n true 2>/dev/null; then
	SOAK_IN_NS=1 exec unshare -n sh -c 'ip link set lo up && exec "$0" "$@"' "$0" "$MINUTES"
fi
MANRS=${MANRS:-$ROOT/build/manrs}
ROUTERS=${ROUTERS:-200}
VRPS=${VRPS:-5000}
RELOAD=${RELOAD:-10}
PORT=${PORT:-18390}
HTTP=$((PORT + 1))
PY=$ROOT/tests/interop/rtr_vrps.py
SR=$ROOT/bench/soak_routers.py
[ -x "$MANRS" ] || { echo "soak: build manrs first ($MANRS)"; exit 1; }
TMP=$(mktemp -d /tmp/soak.XXXXXX)
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null; done; sleep 0.5; rm -rf "$TMP"; }
trap cleanup EXIT INT TERM
fail() { echo "soak: FAIL: $*"; exit 1; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$SRV/status"; }
fds() { ls "/proc/$SRV/fd" | wc -l; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SRV/stat"; }

python3 "$PY" gen "$TMP/live.json" "$VRPS" || fail "gen"
NEXP=$(python3 "$PY" expected "$TMP/live.json" | wc -l) # 1% changes keep the count
"$MANRS" rtr serve --vrps "$TMP/live.json" --listen "127.0.0.1:$PORT" --http "127.0.0.1:$HTTP" \
	--check-interval 1 --timeout 5 --max-per-source 15 --history 20 \
	--ready-file "$TMP/ready" 2>"$TMP/server.log" &
SRV=$!
PIDS="$PIDS $SRV"
for _ in $(seq 100); do [ -s "$TMP/ready" ] && break; sleep 0.2; done
[ -s "$TMP/ready" ] || fail "server not ready"
idle_fds=$(fds)
idle_rss=$(rss)
t0=$(date +%s)
ticks0=$(cpu_ticks)

SECONDS_RUN=$((MINUTES * 60))
python3 "$SR" run "$PORT" "$ROUTERS" "$SECONDS_RUN" 60 "$TMP/done" "$TMP/expect.txt" \
	"$TMP/routers.json" > "$TMP/routers.out" 2>&1 &
RPID=$!
PIDS="$PIDS $RPID"
sleep 15
base_rss=$(rss)
echo "soak: $MINUTES min, $ROUTERS routers, $VRPS VRPs; idle RSS ${idle_rss} KB, with routers ${base_rss} KB, ${idle_fds} fds idle"

# churn and attacks until the time is up
gen=0 max_rss=0 max_fds=0 next_attack=$(( $(date +%s) + 20 ))
end=$((t0 + SECONDS_RUN))
tick=$(date +%s)
while [ "$(date +%s)" -lt "$end" ]; do
	tick=$((tick + RELOAD))
	gen=$((gen + 1))
	python3 "$SR" mutate "$TMP/live.json" "$TMP/live.json" "$gen" 1 || fail "mutate"
	if [ "$(date +%s)" -ge "$next_attack" ] && [ $((end - $(date +%s))) -gt 40 ]; then
		python3 "$ROOT/tests/interop/rtr_hostile.py" "$PORT" "$HTTP" "$SRV" 30 "$NEXP" \
			"$TMP/attack.$gen.json" > "$TMP/attack.$gen.out" 2>&1 &
		PIDS="$PIDS $!"
		next_attack=$(( $(date +%s) + 60 ))
	fi
	r=$(rss); f=$(fds)
	[ "$r" -gt "$max_rss" ] && max_rss=$r
	[ "$f" -gt "$max_fds" ] && max_fds=$f
	kill -0 "$SRV" || fail "server died"
	while [ "$(date +%s)" -lt "$tick" ]; do sleep 0.5; done
done
ticks1=$(cpu_ticks)
# let the last file be loaded, then tell the routers to finish
sleep 3
python3 "$PY" expected "$TMP/live.json" > "$TMP/expect.txt"
touch "$TMP/done"
wait "$RPID"; rrc=$?
cat "$TMP/routers.out"
sleep 12 # attackers and routers gone; timeouts (5 s) expire
end_rss=$(rss); end_fds=$(fds)
hz=$(getconf CLK_TCK)
cpu=$(awk -v a="$ticks0" -v b="$ticks1" -v hz="$hz" -v s="$SECONDS_RUN" 'BEGIN {printf "%.1f", 100 * (b - a) / hz / s}')
attacks=$(ls "$TMP"/attack.*.json 2>/dev/null | wc -l)
bad_attacks=$(grep -l '"problems": \[$' "$TMP"/attack.*.json 2>/dev/null | wc -l)
metric() {
	python3 -c 'import sys, urllib.request
for l in urllib.request.urlopen(sys.argv[1], timeout=10).read().decode().splitlines():
    if l.split(" ")[0] == sys.argv[2]: print(l.split(" ")[1])' "http://127.0.0.1:$HTTP/metrics" "$1"
}
reloads=$(metric manrs_rtr_reloads_total)
refused=$(metric manrs_rtr_reloads_refused_total)
serial=$(metric manrs_rtr_serial)
echo "soak: $attacks attack rounds, $bad_attacks with a half-closing router short of data"
echo "soak: $gen file changes ($reloads reloads, last serial $serial, $refused refused), server CPU ${cpu}% of a core on average"
echo "soak: RSS ${base_rss} KB with routers at start, max ${max_rss} KB, ${end_rss} KB after; fds ${idle_fds} idle, max ${max_fds}, ${end_fds} after"
ok=0
[ "$bad_attacks" = 0 ] || { echo "soak: FAIL: a half-closing router got less than everything"; ok=1; }
[ "$rrc" = 0 ] || { echo "soak: FAIL: routers ended with data other than the file"; ok=1; }
[ "$end_fds" -le "$idle_fds" ] || { echo "soak: FAIL: descriptors leaked ($end_fds > $idle_fds)"; ok=1; }
[ "$end_rss" -le $((base_rss * 5 / 4 + 8192)) ] || { echo "soak: FAIL: RSS did not return to baseline"; ok=1; }
[ "$ok" = 0 ] && echo "soak: ok"
exit $ok
