#!/bin/sh
# SPDX-License-Identifier: ISC
# irr_filter_aggregate.sh - randomized check that aggregation (-A) and
# more-specifics (-R, -r, -m) give exactly bgpq4's result: random clustered
# route sets (irr_filter_random.py, fixed seeds), bgpq4 through the fake
# IRRd vs `manrs irr filter --db` on the same file and vs manrs -h.
# Ports 18466-18467.
set -u
MANRS=${MANRS:-build/manrs}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v bgpq4 >/dev/null 2>&1 || { echo "skip: bgpq4 not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$pid" ] && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

pass=0; fail=0
seeds=${SEEDS:-1 2 3 4 5 6 7 8 9 10 11 12}
for seed in $seeds; do
	asns=$(python3 "$HERE/irr_filter_random.py" "$seed" "$tmp/r.rpsl") || exit 1
	port=$((18466 + seed % 2))
	timeout 60 python3 "$HERE/irr_fake_irrd.py" --port $port --max-seconds 50 "$tmp/r.rpsl" >/dev/null 2>&1 &
	pid=$!
	i=0
	until python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),0.2)" 2>/dev/null; do
		i=$((i + 1)); [ $i -gt 100 ] && { echo "FAIL: fake IRRd did not start"; exit 1; }; sleep 0.1
	done
	for f in "-A" "-R 24" "-r 20" "-A -R 26" "-A -r 22" "-A -m 26" "-R 24 -r 20" "-A -R 24 -r 21" \
		"-6 -A" "-6 -R 48" "-6 -A -r 44" "-6 -A -m 46" "-b -A" "-J -E -A" "-B -A"; do
		for objs in "$asns" "AS-RANDOM"; do
			# shellcheck disable=SC2086
			timeout 30 bgpq4 -h 127.0.0.1:$port -p $f $objs >"$tmp/a" 2>/dev/null
			# shellcheck disable=SC2086
			timeout 30 "$MANRS" irr filter --db "$tmp/r.rpsl" -p $f $objs >"$tmp/b" 2>/dev/null
			# shellcheck disable=SC2086
			timeout 30 "$MANRS" irr filter -h 127.0.0.1:$port -p $f $objs >"$tmp/c" 2>/dev/null
			if cmp -s "$tmp/a" "$tmp/b" && cmp -s "$tmp/a" "$tmp/c" && [ -s "$tmp/a" ]; then
				pass=$((pass + 1))
			else
				fail=$((fail + 1))
				echo "FAIL seed $seed: bgpq4 -p $f $objs"
				diff "$tmp/a" "$tmp/b" | head -5
			fi
		done
	done
	kill $pid; wait $pid 2>/dev/null; pid=""
done
echo "irr_filter_aggregate: $pass identical, $fail different"
[ $fail -eq 0 ]
