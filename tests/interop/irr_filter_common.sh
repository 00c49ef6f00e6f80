# SPDX-License-Identifier: ISC
# irr_filter_common.sh - sourced (not run) by the irr_filter_*.sh interop
# tests: data files, loopback IRRd servers, and the byte-for-byte check of
# Debian's bgpq4 against `manrs irr filter`. Not executable on purpose.
# Before sourcing set BASE_PORT (3 ports are used: BASE, BASE+1, BASE+2),
# and PEER=bgpq3 to compare bgpq3 with `manrs irr filter --bgpq3`.
MANRS=${MANRS:-build/manrs}
PEER=${PEER:-bgpq4}
COMPAT=""
[ "$PEER" = bgpq3 ] && COMPAT="--bgpq3"
SHARED=${SHARED:-../shared}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v "$PEER" >/dev/null 2>&1 || { echo "skip: $PEER not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }

tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

dbs="$HERE/data/irr_filter.rpsl"
if [ -f "$SHARED/tools/gen_rpsl.py" ]; then
	python3 "$SHARED/tools/gen_rpsl.py" 300 "$tmp/gen.db" 11 && dbs="$dbs $tmp/gen.db"
fi
DN42="$SHARED/data/irr/dn42-registry-2023-10-22/dn42-registry-all.rpsl"
[ -f "$DN42" ] && [ "${USE_DN42:-1}" = 1 ] && dbs="$dbs $DN42"
dbargs=""
for d in $dbs; do dbargs="$dbargs --db $d"; done

wait_port() { # port
	i=0
	while [ $i -lt 100 ]; do
		python3 -c "import socket; socket.create_connection(('127.0.0.1',$1),0.2)" 2>/dev/null && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}

# start_servers KIND... (classic: fake IRRd without !a; with-a: fake with
# IRRd 4's !a; manrs: `manrs irr serve`, skipped when it cannot start)
servers=""
start_servers() {
	port=$BASE_PORT
	for kind in "$@"; do
		case $kind in
		classic|with-a)
			a=""; [ "$kind" = with-a ] && a="--with-a"
			# shellcheck disable=SC2086
			timeout 130 python3 "$HERE/irr_fake_irrd.py" --port $port $a --max-seconds 125 $dbs >/dev/null 2>&1 &
			pids="$pids $!";;
		manrs)
			"$MANRS" irr serve --help >/dev/null 2>&1 || { port=$((port + 1)); continue; }
			# shellcheck disable=SC2086
			timeout 130 "$MANRS" irr serve -q -l 127.0.0.1:$port $dbs >"$tmp/serve.log" 2>&1 &
			pids="$pids $!";;
		esac
		if wait_port $port; then
			servers="$servers $port:$kind"
		else
			echo "FAIL: $kind server on port $port did not start"; exit 1
		fi
		port=$((port + 1))
	done
}

pass=0; fail=0
# check PORT KIND FLAGS OBJECTS: bgpq4 -h vs manrs -h on the same server;
# for servers with !a also manrs --db (local dumps). Both refusing a
# combination (non-zero exit) counts as identical.
check() {
	port=$1; kind=$2; flags=$3; objs=$4
	# shellcheck disable=SC2086
	timeout 30 "$PEER" -h 127.0.0.1:$port $flags $objs >"$tmp/a" 2>/dev/null; ra=$?
	# shellcheck disable=SC2086
	timeout 30 "$MANRS" irr filter $COMPAT -h 127.0.0.1:$port $flags $objs >"$tmp/b" 2>/dev/null; rb=$?
	if { [ $ra -eq 0 ] && [ $rb -eq 0 ] && cmp -s "$tmp/a" "$tmp/b"; } || { [ $ra -ne 0 ] && [ $rb -ne 0 ]; }; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL [$kind -h] $PEER $flags $objs (rc $ra/$rb)"
		diff "$tmp/a" "$tmp/b" | head -5
	fi
	# bgpq3 never uses !a, so the local db must match it on every server
	[ "$kind" = classic ] && [ "$PEER" = bgpq4 ] && return
	[ "${LOCAL:-1}" = 1 ] || return
	# shellcheck disable=SC2086
	timeout 30 "$MANRS" irr filter $COMPAT $dbargs $flags $objs >"$tmp/c" 2>/dev/null; rc=$?
	if { [ $ra -eq 0 ] && [ $rc -eq 0 ] && cmp -s "$tmp/a" "$tmp/c"; } || { [ $ra -ne 0 ] && [ $rc -ne 0 ]; }; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL [$kind --db] $PEER $flags $objs (rc $ra/$rc)"
		diff "$tmp/a" "$tmp/c" | head -5
	fi
}
