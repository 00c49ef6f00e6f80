#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/serve.sh - memory of `manrs serve` with every service on a full-size
# data set: the RTR cache on SERVE_VRPS VRPs (800000), whois on an IRR of
# SERVE_IRR_ASES ASes (100000), the BMP collector and the monitor (global
# mode, SERVE_DETECTORS: rpki) holding PEERS x PREFIXES routes (4 x 250000;
# SERVE_FULL=1: 4 x 1000000, the issue's size), and HTTP. Data from
# ../shared/tools (gen_vrps.py, gen_rpsl.py, gen_bmp.py); the BMP stream is
# sent by bench/bmp_replay.c. Prints RSS after the start (data loaded),
# with the routes held, and the peak, and the API's counts as a check.
# SERVE_TMP=DIR keeps and reuses the generated files.
#
# Fixed loopback ports (19590-19593): run it in its own network namespace,
#   unshare -n sh -c 'ip link set lo up; bench/serve.sh'
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MANRS=${MANRS:-$ROOT/build/manrs}
SHARED=${SHARED:-$ROOT/../shared}
T=${SERVE_TMP:-$(mktemp -d /tmp/manrs-bench-serve.XXXXXX)}
VRPS=${SERVE_VRPS:-800000}
ASES=${SERVE_IRR_ASES:-100000}
PEERS=${SERVE_PEERS:-4}
PREFIXES=${SERVE_PREFIXES:-250000}
[ "${SERVE_FULL:-0}" = 1 ] && PREFIXES=1000000
H=19593

[ -x "$MANRS" ] || { echo "bench/serve.sh: build manrs first (make)"; exit 1; }
for g in gen_vrps.py gen_rpsl.py gen_bmp.py; do
	[ -f "$SHARED/tools/$g" ] || { echo "bench/serve.sh: $SHARED/tools/$g not found"; exit 1; }
done
mkdir -p "$T"
cc -O2 -o "$T/bmp_replay" "$ROOT/bench/bmp_replay.c" || exit 1
[ -f "$T/vrps.json" ] || python3 "$SHARED/tools/gen_vrps.py" --count "$VRPS" --aspa 2000 "$T/vrps.json" >/dev/null || exit 1
[ -f "$T/irr.db" ] || python3 "$SHARED/tools/gen_rpsl.py" "$ASES" "$T/irr.db" >/dev/null || exit 1
F=$T/stream-$PEERS-$PREFIXES.bmp
[ -f "$F" ] || python3 "$SHARED/tools/gen_bmp.py" --out "$F" --peers "$PEERS" --prefixes "$PREFIXES" \
	--updates 0 --comm-pool 1000 >/dev/null || exit 1
DUMP_END=$(python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
print([s for s in m["segments"] if s["name"] == "dump"][0]["end"])' "$F.json") || exit 1

cat >"$T/manrs.yml" <<EOT
log:
  level: warning
rtr:
  listen: 127.0.0.1:19590
  vrps: $T/vrps.json
whois:
  listen: 127.0.0.1:19591
  files: [$T/irr.db]
bmp:
  listen: 127.0.0.1:19592
monitor:
  vrps: $T/vrps.json
  detectors: [${SERVE_DETECTORS:-rpki}]
http:
  listen: 127.0.0.1:$H
EOT
rss() { awk -v k="$1:" '$1 == k {print $2}' /proc/$SP/status; }
t0=$(date +%s.%N)
"$MANRS" serve --foreground --config "$T/manrs.yml" 2>"$T/serve.log" &
SP=$!
i=0
while ! curl -sf "http://127.0.0.1:$H/api/v1/status" >"$T/status0.json" 2>/dev/null; do
	kill -0 $SP 2>/dev/null && [ $i -lt 6000 ] || { echo "the daemon did not start: $(tail -3 "$T/serve.log")"; exit 1; }
	sleep 0.1
	i=$((i + 1))
done
t1=$(date +%s.%N)
RSS_LOADED=$(rss VmRSS)
rm -f "$T/hold"
"$T/bmp_replay" -P $SP -H "$T/hold" -p "$DUMP_END" "$F" 127.0.0.1 19592 >"$T/replay.times" 2>/dev/null &
RP=$!
i=0
while [ ! -s "$T/replay.times" ] && [ $i -lt 36000 ]; do sleep 0.1; i=$((i + 1)); done
sleep 2 # the monitor's last batch and a status
curl -sf "http://127.0.0.1:$H/api/v1/status" >"$T/status1.json"
RSS_ROUTES=$(rss VmRSS)
touch "$T/hold"
wait $RP
HWM=$(rss VmHWM)
kill $SP
wait $SP
python3 - "$T" "$t0" "$t1" "$RSS_LOADED" "$RSS_ROUTES" "$HWM" "$PEERS" "$PREFIXES" <<'PY'
import json, sys
t, t0, t1, loaded, routes_rss, hwm, peers, prefixes = sys.argv[1:]
s0 = json.load(open(t + "/status0.json"))["services"]
s1 = json.load(open(t + "/status1.json"))["services"]
d = [l.split() for l in open(t + "/replay.times")][0]
mb = lambda kb: int(kb) / 1024
print("data: %d VRPs (rtr), %d IRR routes (whois), %s peers x %s prefixes (bmp + monitor)"
      % (s0["rtr"]["vrps"], s0["whois"]["routes"], peers, prefixes))
print("start (load and bind every service): %.1f s, RSS %.0f MB" % (float(t1) - float(t0), mb(loaded)))
print("routes held: bmp %d sessions, monitor %d routes from %d peers, %d alerts; initial dump read in %.1f s wall, %.1f s CPU"
      % (s1["bmp"]["routers"], s1["monitor"]["routes"], s1["monitor"]["peers"], s1["monitor"]["alerts_opened"],
         float(d[-2]), float(d[-1])))
print("RSS with every service and the routes: %.0f MB (peak %.0f MB), %.0f bytes per route over the start"
      % (mb(routes_rss), mb(hwm), (int(routes_rss) - int(loaded)) * 1024 / max(1, s1["monitor"]["routes"])))
PY
echo "files in $T"
