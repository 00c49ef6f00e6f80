#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/rtr.sh - manrs rtr serve vs StayRTR on the same VRP file, in one run.
# Prints time to ready, RSS, full-sync time for 1 and N concurrent routers
# (the same C client, 'manrs rtr dump --count', for both) and delta delivery
# after 1% of the set changes; then the ratios (StayRTR / manrs).
#
# Input: the real rpki-client snapshot in ../shared/data (723k VRPs) when
# present, else a generated 800k-VRP file (../shared/tools/gen_vrps.py).
# Env: CLIENTS (500), STAYRTR_CLIENTS (100: StayRTR holds every client's
# PDUs in memory, 1.1 GB peak at 50 clients, so 500 could exhaust a shared
# machine), SYNC_TIMEOUT (120 s per concurrent run), PORT (18380).
# Run it alone: it uses both cores.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MANRS=${MANRS:-$ROOT/build/manrs}
SHARED=${SHARED:-$(cd "$ROOT/.." && pwd)/shared}
CLIENTS=${CLIENTS:-500}
STAYRTR_CLIENTS=${STAYRTR_CLIENTS:-100}
SYNC_TIMEOUT=${SYNC_TIMEOUT:-120}
PORT=${PORT:-18380}
PY=$ROOT/tests/interop/rtr_vrps.py
[ -x "$MANRS" ] || { echo "bench/rtr: build manrs first ($MANRS)"; exit 1; }
command -v stayrtr >/dev/null || { echo "bench/rtr: stayrtr not installed, skipped"; exit 0; }
TMP=$(mktemp -d /tmp/bench_rtr.XXXXXX)
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null; done; sleep 0.5; rm -rf "$TMP"; }
trap cleanup EXIT INT TERM

REAL=$SHARED/data/rpki/rpkilog-rpki-client-2025-07-20/rpkiclient_summary_20250720T093135Z.json.bz2
if [ -r "$REAL" ]; then
	# StayRTR drops VRPs past "expires" (the snapshot is from 2025): strip it for both.
	python3 "$PY" noexpires "$REAL" "$TMP/vrps.json"
	INPUT="real rpki-client snapshot 2025-07-20"
elif [ -r "$SHARED/tools/gen_vrps.py" ]; then
	python3 "$SHARED/tools/gen_vrps.py" --count 800000 --aspa 2000 --aspa-format both "$TMP/vrps.json" >/dev/null
	INPUT="generated 800k VRPs"
else
	echo "bench/rtr: no input data, skipped"; exit 0
fi
python3 "$PY" mutate "$TMP/vrps.json" "$TMP/vrps-1pct.json" 1
NVRPS=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['roas']))" "$TMP/vrps.json")
echo "input: $INPUT, $NVRPS VRPs; $CLIENTS concurrent clients; $(nproc) cores"

now() { date +%s.%N; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }
synced_count() { "$MANRS" rtr dump --count --timeout 30 "127.0.0.1:$1" 2>/dev/null | sed -n 's/.* vrps4=\([0-9]*\) vrps6=\([0-9]*\).*/\1 \2/p'; }
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }

# run NAME PORT NCLIENTS CMD...: start a server on a copy of the file, measure everything
run() {
	name=$1 port=$2 nc=$3; shift 3
	cp "$TMP/vrps.json" "$TMP/cur-$name.json"
	t0=$(now)
	"$@" "$TMP/cur-$name.json" >"$TMP/$name.log" 2>&1 &
	pid=$!; PIDS="$PIDS $pid"
	# ready = a router gets the data (StayRTR accepts before it has loaded)
	i=0
	while [ $i -lt 600 ]; do
		c=$(synced_count "$port")
		[ -n "$c" ] && [ "${c% *}" -gt 0 ] && break
		sleep 0.05; i=$((i + 1))
	done
	ready=$(awk -v a="$(now)" -v b="$t0" 'BEGIN { printf "%.3f", a - b }')
	sleep 1
	rss_kb=$(rss $pid)
	one=$("$MANRS" rtr dump --count --timeout 120 "127.0.0.1:$port" | field eod_max)
	many_out=$("$MANRS" rtr dump --count --clients "$nc" --timeout "$SYNC_TIMEOUT" "127.0.0.1:$port" 2>/dev/null)
	many=$(echo "$many_out" | field total)
	done_n=$(echo "$many_out" | field completed)
	peak_kb=$(hwm $pid)
	# delta: a synced router, then 1% of the file changes
	rm -f "$TMP/trigger"
	python3 "$ROOT/bench/rtr_delta.py" "$port" "$TMP/trigger" 120 > "$TMP/delta-$name.out" &
	dpid=$!
	i=0; while [ $i -lt 1200 ] && ! grep -q synced "$TMP/delta-$name.out"; do sleep 0.1; i=$((i + 1)); done
	cp "$TMP/vrps-1pct.json" "$TMP/cur-$name.json.tmp"
	now > "$TMP/trigger.tmp"; mv "$TMP/cur-$name.json.tmp" "$TMP/cur-$name.json"; mv "$TMP/trigger.tmp" "$TMP/trigger"
	wait $dpid
	delta=$(tail -1 "$TMP/delta-$name.out")
	kill $pid; wait $pid 2>/dev/null
	printf '%-8s ready %6.2fs  rss %7d KB  sync1 %7.3fs  sync x%d %8.2fs (%s done)  peak %7d KB  delta %ss (%s PDUs)\n' \
		"$name" "$ready" "$rss_kb" "$one" "$nc" "${many:-0}" "${done_n:-0}" "$peak_kb" "${delta% *}" "${delta#* }"
	eval "${name}_ready=$ready ${name}_rss=$rss_kb ${name}_one=$one ${name}_many=${many:-0} ${name}_done=${done_n:-0} ${name}_delta=${delta% *}"
}

run stayrtr "$PORT" "$STAYRTR_CLIENTS" stayrtr -bind "127.0.0.1:$PORT" -metrics.addr "127.0.0.1:$((PORT + 1))" \
	-checktime=false -refresh 1 -log.verbose=false -cache
run manrs "$((PORT + 2))" "$CLIENTS" "$MANRS" rtr serve --listen "127.0.0.1:$((PORT + 2))" --check-interval 1 --vrps

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'; }
echo "ratios (StayRTR / manrs; higher is better for manrs):"
echo "  time to ready      $(ratio "$stayrtr_ready" "$manrs_ready")x"
echo "  RSS loaded         $(ratio "$stayrtr_rss" "$manrs_rss")x   (goal >= 5)"
echo "  full sync, 1       $(ratio "$stayrtr_one" "$manrs_one")x   (goal >= 3)"
# per-client throughput, since the two runs may use different client counts
if [ "$stayrtr_done" = "$STAYRTR_CLIENTS" ]; then
	echo "  concurrent syncs   $(ratio "$(awk -v d="$manrs_done" -v t="$manrs_many" 'BEGIN { print d / t }')" "$(awk -v d="$stayrtr_done" -v t="$stayrtr_many" 'BEGIN { print d / t }')")x syncs/s (manrs $manrs_done in ${manrs_many}s, StayRTR $stayrtr_done in ${stayrtr_many}s)"
else
	echo "  concurrent syncs   StayRTR finished $stayrtr_done of $STAYRTR_CLIENTS in ${SYNC_TIMEOUT}s; manrs $manrs_done of $CLIENTS in ${manrs_many}s"
fi
echo "  delta delivery     $(ratio "$stayrtr_delta" "$manrs_delta")x"
