# SPDX-License-Identifier: ISC
# Demo section 18 (sourced by scripts/demo.sh): Kafka between the collector
# and the monitors. A Kafka cluster for the demo is librdkafka's mock
# cluster (tests/tools/kafka_mock_broker.c, built here with cc; random
# 127.0.0.1 ports); the lab's router stream goes to `manrs bmp serve
# --kafka` on 127.0.0.1 port $PORT+50, a monitor in a consumer group reads
# the OpenBMP feed and produces its alerts in BGPalerter's format; kcat
# reads the topics when it is installed.
if section kafka "18. Kafka: collectors, a monitor group, alerts (bmp serve --kafka)" bmp serve; then
	kport=$((PORT + 50))
	root=$(cd "$(dirname "$0")/.." && pwd)
	if ! command -v cc >/dev/null 2>&1 || [ ! -f /usr/include/librdkafka/rdkafka_mock.h ] ||
		! cc -O2 -o "$work/kmb" "$root/tests/tools/kafka_mock_broker.c" -lrdkafka 2>/dev/null; then
		say "(skipped: cc and librdkafka-dev are needed for the demo's Kafka cluster)"
	else
		timeout 60 "$work/kmb" -t 50 openbmp.bmp_raw:2 openbmp.parsed.unicast_prefix:4 \
			openbmp.parsed.peer:1 bgpalerter:1 >"$work/kboot" 2>/dev/null </dev/null &
		kpid=$!
		i=0
		until [ -s "$work/kboot" ] || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
		brokers=$(head -1 "$work/kboot")
		say "A Kafka cluster (librdkafka's mock, 3 brokers) at $brokers."
		rm -f "$work/kready"
		timeout 30 "$MANRS" bmp serve --listen "127.0.0.1:$kport" --kafka "$brokers" \
			--kafka-name demo --ready-file "$work/kready" 2>"$work/kserve.log" &
		spid=$!
		i=0
		until [ -e "$work/kready" ] || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
		say "\$ manrs bmp serve --listen 127.0.0.1:$kport --kafka $brokers --kafka-name demo"
		timeout 20 python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[2])))
s.sendall(open(sys.argv[1], "rb").read())
s.settimeout(15)
s.recv(1)' "$DIR/stream.bmp" "$kport" || step_failed=1
		kill "$spid" 2>/dev/null
		wait "$spid" 2>/dev/null || step_failed=1
		grep 'kafka:' "$work/kserve.log"
		say "A monitor joins consumer group 'demo' (more instances would share the partitions):"
		showh 5 monitor --prefixes "$DIR/prefixes.yml" --config "$DIR/config.yml" \
			--vrps "$DIR/vrps.json" --kafka "$brokers" --kafka-group demo --kafka-idle-exit 2 \
			--kafka-alerts bgpalerter
		if command -v kcat >/dev/null 2>&1; then
			say "kcat reads the alerts topic (BGPalerter's reportKafka format), first one:"
			timeout 10 kcat -C -b "$brokers" -t bgpalerter -c 1 -e -q -f '%k %s\n' | cut -c1-300
		fi
		kill "$kpid" 2>/dev/null
		wait "$kpid" 2>/dev/null
	fi
	done_section kafka
fi
