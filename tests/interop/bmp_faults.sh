#!/bin/sh
# SPDX-License-Identifier: ISC
# Faulty routers against manrs bmp serve, while a healthy one stays
# connected: one sends garbage after good messages, one disconnects in the
# middle of a message, one announces a message larger than --max-msg. Each
# session must be closed with a logged reason naming the router and the
# byte offset; their routes must turn stale and go after --stale-grace;
# the healthy router's routes must stay exactly as sent. Then 100 routers
# connect at once and every route of every one must arrive.
# Streams from ../shared/tools/gen_bmp.py, sent by bench/bmp_replay.c.
# Ports: 18720 (BMP), 18721 (HTTP).
command -v curl >/dev/null || { echo "curl not installed"; exit 77; }
command -v cc >/dev/null || { echo "cc not installed (builds bench/bmp_replay.c)"; exit 77; }
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
GEN=$SHARED/tools/gen_bmp.py
[ -f "$GEN" ] || { echo "$GEN not found (the BMP stream generator)"; exit 77; }
TMP=$(mktemp -d /tmp/bmp_faults.XXXXXX)
. "$(dirname "$0")/bmp_lib.inc"
trap bmp_cleanup EXIT INT TERM
BMP=18720 HTTP=18721
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cc -O2 -o "$TMP/replay" "$ROOT/bench/bmp_replay.c" || fail "cannot build bmp_replay"
REPLAY=$TMP/replay

python3 "$GEN" --out "$TMP/s.bmp" --peers 2 --prefixes 3000 --updates 3000 >/dev/null || fail "gen_bmp.py"
eval "$(python3 -c "
import json; m = json.load(open('$TMP/s.bmp.json')); s = {x['name']: x for x in m['segments']}
print('TAIL=%d DUMP_END=%d FINAL=%d' % (s['tail']['offset'], s['dump']['end'], m['final_routes_total']))")"
head -c "$TAIL" "$TMP/s.bmp" > "$TMP/good.bmp"     # no Peer Down, no Termination
head -c "$DUMP_END" "$TMP/s.bmp" > "$TMP/dump.bmp" # setup and table dump only
# a message announcing 2 MB (version 3, length 2000000, Route Monitoring)
printf '\003\000\036\204\200\000' > "$TMP/big.bmp"
head -c 4096 /dev/zero >> "$TMP/big.bmp"

bmp_start $BMP $HTTP --stale-grace 3s --max-msg 65536

# the healthy router stays connected until we close its stdin
mkfifo "$TMP/hold"
"$REPLAY" -S 127.0.1.1 -k "$TMP/good.bmp" 127.0.0.1 $BMP < "$TMP/hold" 2>/dev/null &
PIDS="$PIDS $!"
exec 3>"$TMP/hold"
routes_are() { [ "$(status_field $HTTP "d['routes_total']")" = "$1" ]; }
wait_for 60 routes_are "$FINAL" || fail "the healthy router's $FINAL routes did not arrive: $(status_field $HTTP "d['routes_total']")"

"$REPLAY" -S 127.0.1.2 -g 5000 "$TMP/good.bmp" 127.0.0.1 $BMP 2>/dev/null || fail "replay (garbage)"
"$REPLAY" -S 127.0.1.3 -c $((TAIL - 7)) "$TMP/good.bmp" 127.0.0.1 $BMP 2>/dev/null || fail "replay (cut)"
"$REPLAY" -S 127.0.1.4 "$TMP/big.bmp" 127.0.0.1 $BMP 2>/dev/null
closed() { [ "$(status_field $HTTP "d['closed_error'], d['closed_mid_message']")" = "2 1" ]; }
wait_for 60 closed || fail "want 2 sessions closed for errors and 1 mid-message: $(status_field $HTTP "d['closed_error'], d['closed_mid_message']")"
LOG=$TMP/manrs.$BMP.log
grep -q "router 127.0.1.2:[0-9]*: session closed: byte offset $TAIL: " "$LOG" ||
	fail "no log line for the garbage at byte offset $TAIL"
grep -q "router 127.0.1.3:[0-9]*: session closed: disconnected in the middle of a message at byte offset [0-9]*" "$LOG" ||
	fail "no log line for the disconnect in the middle of a message"
grep -q "router 127.0.1.4:[0-9]*: session closed: byte offset 0: .*2000000" "$LOG" ||
	fail "no log line for the oversized message"
echo "garbage, a cut message and an oversized message: each session closed, logged with router and offset:"
grep "session closed: " "$LOG" | sed 's/^/  /' | cut -c1-160

healthy() {
	status $HTTP | python3 -c "
import json, sys
d = json.load(sys.stdin)
r = {x['name']: x for x in d['router_list']}
h = r['127.0.1.1']
n = sum(sum(p['routes'].values()) for p in h['peers'])
sys.exit(0 if h['connected'] and 'stale_since' not in h and n == $FINAL else 1)"
}
healthy || fail "the healthy router was disturbed"
stale=$(status_field $HTTP "d['routes_stale']")
[ "$stale" = $((2 * FINAL)) ] || fail "want the $((2 * FINAL)) routes of the two faulty routers stale, got $stale"
echo "healthy router untouched ($FINAL routes, connected); $stale routes of the faulty ones stale"
wait_for 30 routes_are "$FINAL" || fail "stale routes still there after the grace time: $(status_field $HTTP "d['routes_total'], d['routes_stale']")"
[ "$(status_field $HTTP "d['routers'], d['stale_routes_dropped']")" = "1 $((2 * FINAL))" ] ||
	fail "after the grace time: routers, dropped = $(status_field $HTTP "d['routers'], d['stale_routes_dropped']")"
echo "after --stale-grace 3s: the faulty routers' routes dropped, the healthy router's kept"

DUMP_ROUTES=6000
"$REPLAY" -n 100 "$TMP/dump.bmp" 127.0.0.1 $BMP 2>/dev/null || fail "100 routers at once"
want=$((FINAL + 100 * DUMP_ROUTES))
wait_for 120 routes_are "$want" || fail "100 routers: want $want routes, got $(status_field $HTTP "d['routes_total']")"
[ "$(status_field $HTTP "d['connections'], d['closed_error']")" = "104 2" ] ||
	fail "100 routers: connections, errors = $(status_field $HTTP "d['connections'], d['closed_error']")"
healthy || fail "the healthy router was disturbed by 100 routers"
echo "100 routers at once: all $((100 * DUMP_ROUTES)) routes arrived, no error; the healthy router untouched"
exec 3>&-
exit 0
