#!/bin/sh
# SPDX-License-Identifier: ISC
# Bad input and limits: garbage, wrong versions, bad lengths, half PDUs,
# silent and non-reading routers each get the Error Report the RFCs define
# (or a timeout close) while a healthy router beside them syncs normally;
# --max-per-source, --allow, /metrics, /status, SIGHUP and a clean SIGTERM.
# --slurm, --max-age, IPv4+IPv6 listeners; rejected entries and --max-shrink
# on reload; a half-closing router. Ports 18350-18359.
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

# Entries rejected at load (issue 8.4): a file whose every entry is invalid
# is an error at start, and a reload to it, or to a file that loses more
# than --max-shrink of the entries, is refused: the routers keep the data.
python3 - "$TMP" <<'PY'
import json, sys
d = sys.argv[1]
good = [{"asn": 64496 + i, "prefix": f"192.0.{i}.0/24", "maxLength": 24, "ta": "t"} for i in range(100)]
bad = [dict(r, asn="x") for r in good]
json.dump({"roas": bad}, open(f"{d}/allbad.json", "w"))
json.dump({"roas": good}, open(f"{d}/good.json", "w"))
json.dump({"roas": good[:40] + bad[40:45]}, open(f"{d}/shrunk.json", "w"))
json.dump({"roas": good[:95] + bad[95:]}, open(f"{d}/somebad.json", "w"))
PY
"$MANRS" rtr serve --vrps "$TMP/allbad.json" --listen 127.0.0.1:18358 2>"$TMP/allbad.log"
rc=$?
[ "$rc" = 1 ] || fail "a file of rejected entries: exit $rc at start, want 1"
grep -q "every entry was rejected (100; first: .*allbad.json" "$TMP/allbad.log" || fail "no reason given: $(cat "$TMP/allbad.log")"
echo "ok a file whose every entry is invalid is refused at start (exit 1)"
cp "$TMP/good.json" "$TMP/live.json"
rtr_start 18358 "$TMP/live.json" --http 127.0.0.1:18359
metric() { get http://127.0.0.1:18359/metrics | awk -v m="$1" '$1 == m {print $2}'; }
dump_count() { "$MANRS" rtr dump --timeout 10 127.0.0.1:18358 | grep -c "^AS[0-9]"; }
swap_file "$TMP/allbad.json" "$TMP/live.json"
wait_for 20 grep -q "reload (file changed) refused, still serving serial 0: every entry was rejected" \
	"$TMP/manrs.18358.log" || fail "reload to a file of rejected entries not refused: $(cat "$TMP/manrs.18358.log")"
[ "$(dump_count)" = 100 ] || fail "routers lost their data after a reload to rejected entries"
[ "$(metric manrs_rtr_rejected_entries)" = 100 ] || fail "rejected entries not in /metrics"
[ "$(metric manrs_rtr_reloads_refused_total)" = 1 ] || fail "refused reload not counted"
get http://127.0.0.1:18359/status | python3 -c 'import json,sys; r=json.load(sys.stdin)["reload"]; assert r["refused"] == 1 and r["rejected_entries"] == 100 and not r["ok"], r' ||
	fail "/status does not show the refused reload"
echo "ok a reload to a file of rejected entries is refused, 100 VRPs still served"
swap_file "$TMP/shrunk.json" "$TMP/live.json"
wait_for 20 grep -q "refused, still serving serial 0: the new data has 40 VRPs+ASPAs, 60% fewer than the 100 served (--max-shrink 50%)" \
	"$TMP/manrs.18358.log" || fail "a 60% shrink was not refused: $(tail -3 "$TMP/manrs.18358.log")"
grep -q "load (file changed): 5 invalid entries skipped (first: .*live.json:1: bad asn" "$TMP/manrs.18358.log" ||
	fail "rejected entries not logged as a warning"
[ "$(dump_count)" = 100 ] || fail "routers lost their data after a 60% shrink"
echo "ok a reload dropping 60% of the VRPs is refused (--max-shrink 50)"
swap_file "$TMP/somebad.json" "$TMP/live.json"
wait_for 20 sh -c "[ \"\$(\"$MANRS\" rtr dump --timeout 10 127.0.0.1:18358 | grep -c ^AS[0-9])\" = 95 ]" ||
	fail "a reload with 5 invalid entries out of 100 was not served"
[ "$(metric manrs_rtr_rejected_entries)" = 5 ] || fail "5 rejected entries not in /metrics"
echo "ok a reload with 5% invalid entries is served, with the count in /metrics"
kill -TERM "$SRV_PID"; wait "$SRV_PID"
rtr_start 18358 "$TMP/good.json" --max-shrink 100
swap_file "$TMP/shrunk.json" "$TMP/good.json"
wait_for 20 sh -c "[ \"\$(\"$MANRS\" rtr dump --timeout 10 127.0.0.1:18358 | grep -c ^AS[0-9])\" = 40 ]" ||
	fail "--max-shrink 100 still refused the shrink"
echo "ok --max-shrink 100 serves any shrink"

# A router that half-closes after its Reset Query gets the whole answer
# (issue 9.6: it used to get the first 16 KB and no End of Data).
rtr_start 18350 "$A"
python3 - "$(wc -l < "$TMP/expect_a.txt")" <<'PY' || fail "half-closed router got a truncated answer"
import socket, struct, sys
want = int(sys.argv[1])
s = socket.create_connection(("127.0.0.1", 18350), timeout=30)
s.sendall(struct.pack("!BBHI", 1, 2, 0, 8))
s.shutdown(socket.SHUT_WR)
buf = bytearray()
while True:
    c = s.recv(1 << 20)
    if not c:
        break
    buf += c
pos, n, eod = 0, 0, False
while pos + 8 <= len(buf):
    v, t, f, ln = struct.unpack_from("!BBHI", buf, pos)
    n += t in (4, 6)
    eod |= t == 7
    pos += ln
print(f"half-closed router: {n} of {want} prefixes, {len(buf)} bytes, End of Data {eod}")
sys.exit(0 if n == want and eod else 1)
PY
echo "ok a half-closing router gets every prefix and End of Data"
exit 0
