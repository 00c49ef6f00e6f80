#!/bin/sh
# SPDX-License-Identifier: ISC
# The RIS Live websocket client against a local server (python3-websockets,
# tests/interop/ris_live_server.py) replaying a generated RIS Live file:
# every message must arrive and parse, the counts equal to reading the same
# file directly - over a plain run, with some messages fragmented and pings
# in between, and over a run whose first connection is cut midway (the
# client must reconnect and resume), and over wss:// with the server's
# certificate as trust anchor (and refused with another), and through a
# quiet spell longer than the idle timeout (pings keep it). Ports 18460-18465.
# Driver: build/bench/monitor_input (the inputs alone; compiled here).
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
/usr/bin/python3 -c 'import websockets' 2>/dev/null || { echo "python3-websockets not installed"; exit 77; }
SHARED=${SHARED:-../shared}
[ -r "$SHARED/tools/gen_ris_live.py" ] || { echo "gen_ris_live.py not found under $SHARED/tools"; exit 77; }
BUILD=$(dirname "$MANRS")
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d /tmp/monitor_ris_live.XXXXXX)
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$TMP"; }
trap cleanup EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }

# Under build-asan the driver is built with the same sanitizers.
case "$BUILD" in *asan*) SAN="-fsanitize=address,undefined -fno-sanitize-recover=all";; *) SAN="";; esac
cc -std=c17 -D_GNU_SOURCE -O2 $SAN -Ilib -Iserve -o "$TMP/monitor_input" bench/monitor_input.c \
	"$BUILD/libmanrs.a" -levent -levent_openssl -lssl -lcrypto -lzstd -llzma -lbz2 -lz -lm \
	|| fail "cannot build bench/monitor_input.c"

# 20,000 generated messages plus the kinds the generator does not write.
python3 "$SHARED/tools/gen_ris_live.py" --n 20000 --prefixes 5000 --monitored 500 \
	--origin-hijacks 5 --subprefix-hijacks 5 --visibility 5 --pre-window 2000 --window 500 --out "$TMP/gen" >/dev/null \
	|| fail "gen_ris_live.py"
F=$TMP/ris.jsonl
cp "$TMP/gen/messages.jsonl" "$F"
cat >>"$F" <<'JSON'
{"type":"ris_message","data":{"timestamp":1700000100.5,"peer":"2001:db8::9","peer_asn":"64500","id":"v6","host":"rrc00","type":"UPDATE","path":[64500,3356,[64510,64511]],"community":[[64500,1]],"origin":"IGP","announcements":[{"next_hop":"2001:db8::9","prefixes":["2001:db8:1::/48","2001:db8:2::/48"]}],"withdrawals":["2001:db8:3::/48"]}}
{"type":"ris_message","data":{"timestamp":1700000101,"peer":"192.0.2.7","peer_asn":"64496","id":"st","host":"rrc01","type":"RIS_PEER_STATE","state":"down"}}
{"timestamp":1700000102,"peer":"192.0.2.8","peer_asn":64497,"host":"rrc01","type":"UPDATE","path":[64497],"announcements":[{"next_hop":"192.0.2.8","prefixes":["198.51.100.0/24"]}]}
JSON

"$TMP/monitor_input" ris "$F" >"$TMP/file.out" 2>"$TMP/file.err" || fail "file input: $(cat "$TMP/file.err")"
expect=$(sed 's/ in .*//' "$TMP/file.out")
echo "file: $expect"
case "$expect" in "ris: 20003 messages, "*) ;; *) fail "file input read $expect";; esac
# The same from stdin, and gzip-compressed.
got=$("$TMP/monitor_input" ris - <"$F" | sed 's/ in .*//')
[ "$got" = "$expect" ] || fail "stdin read \"$got\""
gzip -c "$F" >"$F.gz"
got=$("$TMP/monitor_input" ris "$F.gz" | sed 's/ in .*//')
[ "$got" = "$expect" ] || fail "gzip read \"$got\""

# serve PORT [ARGS]: start the replay server, wait until it listens.
serve() {
	port=$1; shift
	timeout 180 /usr/bin/python3 "$HERE/ris_live_server.py" "$F" "$port" "$@" >"$TMP/server.$port" 2>&1 &
	SERVER=$!
	PIDS="$PIDS $SERVER"
	i=0
	until grep -qs listening "$TMP/server.$port"; do
		i=$((i + 1)); [ $i -gt 100 ] && fail "server on $port did not start: $(cat "$TMP/server.$port")"
		sleep 0.1
	done
}

# 1. One connection, the whole file.
serve 18460
timeout 120 "$TMP/monitor_input" ris-live "ws://127.0.0.1:18460/v1/ws/?client=manrs-test" \
	'{"host":"rrc00","socketOptions":{"includeRaw":false}}' >"$TMP/ws1.out" 2>"$TMP/ws1.err" \
	|| fail "websocket run: $(cat "$TMP/ws1.err")"
got=$(sed 's/ in .*//' "$TMP/ws1.out")
echo "websocket: $got"
[ "$got" = "$expect" ] || fail "websocket got \"$got\", file \"$expect\""
grep -q "monitor_input: [1-9][0-9]* ticks" "$TMP/ws1.err" || fail "the tick callback never ran"

# 2. The first connection is cut after 7,000 messages: reconnect, resume.
serve 18461 --drop-after 7000
timeout 120 "$TMP/monitor_input" ris-live "ws://127.0.0.1:18461/" >"$TMP/ws2.out" 2>"$TMP/ws2.err" \
	|| fail "websocket run with a drop: $(cat "$TMP/ws2.err")"
got=$(sed 's/ in .*//' "$TMP/ws2.out")
echo "websocket with a drop: $got"
[ "$got" = "$expect" ] || fail "after a drop got \"$got\", file \"$expect\""
grep -q "reconnecting in 1 s" "$TMP/ws2.err" || fail "no reconnect reported: $(cat "$TMP/ws2.err")"
wait "$SERVER"
grep -q "sent 20003 messages over 2 connections" "$TMP/server.18461" || fail "server: $(cat "$TMP/server.18461")"

# 3. A server quiet for 5 s with a 2 s idle timeout: the client's pings keep
# the connection (no reconnect), nothing is lost.
serve 18465 --pause 3000 5
MONITOR_INPUT_IDLE=2 timeout 120 "$TMP/monitor_input" ris-live "ws://127.0.0.1:18465/" \
	>"$TMP/ws6.out" 2>"$TMP/ws6.err" || fail "quiet server run: $(cat "$TMP/ws6.err")"
got=$(sed 's/ in .*//' "$TMP/ws6.out")
echo "websocket with a quiet server: $got"
[ "$got" = "$expect" ] || fail "quiet server: got \"$got\", file \"$expect\""
grep -q reconnecting "$TMP/ws6.err" && fail "reconnected although pings were answered: $(cat "$TMP/ws6.err")"

# 3b. Nobody listening: bounded retries, then a clear error and exit 1.
if timeout 60 "$TMP/monitor_input" ris-live "ws://127.0.0.1:18462/" >/dev/null 2>"$TMP/ws3.err"; then
	fail "succeeded with no server"
fi
grep -q "giving up after 5 failures" "$TMP/ws3.err" || fail "no give-up message: $(cat "$TMP/ws3.err")"
# 4. wss://: TLS verified against the given CA file (IP SAN 127.0.0.1).
command -v openssl >/dev/null || { echo "openssl not installed"; exit 77; }
for n in good other; do
	openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 1 \
		-addext subjectAltName=IP:127.0.0.1 -keyout "$TMP/$n.key" -out "$TMP/$n.pem" \
		>/dev/null 2>&1 || fail "openssl req"
done
serve 18463 --tls "$TMP/good.pem" "$TMP/good.key"
timeout 120 "$TMP/monitor_input" ris-live "wss://127.0.0.1:18463/v1/ws/?client=manrs-test" "" \
	"$TMP/good.pem" >"$TMP/ws4.out" 2>"$TMP/ws4.err" || fail "wss run: $(cat "$TMP/ws4.err")"
got=$(sed 's/ in .*//' "$TMP/ws4.out")
echo "wss: $got"
[ "$got" = "$expect" ] || fail "wss got \"$got\", file \"$expect\""
serve 18464 --tls "$TMP/good.pem" "$TMP/good.key"
if timeout 60 "$TMP/monitor_input" ris-live "wss://127.0.0.1:18464/" "" "$TMP/other.pem" \
	>/dev/null 2>"$TMP/ws5.err"; then
	fail "wss accepted a certificate it cannot verify"
fi
grep -q "certificate verify failed" "$TMP/ws5.err" || fail "no TLS verify error: $(cat "$TMP/ws5.err")"
kill "$SERVER" 2>/dev/null
echo "PASS"
