#!/bin/sh
# SPDX-License-Identifier: ISC
# manrs serve as systemd runs it and as scripts do:
#  1. readiness over NOTIFY_SOCKET (python plays systemd): READY=1 with a
#     STATUS once serving, RELOADING=1 then READY=1 around a SIGHUP,
#     STOPPING=1 on SIGTERM;
#  2. without --foreground the command returns 0 once the daemon serves,
#     with the pidfile written; a config whose port is taken returns 1
#     with the reason on stderr;
#  3. make install puts the unit (Type=notify, sandboxed) and a config that
#     passes --check-config once its data exists;
#  4. as root: binds the privileged RTR port 323, then runs as the user of
#     the config (nobody), serves, and reloads as that user.
# Ports 19530-19533, and 323 (inside the test's own network namespace).
MANRS=${MANRS:-build/manrs}
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
command -v curl >/dev/null 2>&1 || { echo "skip: curl not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
"$MANRS" serve --help >/dev/null 2>&1 || { echo "skip: manrs serve not built in"; exit 77; }
TMP=$(mktemp -d /tmp/serve_systemd.XXXXXX)
. "$(dirname "$0")/serve_lib.inc"
trap serve_cleanup EXIT INT TERM

serve_lab 1
cat >"$TMP/manrs.yml" <<EOT
rtr:
  listen: 127.0.0.1:19530
  vrps: $TMP/lab/vrps.json
http:
  listen: 127.0.0.1:19533
pidfile: $TMP/manrs.pid
EOT

# 1. sd_notify
timeout 60 python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
out = open(sys.argv[2], "w")
while True:
    m = s.recv(4096).decode()
    out.write(m.replace("\n", " ") + "\n")
    out.flush()
    if "STOPPING=1" in m:
        break' "$TMP/notify.sock" "$TMP/notify.log" &
PIDS=$!
wait_for 50 test -S "$TMP/notify.sock" || fail "no notify socket"
NOTIFY_SOCKET=$TMP/notify.sock serve_start "$TMP/manrs.yml" 19533
wait_for 50 grep -q "READY=1" "$TMP/notify.log" || fail "no READY=1"
grep "READY=1" "$TMP/notify.log" | grep -q "STATUS=serving: rtr http" || fail "status: $(cat "$TMP/notify.log")"
kill -HUP $SERVE_PID
wait_for 50 grep -q "RELOADING=1" "$TMP/notify.log" || fail "no RELOADING=1"
wait_for 50 sh -c "[ \$(grep -c READY=1 '$TMP/notify.log') -ge 2 ]" || fail "no READY=1 after the reload"
kill $SERVE_PID
wait $SERVE_PID || fail "exit status on SIGTERM"
SERVE_PID=""
wait_for 50 grep -q "STOPPING=1" "$TMP/notify.log" || fail "no STOPPING=1"
echo "sd_notify: $(tr '\n' '|' <"$TMP/notify.log" | cut -c1-150)"

# 2. background
rm -f "$TMP/manrs.pid"
timeout 30 "$MANRS" serve --config "$TMP/manrs.yml" 2>"$TMP/bg.err" || fail "background start: $(cat "$TMP/bg.err")"
[ -s "$TMP/manrs.pid" ] || fail "no pidfile"
SERVE_PID=$(cat "$TMP/manrs.pid")
api 19533 /api/v1/status >/dev/null || fail "the background daemon does not answer"
sed 's/19533/19530/' "$TMP/manrs.yml" | sed "s|$TMP/manrs.pid|$TMP/other.pid|" >"$TMP/taken.yml"
if timeout 30 "$MANRS" serve --config "$TMP/taken.yml" 2>"$TMP/taken.err"; then
	fail "a second daemon on a taken port reported success"
fi
grep -q "19530" "$TMP/taken.err" || fail "the error does not name the address: $(cat "$TMP/taken.err")"
kill "$SERVE_PID"
wait_for 50 sh -c "! kill -0 $SERVE_PID" || fail "the background daemon did not stop"
SERVE_PID=""
echo "background: returned 0 once serving (pid in the pidfile); a taken port returns 1: $(head -1 "$TMP/taken.err")"

# 3. make install
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ -f "$ROOT/Makefile" ] && [ -f "$ROOT/contrib/systemd/manrs.service" ]; then
	make -s -C "$ROOT" install DESTDIR="$TMP/inst" PREFIX=/usr BUILD="$(dirname "$MANRS")" >"$TMP/inst.log" 2>&1 ||
		fail "make install: $(tail -3 "$TMP/inst.log")"
	u=$TMP/inst/lib/systemd/system/manrs.service
	for k in Type=notify NoNewPrivileges=yes ProtectSystem=strict CapabilityBoundingSet=CAP_NET_BIND_SERVICE \
		"ExecReload=/bin/kill -HUP" "ExecStart=/usr/bin/manrs serve --foreground"; do
		grep -q "^$k" "$u" || fail "the unit lacks $k"
	done
	c=$TMP/inst/etc/manrs/manrs.yml
	[ -f "$c" ] || fail "no config installed"
	sed "s|/var/lib/manrs/vrps.json|$TMP/lab/vrps.json|" "$c" >"$TMP/installed.yml"
	"$MANRS" serve --check-config --config "$TMP/installed.yml" >/dev/null || fail "the installed config does not check"
	echo "install: unit (Type=notify, sandboxed) and a default config that checks"
fi
# 4. privileged port, then an unprivileged user
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	chmod 755 "$TMP"
	mkdir -m 755 "$TMP/pub"
	cp "$TMP/lab/vrps.json" "$TMP/pub/vrps.json"
	chmod 644 "$TMP/pub/vrps.json"
	cat >"$TMP/pub/manrs.yml" <<EOT
user: nobody
rtr:
  listen: 127.0.0.1:323
  vrps: $TMP/pub/vrps.json
http:
  listen: 127.0.0.1:19533
EOT
	chmod 644 "$TMP/pub/manrs.yml"
	serve_start "$TMP/pub/manrs.yml" 19533
	uid=$(awk '/^Uid:/ {print $2 " " $3}' /proc/$SERVE_PID/status)
	[ "$uid" = "$(id -u nobody) $(id -u nobody)" ] || fail "the daemon runs as uid $uid, not nobody"
	timeout 20 "$MANRS" rtr dump --count 127.0.0.1:323 >"$TMP/dump323" 2>&1 || fail "RTR on port 323: $(cat "$TMP/dump323")"
	kill -HUP $SERVE_PID
	wait_for 50 sh -c "curl -sf http://127.0.0.1:19533/api/v1/status | grep -q '\"ok_count\":1'" ||
		fail "no reload as nobody: $(tail -3 "$TMP/serve.log")"
	kill $SERVE_PID
	wait $SERVE_PID || fail "exit status as nobody"
	SERVE_PID=""
	echo "privileges: bound 127.0.0.1:323 as root, served and reloaded as nobody (uid $uid)"
fi
echo "ok: systemd readiness, background start, install, privilege drop"
