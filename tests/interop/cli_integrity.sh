#!/bin/bash
# SPDX-License-Identifier: ISC
# CLI integrity: no command loses data silently. Covers
#  - expansion limits: a route-set chain deeper than the nesting cap makes
#    `irr filter` warn and exit 1, and `irr serve` answer "F ..." (not a
#    partial list);
#  - -o FILE keeps symlinks, FIFOs and devices (writes through them), names
#    the user's path in errors, keeps the mode of a replaced file;
#  - every printing subcommand exits 1 with one message on a write error
#    (stdout on /dev/full);
#  - the CLI conventions: --json everywhere data is printed, dialect names,
#    --listen with host names, private-ASN message of irr filter.
# Env: MANRS (binary), SHARED (../shared). Ports 18480-18489.
set -u
[ -x "${MANRS:-}" ] || { echo "skip: MANRS binary not built"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 not installed"; exit 77; }
T=$(mktemp -d /tmp/cli_integrity.XXXXXX)
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
checks=0
ok() { checks=$((checks + 1)); }

# wait_port PORT [HOST]: up to 10 s for a listener
wait_port() {
	for _ in $(seq 1 100); do
		(exec 3<>/dev/tcp/${2:-127.0.0.1}/$1) 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# whois QUERY PORT [HOST]: one query, the whole answer on stdout
whois_q() {
	python3 - "$1" "$2" "${3:-127.0.0.1}" <<'PY'
import socket, sys
s = socket.create_connection((sys.argv[3], int(sys.argv[2])), timeout=10)
s.sendall((sys.argv[1] + "\n").encode())
s.shutdown(socket.SHUT_WR)
data = b""
while True:
    b = s.recv(65536)
    if not b: break
    data += b
sys.stdout.write(data.decode(errors="replace"))
PY
}

# --- 1. expansion limits (route-set nesting) ---------------------------------
python3 - "$T/chain.db" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(600):
        f.write(f"route-set: RS-N{i}\nmembers: 10.{i >> 8}.{i & 255}.0/24, RS-N{i + 1}\nsource: T\n\n")
PY
$MANRS irr filter --db "$T/chain.db" -l X RS-N0 >"$T/f.out" 2>"$T/f.err"
rc=$?
[ $rc = 1 ] || fail "irr filter on a 600-deep route-set chain: exit $rc, want 1"
grep -q "nests deeper than 512" "$T/f.err" || { cat "$T/f.err"; fail "irr filter: no nesting warning"; }
ok
$MANRS irr filter --db "$T/chain.db" -l X RS-N200 >"$T/f.out" 2>"$T/f.err" ||
	fail "irr filter on a 400-deep chain (within the cap) failed: $(cat "$T/f.err")"
[ "$(grep -c 'permit' "$T/f.out")" = 400 ] || fail "irr filter within the cap: want 400 prefixes"
ok

$MANRS irr serve -q -l 127.0.0.1:18480 --check-interval 0 "$T/chain.db" 2>"$T/serve.log" &
PIDS="$PIDS $!"
wait_port 18480 || { cat "$T/serve.log"; fail "irr serve did not start"; }
a=$(whois_q '!iRS-N0,1' 18480)
case "$a" in F*"deeper than 512"*) ;; *) fail "whois !iRS-N0,1 answered '$(echo "$a" | head -c 200)', want F" ;; esac
a=$(whois_q '!a4RS-N0' 18480)
case "$a" in F*) ;; *) fail "whois !a4RS-N0 answered '$(echo "$a" | head -c 200)', want F" ;; esac
a=$(whois_q '!iRS-N200,1' 18480)
case "$a" in A*) ;; *) fail "whois !iRS-N200,1 answered '$(echo "$a" | head -c 200)', want A" ;; esac
ok

# --- 2. -o FILE keeps symlinks, FIFOs and devices ----------------------------
$MANRS lab generate -q "$T/lab" || fail "lab generate"
VRPS=$T/lab/vrps.json
$MANRS rpki export --vrps "$VRPS" --format csv -o "$T/want.csv" || fail "rpki export -o"
mkdir "$T/real"
ln -s real/vrps.csv "$T/link.csv"     # dangling relative link: created through it
$MANRS rpki export --vrps "$VRPS" --format csv -o "$T/link.csv" || fail "rpki export -o LINK"
[ -L "$T/link.csv" ] || fail "rpki export -o replaced the symlink with a file"
cmp -s "$T/real/vrps.csv" "$T/want.csv" || fail "rpki export -o LINK: target not written"
chmod 640 "$T/real/vrps.csv"
$MANRS rpki export --vrps "$VRPS" --format csv -o "$T/link.csv" || fail "rpki export -o LINK (again)"
[ -L "$T/link.csv" ] || fail "second export replaced the symlink"
[ "$(stat -c %a "$T/real/vrps.csv")" = 640 ] || fail "rpki export -o did not keep the mode"
[ -z "$(ls -A "$T/real" | grep -v '^vrps.csv$')" ] || fail "temporary file left behind: $(ls -A "$T/real")"
ok
mkfifo "$T/fifo"
cat "$T/fifo" >"$T/fifo.out" &
CATPID=$!
timeout 20 $MANRS rpki export --vrps "$VRPS" --format csv -o "$T/fifo" || fail "rpki export -o FIFO"
wait $CATPID
[ -p "$T/fifo" ] || fail "rpki export -o replaced the FIFO"
cmp -s "$T/fifo.out" "$T/want.csv" || fail "rpki export -o FIFO: reader got other bytes"
ok
$MANRS rpki export --vrps "$VRPS" --format csv -o /dev/full 2>"$T/e"
rc=$?
[ $rc = 1 ] || fail "rpki export -o /dev/full: exit $rc, want 1"
[ -c /dev/full ] || fail "rpki export -o /dev/full replaced the device"
grep -q '/dev/full' "$T/e" || fail "error does not name /dev/full: $(cat "$T/e")"
$MANRS rpki export --vrps "$VRPS" --format csv -o "$T/nodir/x.csv" 2>"$T/e"
[ $? = 1 ] || fail "rpki export -o into a missing folder: want exit 1"
grep -q "$T/nodir/x.csv" "$T/e" || fail "error does not name the user's path: $(cat "$T/e")"
grep -q 'XXXXXX\|\.tmp' "$T/e" && fail "error names the temporary file: $(cat "$T/e")"
ok
# lab generate writes through a symlinked file and keeps it a link
mkdir "$T/lab2" "$T/elsewhere"
ln -s ../elsewhere/rib.mrt "$T/lab2/rib.mrt"
$MANRS lab generate -q "$T/lab2" || fail "lab generate into a folder with a symlink"
[ -L "$T/lab2/rib.mrt" ] || fail "lab generate replaced the rib.mrt symlink"
cmp -s "$T/elsewhere/rib.mrt" "$T/lab/rib.mrt" || fail "lab generate: rib.mrt not written through the link"
ok

# --- 3. write errors on stdout: exit 1, exactly one message ------------------
if [ -w /dev/full ]; then
	L=$T/lab
	while IFS= read -r cmd; do
		[ -n "$cmd" ] || continue
		eval "\$MANRS $cmd" >/dev/full 2>"$T/e"
		rc=$?
		[ $rc = 1 ] || fail "'manrs $cmd > /dev/full': exit $rc, want 1"
		[ "$(wc -l <"$T/e")" = 1 ] || fail "'manrs $cmd > /dev/full': want one message, got: $(cat "$T/e")"
		grep -q 'write error on standard output' "$T/e" || fail "'manrs $cmd > /dev/full': $(cat "$T/e")"
		ok
	done <<CMDS
--help
--version
help irr
bogon --help
bogon check 10.0.0.0/8 AS0 8.8.8.0/24
bogon check --json 10.0.0.0/8
bogon export --format bird
bogon export --format json
bogon list
mrt dump $L/rib.mrt $L/updates.mrt
mrt dump -m $L/updates.mrt
mrt dump --json $L/updates.mrt
mrt stats $L/rib.mrt
mrt stats --json $L/rib.mrt
rpki validate --vrps $L/vrps.json 10.0.0.0/8 AS1
rpki info --vrps $L/vrps.json
rpki export --vrps $L/vrps.json --format bird
rpki export --vrps $L/vrps.json --format json
rpki diff $L/vrps.json $L/vrps.json
irr load $L/irr.db
irr filter --db $L/irr.db -l X AS1000:AS-CUSTOMERS
irr filter --db $L/irr.db -j AS1000
lab generate $T/lab5
lab generate --json $T/lab6
CMDS
else
	echo "note: /dev/full not writable, write-error checks skipped"
fi

# --- 5. CLI conventions ---------------------------------------------------------
L=$T/lab
# --listen takes host names and bracketed IPv6, for irr serve and rtr serve
# (and rtr dump connects to a name)
$MANRS irr serve -q -l localhost:18483 -l '[::1]:18484' --check-interval 0 "$L/irr.db" 2>>"$T/serve.log" &
PIDS="$PIDS $!"
wait_port 18483 || { cat "$T/serve.log"; fail "irr serve -l localhost:PORT did not listen"; }
case "$(whois_q '!v' 18484 ::1)" in A*) ;; *) fail "irr serve -l [::1]:PORT: no answer" ;; esac
ok
$MANRS rtr serve --vrps "$L/vrps.json" --listen localhost:18485 --listen '[::1]:18486' 2>"$T/rtr.log" &
PIDS="$PIDS $!"
wait_port 18485 || { cat "$T/rtr.log"; fail "rtr serve --listen localhost:PORT did not listen"; }
wait_port 18486 ::1 || { cat "$T/rtr.log"; fail "rtr serve --listen [::1]:PORT did not listen"; }
timeout 30 $MANRS rtr dump localhost:18485 >"$T/dump.csv" || fail "rtr dump localhost:PORT"
timeout 30 $MANRS rtr dump '[::1]:18486' >"$T/dump6.csv" || fail "rtr dump [::1]:PORT"
[ "$(wc -l <"$T/dump.csv")" -gt 100 ] && cmp -s "$T/dump.csv" "$T/dump6.csv" || fail "rtr dump over names differs"
$MANRS irr serve -q -l nonexistent.invalid:18487 "$L/irr.db" 2>/dev/null
[ $? = 1 ] || fail "irr serve on an unresolvable name: want exit 1"
ok

# irr filter on a private or reserved ASN: refuse, name -p
$MANRS irr filter --db "$L/irr.db" AS64512 >"$T/o" 2>"$T/e"
[ $? = 1 ] || fail "irr filter AS64512: want exit 1"
grep -q 'private ASN, add -p' "$T/e" || fail "irr filter AS64512: $(cat "$T/e")"
$MANRS irr filter --db "$L/irr.db" AS4200000001 2>"$T/e" >/dev/null
grep -q 'private ASN, add -p' "$T/e" || fail "irr filter AS4200000001: $(cat "$T/e")"
$MANRS irr filter --db "$L/irr.db" -p AS64512 >/dev/null || fail "irr filter -p AS64512 must work"
ok

# one dialect name per vendor across exports (old names stay aliases)
for f in ios iosxr junos bird openbgpd json; do
	$MANRS bogon export --format $f >"$T/b.$f" || fail "bogon export --format $f"
	$MANRS irr filter --db "$L/irr.db" --format $f AS1000 >"$T/i.$f" || fail "irr filter --format $f"
done
for pair in "cisco ios" "juniper junos" "bird2 bird" "openbgp openbgpd" "ios-xr iosxr"; do
	set -- $pair
	$MANRS bogon export --format $1 | cmp -s - "$T/b.$2" || fail "bogon export alias $1 != $2"
	$MANRS irr filter --db "$L/irr.db" --format $1 AS1000 | cmp -s - "$T/i.$2" || fail "irr filter alias $1 != $2"
done
$MANRS irr filter --db "$L/irr.db" -J AS1000 | cmp -s - "$T/i.junos" || fail "irr filter -J != --format junos"
$MANRS irr filter --db "$L/irr.db" -X AS1000 | cmp -s - "$T/i.iosxr" || fail "irr filter -X != --format iosxr"
ok

# --json wherever data is printed: each output parses as JSON (lines)
jcheck() { python3 -c '
import json, sys
data = sys.stdin.read()
try:
    json.loads(data)
except ValueError:
    for l in data.splitlines():
        if l.strip(): json.loads(l)
' || fail "not JSON: manrs $*"; }
$MANRS bogon check --json 10.0.0.0/8 AS0 8.8.8.0/24 | jcheck bogon check
$MANRS bogon check --json - <<<'TABLE_DUMP2|1|B|192.0.2.1|3356|10.0.0.0/8|3356 64512|IGP' 2>/dev/null | jcheck bogon check - bgpdump
$MANRS bogon export --json | jcheck bogon export --json
$MANRS bogon list --json | jcheck bogon list --json
$MANRS irr load --json "$L/irr.db" | jcheck irr load --json
$MANRS irr filter --json --db "$L/irr.db" AS1000 | jcheck irr filter --json
$MANRS lab generate --json "$T/lab8" | jcheck lab generate --json
$MANRS mrt stats --json "$L/rib.mrt" | jcheck mrt stats --json
$MANRS mrt dump --json "$L/updates.mrt" | jcheck mrt dump --json
timeout 30 $MANRS rtr dump --json localhost:18485 | jcheck rtr dump --json
ok

# stop the servers (SIGTERM) and look for sanitizer reports in their logs
for p in $PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
PIDS=""
if grep -q 'AddressSanitizer\|LeakSanitizer\|runtime error' "$T"/*.log 2>/dev/null; then
	grep -h -A20 'AddressSanitizer\|LeakSanitizer\|runtime error' "$T"/*.log | head -40
	fail "sanitizer report from a server"
fi

echo "cli_integrity: $checks checks passed"
