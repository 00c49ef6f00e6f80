#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/bmp.sh - the BMP collector: `manrs bmp serve` against pmacct's
# pmbmpd on the same generated router stream, in one run.
#
# The stream (../shared/tools/gen_bmp.py): Initiation, Peer Up x PEERS, a
# table dump of PREFIXES IPv4 routes per peer, UPDATES Route Monitoring
# messages, Stats, Peer Down, Termination. bench/bmp_replay.c sends it over
# TCP as fast as the collector reads (the Python sender is too slow for
# 1M messages/s) and notes when the collector has read the dump, the
# updates, and when it closed the session after the Termination message.
# Both collectors are single-threaded here: CPU seconds are one core's.
#
# pmbmpd keeps its RIB (a table dump is configured, never due in a run), as
# manrs does; BMP_PM_RIB=0 runs it without (it then only parses: much
# faster and smaller, and holds no route).
# Sizes: BMP_PREFIXES per peer (100000), BMP_UPDATES (200000), BMP_PEERS (4),
# BMP_COMM_POOL (1000: routes draw their communities from 1000 sets, as
# routes share attributes in real tables; 0 = a random set per route, the
# worst case for attribute sharing). BMP_FULL=1 is the issue's size: 1M
# prefixes x 4 peers then 1M updates (5M messages, ~600 MB; generating it
# takes minutes; pmbmpd needs minutes too). BMP_FILE=F reuses a stream.
#
# Fixed loopback ports (11019, 11020): run it in its own network namespace,
#   unshare -n sh -c 'ip link set lo up; bench/bmp.sh'
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MANRS=${MANRS:-$ROOT/build/manrs}
SHARED=${SHARED:-$ROOT/../shared}
T=${BMP_TMP:-$(mktemp -d /tmp/manrs-bench-bmp.XXXXXX)}
PEERS=${BMP_PEERS:-4}
PREFIXES=${BMP_PREFIXES:-100000}
UPDATES=${BMP_UPDATES:-200000}
POOL=${BMP_COMM_POOL:-1000}
if [ "${BMP_FULL:-0}" = 1 ]; then PREFIXES=1000000; UPDATES=1000000; fi

[ -x "$MANRS" ] || { echo "bench/bmp.sh: build manrs first (make)"; exit 1; }
[ -f "$SHARED/tools/gen_bmp.py" ] || { echo "bench/bmp.sh: $SHARED/tools/gen_bmp.py not found"; exit 1; }
cc -O2 -o "$T/bmp_replay" "$ROOT/bench/bmp_replay.c" || exit 1

F=${BMP_FILE:-$T/stream.bmp}
if [ ! -f "$F" ]; then
	echo "generating $PEERS peers x $PREFIXES prefixes + $UPDATES updates (comm-pool $POOL)..."
	python3 "$SHARED/tools/gen_bmp.py" --out "$F" --peers "$PEERS" --prefixes "$PREFIXES" \
		--updates "$UPDATES" --comm-pool "$POOL" >/dev/null || exit 1
fi
# offsets and counts from the generator's manifest
eval "$(python3 - "$F.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
seg = {s["name"]: s for s in m["segments"]}
print("DUMP_END=%d TAIL=%d MSGS=%d DUMP_MSGS=%d UPD_MSGS=%d ROUTES=%d BYTES=%d" % (
    seg["dump"]["end"], seg["tail"]["offset"], m["messages"], seg["setup"]["messages"] + seg["dump"]["messages"],
    seg["updates"]["messages"], m["final_routes_total"], m["bytes"]))
EOF
)"
echo "stream: $MSGS messages, $BYTES bytes, $ROUTES routes at the end of the updates"

# wait for a file to appear (bounded)
wait_file() { i=0; while [ ! -e "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done; }
field() { awk -v k="$1" '$1 == k {print $0}' "$2"; }

# --- manrs
rm -f "$T/ready"
"$MANRS" bmp serve --listen 127.0.0.1:11019 --http 127.0.0.1:11029 --ready-file "$T/ready" 2>"$T/manrs.log" &
MP=$!
wait_file "$T/ready"
rm -f "$T/hold"
"$T/bmp_replay" -P $MP -H "$T/hold" -w -p "$DUMP_END" -p "$TAIL" "$F" 127.0.0.1 11019 >"$T/manrs.times" 2>/dev/null &
RP=$!
# the status at the tail (before the Peer Downs empty the tables)
i=0
while [ "$(cat "$T/manrs.times" 2>/dev/null | wc -l)" -lt 2 ] && [ $i -lt 6000 ]; do sleep 0.1; i=$((i + 1)); done
curl -s http://127.0.0.1:11029/status >"$T/status.json"
touch "$T/hold"
wait $RP
M_RSS=$(awk '/VmHWM/ {print $2}' /proc/$MP/status)
kill $MP; wait $MP 2>/dev/null

# --- pmbmpd
P_LINE="pmbmpd: not installed (Debian package pmacct)"
if command -v pmbmpd >/dev/null 2>&1; then
	printf 'bmp_daemon: true\nbmp_daemon_ip: 127.0.0.1\nbmp_daemon_port: 11020\nbmp_daemon_max_peers: 10\n' >"$T/pm.conf"
	# keep the routes, as manrs does: a table dump configured (never due in
	# a run) makes pmbmpd hold its RIB; BMP_PM_RIB=0 leaves it stateless
	[ "${BMP_PM_RIB:-1}" = 1 ] &&
		printf 'bmp_dump_file: %s/pm-dump-%%s.json\nbmp_dump_refresh_time: 86400\n' "$T" >>"$T/pm.conf"
	pmbmpd -f "$T/pm.conf" >"$T/pm.log" 2>&1 &
	PP=$!
	i=0; while ! grep -q ':2B0C 00000000:0000 0A' /proc/net/tcp && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	"$T/bmp_replay" -P $PP -w -p "$DUMP_END" -p "$TAIL" "$F" 127.0.0.1 11020 >"$T/pm.times" 2>/dev/null
	P_RSS=$(awk '/VmHWM/ {print $2}' /proc/$PP/status)
	kill $PP; sleep 1; kill -9 $PP 2>/dev/null; wait $PP 2>/dev/null
	P_LINE=
fi

python3 - "$T" "$MSGS" "$DUMP_MSGS" "$UPD_MSGS" "$ROUTES" "${M_RSS:-0}" "${P_RSS:-0}" "$P_LINE" <<'EOF'
import json, sys
t, msgs, dump_msgs, upd_msgs, routes, m_rss, p_rss, p_line = sys.argv[1:]
msgs, dump_msgs, upd_msgs, routes = int(msgs), int(dump_msgs), int(upd_msgs), int(routes)
def times(path):
    d = [l.split() for l in open(path)]
    # drained DUMP, drained TAIL, closed: wall s and CPU s since connect
    return [(float(x[-2]), float(x[-1])) for x in d]
def show(name, tm, rss):
    (dw, dc), (uw, uc), (cw, cc) = tm
    print("%-7s initial dump (%d msgs): %.2f s wall, %.2f s CPU | updates (%d msgs): %.2f s wall, %.2f s CPU"
          % (name, dump_msgs, dw, dc, upd_msgs, uw - dw, uc - dc))
    n = dump_msgs + upd_msgs
    print("%-7s dump + updates (%d msgs): %.2f s wall, %.2f s CPU -> %.0f msgs/s per CPU second, %.0f msgs/s wall; "
          "peak RSS %.1f MB" % (name, n, uw, uc, n / uc if uc else 0, n / uw, rss / 1024))
    return uc, uw
m = times(t + "/manrs.times")
mc, mw = show("manrs", m, int(m_rss))
st = json.load(open(t + "/status.json"))
ok = "equal" if st["routes_total"] == routes else "DIFFERENT (expected %d)" % routes
print("manrs   routes held before the Peer Downs: %d (%s), %d attribute sets, %.1f bytes/route"
      % (st["routes_total"], ok, st["attribute_sets"], st["bytes_per_route"]))
if p_line:
    print(p_line)
else:
    p = times(t + "/pm.times")
    pc, pw = show("pmbmpd", p, int(p_rss))
    print("ratio   CPU %.1fx less, wall %.1fx faster, RSS %.1fx smaller; initial dump %.1fx faster (wall)"
          % (pc / mc if mc else 0, pw / mw, int(p_rss) / int(m_rss), p[0][0] / m[0][0]))
EOF
echo "files in $T"
