#!/bin/bash
# SPDX-License-Identifier: ISC
# Interop: 'manrs irr serve' reloads a changed dump but refuses one that
# lost most of its objects (emptied or cut short): it keeps answering from
# the last good data and says why (--max-shrink, default 50%). A dump
# rewritten within the same second with the same size is still noticed
# (mtime compared to the nanosecond), and a dump that ends mid-line gets a
# warning about a truncated last object. Env: MANRS. Port 18421.
set -u
command -v python3 >/dev/null || { echo "skip: python3 not installed"; exit 77; }
[ -x "${MANRS:-}" ] || { echo "skip: MANRS binary not built"; exit 77; }

T=$(mktemp -d /tmp/irr_serve_reload.XXXXXX)
PID=""
cleanup() { [ -n "$PID" ] && { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; }; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- server log:"; cat "$T/serve.log" 2>/dev/null; exit 1; }
PORT=18421

# 100 routes of AS64500 (10.0.N.0/24) and one of AS64501.
gen() { # $1 = file, $2 = how many AS64500 routes, $3 = AS64501's prefix
	python3 - "$@" <<'PY'
import sys
path, n, other = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "w") as f:
    for i in range(n):
        f.write(f"route: 10.0.{i}.0/24\norigin: AS64500\nsource: TEST\n\n")
    f.write(f"route: {other}\norigin: AS64501\nsource: TEST\n")
PY
}
# ask QUERY: print the server's answer to one !-query
ask() {
	timeout 10 python3 - "$PORT" "$1" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(sys.argv[2].encode() + b"\n")
out = b""
while True:
    b = s.recv(65536)
    if not b: break
    out += b
print(out.decode(errors="replace"), end="")
PY
}
# wait_for QUERY WANT: poll until the answer contains WANT (at most 15 s)
wait_for() {
	for _ in $(seq 150); do
		ask "$1" | grep -q -- "$2" && return 0
		sleep 0.1
	done
	return 1
}
# wait_log TEXT: until the server log has TEXT (at most 15 s)
wait_log() {
	for _ in $(seq 150); do
		grep -q -- "$1" "$T/serve.log" && return 0
		sleep 0.1
	done
	return 1
}

gen "$T/a.db" 100 192.0.2.0/24
touch -d "2026-01-01 00:00:00.100000000" "$T/a.db"
$MANRS irr serve -v -l 127.0.0.1:$PORT --check-interval 1 "$T/a.db" 2>"$T/serve.log" &
PID=$!
wait_for '!gAS64501' '192.0.2.0/24' || fail "server did not start"

# 1. emptied: refused, the old data stays
: >"$T/a.db"
wait_log "reload refused" || fail "an emptied file was not refused"
grep -q "100% fewer than the 101 served (--max-shrink 50%)" "$T/serve.log" || fail "refusal does not say why"
ask '!gAS64501' | grep -q 192.0.2.0/24 || fail "emptied file: old data no longer served"
ask '!gAS64500' | grep -q '10.0.99.0/24' || fail "emptied file: AS64500 routes lost"

# 2. cut short mid-object (30 of 101 objects, no final newline): refused and warned
gen "$T/a.db" 100 192.0.2.0/24
head -c 1234 "$T/a.db" >"$T/cut" && mv "$T/cut" "$T/a.db"
wait_log "does not end with a newline" || fail "no warning about a truncated last object"
for _ in $(seq 150); do
	[ "$(grep -c 'reload refused' "$T/serve.log")" -ge 2 ] && break
	sleep 0.1
done
[ "$(grep -c 'reload refused' "$T/serve.log")" -ge 2 ] || fail "a truncated file was not refused"
ask '!gAS64501' | grep -q 192.0.2.0/24 || fail "truncated file: old data no longer served"

# 3. a small change is taken
gen "$T/a.db" 90 198.51.100.0/24
touch -d "2026-01-01 00:00:01.100000000" "$T/a.db"
wait_for '!gAS64501' '198.51.100.0/24' || fail "a 10% smaller file was not reloaded"

# 4. same size, same second, other nanoseconds: still reloaded
size=$(stat -c %s "$T/a.db")
gen "$T/a.db" 90 198.51.101.0/24
[ "$(stat -c %s "$T/a.db")" = "$size" ] || fail "test bug: sizes differ"
touch -d "2026-01-01 00:00:01.200000000" "$T/a.db"
wait_for '!gAS64501' '198.51.101.0/24' || fail "a rewrite within the same second was missed"

# 5. --max-shrink 100 turns the check off
kill "$PID"; wait "$PID" 2>/dev/null; PID=""
$MANRS irr serve -v -l 127.0.0.1:$PORT --check-interval 1 --max-shrink 100 "$T/a.db" 2>"$T/serve.log" &
PID=$!
wait_for '!gAS64501' '198.51.101.0/24' || fail "server did not restart"
gen "$T/a.db" 0 192.0.2.0/24
wait_for '!gAS64500' '^C' || fail "--max-shrink 100 still refused a reload"
$MANRS irr serve --max-shrink 50% "$T/a.db" 2>/dev/null; [ $? = 2 ] || fail "--max-shrink 50%: want exit 2"
echo "ok: reload guard (emptied, truncated, small change, same-second rewrite, off)"
