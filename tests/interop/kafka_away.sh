#!/bin/sh
# SPDX-License-Identifier: ISC
# The Kafka cluster is away (nothing listens at the broker address): `manrs
# bmp serve --kafka` must keep reading its router - every BMP message of
# the lab's stream applied to its tables - count what it could not publish
# in /metrics and on exit, and exit 1 because messages were lost. A small
# local queue (queue.buffering.max.messages=100) fills at once, so the
# collector must refuse further messages rather than wait for the brokers.
# Ports 29110 (BMP), 29111 (/metrics); the broker address 127.0.0.1:29112
# has no listener.
command -v curl >/dev/null 2>&1 || { echo "curl not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed"; exit 77; }
MANRS=${MANRS:-build/manrs}
[ -x "$MANRS" ] || { echo "$MANRS not built"; exit 77; }
"$MANRS" bmp serve --help | grep -q -- --kafka || { echo "manrs built without Kafka"; exit 77; }
TMP=$(mktemp -d /tmp/kafka_away.XXXXXX)
. "$(dirname "$0")/bmp_lib.inc"
trap bmp_cleanup EXIT INT TERM
BMP=29110 HTTP=29111

d=$TMP/lab
timeout 60 "$MANRS" lab generate "$d" --seed 1 -q || fail "lab generate"
MSGS=$(python3 -c '
import struct, sys
b = open(sys.argv[1], "rb").read(); off = n = 0
while off < len(b):
    off += struct.unpack(">I", b[off + 1:off + 5])[0]; n += 1
print(n)' "$d/stream.bmp")
"$MANRS" bmp serve --listen 127.0.0.1:$BMP --http 127.0.0.1:$HTTP --kafka 127.0.0.1:29112 \
	--kafka-option queue.buffering.max.messages=100 --ready-file "$TMP/ready" \
	2>"$TMP/serve.log" &
SERVE=$!
PIDS="$PIDS $SERVE"
wait_for 30 test -e "$TMP/ready" || fail "bmp serve did not start: $(head -3 "$TMP/serve.log")"
timeout 30 python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[2])))
s.sendall(open(sys.argv[1], "rb").read())
s.settimeout(20)
sys.exit(0 if s.recv(1) == b"" else 1)' "$d/stream.bmp" $BMP ||
	fail "bmp serve did not take the whole stream while the cluster was away"
metric() { curl -s "http://127.0.0.1:$HTTP/metrics" | awk -v m="$1" '$1 == m { print $2 }'; }
applied=$(metric manrs_bmp_messages_total)
failed=$(metric manrs_kafka_failed_total)
[ "$applied" = "$MSGS" ] || fail "bmp serve applied $applied of the stream's $MSGS BMP messages"
[ "$failed" -gt 0 ] || fail "/metrics: manrs_kafka_failed_total $failed while the cluster is away"
echo "cluster away: $applied BMP messages applied, $failed Kafka messages refused and counted"
kill "$SERVE"
wait "$SERVE"
rc=$?
[ $rc = 1 ] || fail "bmp serve exit $rc after losing Kafka messages (want 1)"
grep -q 'kafka: .* raw messages, .* failed' "$TMP/serve.log" || fail "no Kafka summary on exit"
echo "exit 1: $(grep 'kafka: .* raw messages' "$TMP/serve.log" | sed 's/.*kafka: //')"
echo "ok: the collector keeps its routers when Kafka is away, and says what it lost"
