#!/bin/sh
# Bad input and limits: garbage, wrong versions, bad lengths, half PDUs,
# silent and non-reading routers each get the Error Report the RFCs define
# (or a timeout close) while a healthy router beside them syncs normally;
# --max-per-source, --allow, /metrics, /status, SIGHUP and a clean SIGTERM.
# --slurm, --max-age, IPv4+IPv6 listeners. Ports 18350-18357.
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
TMP=$(mktemp -d /tmp/rtr_robust.XXXXXX)
. "$(dirname "$0")/rtr_lib.inc"
trap rtr_cleanup EXIT INT TERM
DIR=$(dirname "$0")

SMALL=1 GEN_COUNT=200000 rtr_data
rtr_start 18350 "$A" --timeout 2 --http 127.0.0.1:18351
timeout 100 python3 "$DIR/rtr_robust.py" 18350 2 "$SRV_PID" || fail "bad-router cases"
kill -0 "$SRV_PID" || fail "server died"

# metrics and status
get() { python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())' "$1"; }
get http://127.0.0.1:18351/metrics > "$TMP/metrics" || fail "GET /metrics"
grep -q '^manrs_rtr_vrps{family="ipv4"} [1-9]' "$TMP/metrics" || fail "no VRP count in /metrics"
grep -q '^manrs_rtr_error_reports_sent_total [1-9]' "$TMP/metrics" || fail "error reports not counted"
get http://127.0.0.1:18351/status | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["data_loaded"] and d["vrps"]["ipv4"] > 0, d' ||
	fail "/status is not the expected JSON"
echo "ok /metrics and /status"

# SIGHUP reload, then a clean exit on SIGTERM
kill -HUP "$SRV_PID"
wait_for 20 grep -q "reload (SIGHUP)" "$TMP/manrs.18350.log" || fail "SIGHUP did not reload"
kill -TERM "$SRV_PID"
wait "$SRV_PID"; rc=$?
[ "$rc" = 0 ] || fail "exit status $rc after SIGTERM"
echo "ok SIGHUP reloads, SIGTERM exits 0"

# limits: two connections per source, and an allow list that excludes us
rtr_start 18352 "$A" --max-per-source 2
python3 - <<PY || fail "--max-per-source"
import socket, time
a = [socket.create_connection(("127.0.0.1", 18352)) for _ in range(2)]
time.sleep(0.3)
c = socket.create_connection(("127.0.0.1", 18352)); c.settimeout(5)
assert c.recv(10) == b"", "third connection from one source was accepted"
PY
echo "ok --max-per-source 2 refuses the third connection"
rtr_start 18356 "$A" --max-clients 1
python3 - <<PY || fail "--max-clients"
import socket, time
a = socket.create_connection(("127.0.0.1", 18356))
time.sleep(0.3)
c = socket.create_connection(("127.0.0.1", 18356)); c.settimeout(5)
assert c.recv(10) == b"", "second connection accepted beyond --max-clients 1"
PY
echo "ok --max-clients 1 refuses the second router"
rtr_start 18353 "$A" --allow 10.0.0.0/8 --allow 2001:db8::/32
"$MANRS" rtr dump --count --timeout 5 127.0.0.1:18353 >/dev/null 2>&1 && fail "--allow let 127.0.0.1 in"
grep -q "not in the allow list" "$TMP/manrs.18353.log" || fail "allow-list refusal not logged"
echo "ok --allow refuses addresses outside the list"

# IPv4 and IPv6 listeners on one server (rtrclient over ::1 when IPv6 works)
if python3 -c 'import socket; s = socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null; then
	rtr_start 18357 "$A" --listen '[::1]:18357'
	"$MANRS" rtr dump --count --timeout 20 '[::1]:18357' | grep -q 'completed=1' || fail "sync over [::1]"
	"$MANRS" rtr dump --count --timeout 20 127.0.0.1:18357 | grep -q 'completed=1' || fail "sync over 127.0.0.1"
	if command -v rtrclient >/dev/null; then
		timeout 60 rtrclient -e -t csv -o "$TMP/v6.csv" tcp ::1 18357 >/dev/null 2>&1 || fail "rtrclient over ::1"
		python3 "$RTR_PY" rtrclient-csv "$TMP/v6.csv" | cmp -s - "$TMP/expect_a.txt" || fail "rtrclient over ::1 got other data"
	fi
	echo "ok listening on 127.0.0.1 and [::1] at once"
fi

# SLURM on top: a prefix filter drops, an assertion adds
cat > "$TMP/local.slurm" <<'SLURM'
{"slurmVersion": 1,
 "validationOutputFilters": {"prefixFilters": [{"prefix": "10.0.0.0/24"}], "bgpsecFilters": []},
 "locallyAddedAssertions": {"prefixAssertions": [{"asn": 64999, "prefix": "198.51.100.0/24", "maxPrefixLength": 24}],
  "bgpsecAssertions": []}}
SLURM
rtr_start 18354 "$A" --slurm "$TMP/local.slurm"
"$MANRS" rtr dump --timeout 30 127.0.0.1:18354 > "$TMP/slurm.csv" || fail "dump with SLURM"
grep -q '^AS64999,198.51.100.0/24,24$' "$TMP/slurm.csv" || fail "SLURM assertion not served"
grep -q ',10.0.0.0/24,' "$TMP/slurm.csv" && fail "SLURM filter not applied"
echo "ok --slurm filters and assertions"

# --max-age: data generated long ago is refused with No Data Available
rtr_start 18355 "$A" --max-age 1000
"$MANRS" rtr dump --count --timeout 10 127.0.0.1:18355 > "$TMP/old.out" 2>&1 && fail "stale data was served"
grep -q "Error Report 2 (No Data Available)" "$TMP/old.out" || fail "no No Data Available for stale data: $(cat "$TMP/old.out")"
echo "ok --max-age refuses stale data with No Data Available"
exit 0
