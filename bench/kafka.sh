#!/bin/sh
# SPDX-License-Identifier: ISC
# The Kafka path end to end on librdkafka's mock cluster (3 brokers, the
# parsed topic in 4 partitions): a router's BMP stream (gen_bmp.py, 2
# peers x PREFIXES prefixes + UPDATES updates) into `manrs bmp serve
# --kafka`, OpenBMP rows through Kafka, into `manrs monitor --kafka-group`
# with 1 and then 2 instances in the group. Prints route changes per second
# end to end: all rows over the time from the first row any instance read
# to the last (the monitors run while the collector publishes). The mock
# cluster is in-process librdkafka code, not a Kafka server: the numbers
# measure manrs and librdkafka, not a broker's disks; and it keeps about
# 5 MB per partition (older messages are dropped), which bounds the stream
# (the defaults stay under it; a run that lost messages says so). Needs cc, python3,
# librdkafka-dev; ../shared/tools/gen_bmp.py. Port 29150 (BMP), in a
# private network namespace when unshare works.
PREFIXES=${PREFIXES:-10000}
UPDATES=${UPDATES:-10000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MANRS=${MANRS:-$ROOT/build/manrs}
SHARED=${SHARED:-$ROOT/../shared}
GEN=$SHARED/tools/gen_bmp.py
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 0; }
[ -f "$GEN" ] || { echo "skip: $GEN not found"; exit 0; }
[ -f /usr/include/librdkafka/rdkafka_mock.h ] || { echo "skip: librdkafka-dev not installed"; exit 0; }
if [ -z "$KAFKA_BENCH_NETNS" ] && unshare -n true 2>/dev/null; then
	exec env KAFKA_BENCH_NETNS=1 unshare -n sh -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi
T=$(mktemp -d /tmp/kafka_bench.XXXXXX)
PIDS=""
trap 'for p in $PIDS; do kill $p 2>/dev/null; done; [ -n "$KEEP" ] || rm -rf "$T"' EXIT INT TERM
cc -O2 -o "$T/kmb" "$ROOT/tests/tools/kafka_mock_broker.c" -lrdkafka || exit 1
python3 "$GEN" --out "$T/s.bmp" --peers 2 --prefixes "$PREFIXES" --updates "$UPDATES" \
	--pack 1 >/dev/null || exit 1

# one run: N monitors in group G on a fresh cluster; prints the rate
run() {
	n=$1
	rm -f "$T/boot" "$T"/mon*.err
	"$T/kmb" -t 600 openbmp.bmp_raw:2 openbmp.parsed.unicast_prefix:4 openbmp.parsed.peer:1 \
		>"$T/boot" </dev/null 2>"$T/kmb.log" &
	kmb=$!
	PIDS="$PIDS $kmb"
	i=0
	while [ ! -s "$T/boot" ] && [ $i -lt 200 ]; do i=$((i + 1)); sleep 0.1; done
	B=$(head -1 "$T/boot")
	[ -n "$B" ] || { echo "the mock cluster did not start"; exit 1; }
	mons=""
	for k in $(seq "$n"); do
		"$MANRS" monitor --kafka "$B" --kafka-group bench --kafka-idle-exit 5 \
			--json >/dev/null 2>"$T/mon$k.err" &
		mons="$mons $!"
	done
	PIDS="$PIDS $mons"
	sleep 5 # the group forms
	rm -f "$T/ready"
	"$MANRS" bmp serve --listen 127.0.0.1:29150 --kafka "$B" --ready-file "$T/ready" \
		2>"$T/serve.log" &
	serve=$!
	i=0
	while [ ! -e "$T/ready" ] && [ $i -lt 200 ]; do i=$((i + 1)); sleep 0.1; done
	python3 -c '
import socket, sys, time
print("%.6f" % time.monotonic(), file=open(sys.argv[2], "w"))
s = socket.create_connection(("127.0.0.1", 29150))
s.sendall(open(sys.argv[1], "rb").read())
s.settimeout(600)
s.recv(1)' "$T/s.bmp" "$T/t0"
	kill "$serve"
	wait "$serve"
	for m in $mons; do wait "$m"; done
	kill "$kmb" 2>/dev/null
	wait "$kmb" 2>/dev/null
	rows=$(sed -n 's/.*kafka: [0-9]* raw messages, \([0-9]*\) rows.*/\1/p' "$T/serve.log")
	cat "$T"/mon*.err | python3 -c '
import re, sys
n, rows, t0 = int(sys.argv[1]), int(sys.argv[2]), float(open(sys.argv[3]).read())
runs = [tuple(map(float, m.groups())) for m in re.finditer(
    r"kafka: (\d+) messages \((\d+) read again.*read from ([\d.]+) to ([\d.]+)", sys.stdin.read())]
msgs = sum(r[0] - r[1] for r in runs)
if msgs < rows:
    print("kafka path, %d monitors: only %d of %d rows read: the mock cluster dropped the rest "
          "(make the stream smaller)" % (n, msgs, rows))
    sys.exit(1)
t = max(r[3] for r in runs) - t0
print("kafka path, %d monitor%s: %d route changes (%d messages) from the first BMP byte to the "
      "last event in %.2f s: %.0f route changes/s end to end" % (n, "" if n == 1 else "s",
      rows, msgs, t, rows / t))
' "$n" "$rows" "$T/t0"
}

echo "stream: 2 peers x $PREFIXES prefixes + $UPDATES updates ($(wc -c <"$T/s.bmp") bytes)"
run 1 || exit 1
run 2 || exit 1
