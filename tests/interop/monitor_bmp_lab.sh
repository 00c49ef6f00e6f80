#!/bin/sh
# SPDX-License-Identifier: ISC
# The same routes give the same alerts whichever way they come: the lab's
# collector view replayed from MRT (rib.mrt + updates.mrt) and sent as BMP
# (stream.bmp) to `manrs monitor --bmp` must raise the same alerts, line for
# line, with every detector the lab feeds; its /metrics (--metrics) count
# the alerts it printed. Seeds 1 and 3. Ports 18765 (BMP) and 18766
# (metrics) on 127.0.0.1. No peers needed (python3 plays the router).
MANRS=${MANRS:-build/manrs}
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
"$MANRS" monitor --help 2>&1 | grep -q -- --bmp || { echo "skip: manrs monitor has no --bmp"; exit 77; }
PORT=18765 MPORT=18766
tmp=$(mktemp -d) || exit 1
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

for seed in 1 3; do
	d=$tmp/lab$seed
	timeout 60 "$MANRS" lab generate "$d" --seed $seed -q || fail "lab generate --seed $seed"
	set -- --prefixes "$d/prefixes.yml" --config "$d/config.yml" --vrps "$d/vrps.json" \
		--asrel "$d/as-rel.txt" --bogons --irr "$d/irr.db"
	timeout 120 "$MANRS" monitor "$@" --mrt-rib "$d/rib.mrt" "$d/updates.mrt" >"$d/mrt.out" \
		2>"$d/mrt.err" || fail "seed $seed: monitor over MRT: $(tail -2 "$d/mrt.err")"
	rm -f "$d/ready"
	timeout 120 "$MANRS" monitor "$@" --bmp 127.0.0.1:$PORT --ready-file "$d/ready" \
		--metrics 127.0.0.1:$MPORT >"$d/bmp.out" 2>"$d/bmp.err" &
	pid=$!
	i=0
	while [ ! -e "$d/ready" ] && [ $i -lt 100 ] && kill -0 $pid 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e "$d/ready" ] || fail "seed $seed: monitor --bmp did not start: $(tail -2 "$d/bmp.err")"
	# the collector closes the session after the stream's Termination message
	timeout 60 python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[2])), timeout=30)
s.sendall(open(sys.argv[1], "rb").read())
s.shutdown(socket.SHUT_WR)
while s.recv(65536):
    pass' "$d/stream.bmp" $PORT || fail "seed $seed: sending stream.bmp"
	if command -v curl >/dev/null 2>&1; then
		timeout 10 curl -s http://127.0.0.1:$MPORT/metrics >"$d/metrics" ||
			fail "seed $seed: no /metrics"
	fi
	kill $pid
	wait $pid
	rc=$?
	pid=""
	[ $rc = 0 ] || fail "seed $seed: monitor --bmp exit $rc: $(tail -2 "$d/bmp.err")"
	n=$(grep -c ' open (' "$d/mrt.out")
	[ "$n" -ge 10 ] || fail "seed $seed: only $n alerts opened over MRT"
	cmp -s "$d/mrt.out" "$d/bmp.out" || fail "seed $seed: BMP and MRT alerts differ:
$(diff "$d/mrt.out" "$d/bmp.out" | head -8)"
	grep -q "0 input problems" "$d/bmp.err" || fail "seed $seed: input problems over BMP: $(tail -1 "$d/bmp.err")"
	if [ -f "$d/metrics" ]; then
		m=$(awk '/^manrs_monitor_alerts_total\{.*state="open"\}/ { n += $2 } END { print n + 0 }' "$d/metrics")
		[ "$m" = "$n" ] || fail "seed $seed: /metrics counts $m alerts opened, $n printed"
		# the pipeline's own: events in, routes held
		a=$(awk '/^manrs_monitor_events_total\{type="announce"\}/ { print $2 }' "$d/metrics")
		r=$(awk '/^manrs_monitor_routes / { print $2 }' "$d/metrics")
		[ "${a:-0}" -gt 0 ] && [ "${r:-0}" -gt 0 ] ||
			fail "seed $seed: /metrics has no events or routes (announce ${a:-none}, routes ${r:-none})"
	fi
	echo "seed $seed: $n alerts opened, the same over BMP as over MRT ($(wc -l <"$d/mrt.out") lines)"
done
echo "ok: monitor over BMP equals monitor over MRT on the lab"
