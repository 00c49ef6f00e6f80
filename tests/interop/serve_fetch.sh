#!/bin/sh
# SPDX-License-Identifier: ISC
# manrs serve keeps its data fresh itself: a sources: entry fetches the
# lab's vrps.json from a local HTTP server (python3 http.server) into the
# file the daemon's RTR service reads, on the fetcher's worker thread.
#  1. the file appears, RTR serves its VRPs (manrs rtr dump counts them),
#     /api/v1/status shows the source's success;
#  2. the server's file changes: the next fetch replaces the local copy,
#     the RTR serial increases and the new VRP count is served;
#  3. the server's file is truncated (corrupt JSON): the source shows the
#     error, the local copy and the served VRPs stay as they were;
#  4. /metrics counts the runs by result (manrs_fetch_runs_total);
#  5. a SIGHUP changing the source sets up a new fetcher that keeps the
#     state file's knowledge and installs the next good version;
#  6. SIGTERM stops the daemon (the worker joined), exit 0.
# Ports 19700 (RTR), 19701 (HTTP API), 19702 (the data's HTTP server).
MANRS=${MANRS:-build/manrs}
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
command -v curl >/dev/null 2>&1 || { echo "skip: curl not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
"$MANRS" serve --help >/dev/null 2>&1 || { echo "skip: manrs serve not built in"; exit 77; }
TMP=$(mktemp -d /tmp/serve_fetch.XXXXXX)
. "$(dirname "$0")/serve_lib.inc"
trap serve_cleanup EXIT INT TERM
R=19700
H=19701
W=19702

serve_lab 1
mkdir -p "$TMP/www" "$TMP/data"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
d["roas"] = d["roas"][10:]
json.dump(d, open(sys.argv[2], "w"))' "$TMP/lab/vrps.json" "$TMP/vrps2.json"
# publish FILE: replace the served file atomically with a later mtime each
# time (http.server answers If-Modified-Since from the mtime, in seconds)
STAMP=$(date +%s)
publish() {
	STAMP=$((STAMP + 10))
	cp "$1" "$TMP/www/.new" && touch -d "@$STAMP" "$TMP/www/.new" &&
		mv "$TMP/www/.new" "$TMP/www/vrps.json" || fail "cannot publish $1"
}
publish "$TMP/lab/vrps.json"
python3 -m http.server $W --bind 127.0.0.1 --directory "$TMP/www" >"$TMP/www.log" 2>&1 &
PIDS=$!
wait_for 100 curl -sf -o /dev/null "http://127.0.0.1:$W/vrps.json" ||
	fail "the HTTP server did not start"

cat >"$TMP/manrs.yml" <<EOT
log:
  level: info
rtr:
  listen: 127.0.0.1:$R
  vrps: $TMP/data/vrps.json
  check_interval: 1
http:
  listen: 127.0.0.1:$H
sources:
  - name: lab-vrps
    kind: vrps
    url: http://127.0.0.1:$W/vrps.json
    path: $TMP/data/vrps.json
    interval: 2s
    max_age: 1d
EOT
serve_start "$TMP/manrs.yml" $H

# rtr_count: the VRPs the RTR service serves, read over RTR
rtr_count() {
	timeout 30 "$MANRS" rtr dump "127.0.0.1:$R" | grep -c '^AS[0-9]*,'
}
status() { api $H /api/v1/status | json "$1"; }
src() { status "j[\"sources\"][0][\"$1\"]"; }
N1=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["roas"]))' "$TMP/lab/vrps.json")
N2=$((N1 - 10))

# 1. the first fetch at start: the file appears and RTR serves it
wait_for 200 test -s "$TMP/data/vrps.json" || fail "the source's file did not appear"
cmp -s "$TMP/data/vrps.json" "$TMP/lab/vrps.json" || fail "the fetched file differs from the served one"
has_vrps() { [ "$(status 'j["services"]["rtr"]["vrps"]')" = "$1" ]; }
wait_for 200 has_vrps "$N1" || fail "RTR serves $(status 'j["services"]["rtr"]["vrps"]') VRPs, want $N1"
[ "$(rtr_count)" = "$N1" ] || fail "rtr dump counts $(rtr_count) VRPs, want $N1"
# a later run may already have found the file unchanged (not-modified)
current() { case "$(src result)" in updated | not-modified) return 0 ;; esac; return 1; }
current || fail "status: the source's last run is $(src result)"
[ "$(src last_error)" = None ] || fail "status: the source shows an error: $(src last_error)"
[ "$(src last_success)" != None ] || fail "status: no last success"
[ "$(src objects)" -ge "$N1" ] || fail "status: $(src objects) objects"
[ "$(src stale)" = False ] || fail "status: the source is stale"
S1=$(status 'j["services"]["rtr"]["serial"]')
echo "fetched at start: RTR serves $N1 VRPs at serial $S1; status: $(src result), $(src bytes) bytes"

# 2. a new version on the server: fetched at the next due tick, served
publish "$TMP/vrps2.json"
wait_for 200 has_vrps "$N2" || fail "RTR serves $(status 'j["services"]["rtr"]["vrps"]') VRPs after the update, want $N2"
S2=$(status 'j["services"]["rtr"]["serial"]')
[ "$S2" -gt "$S1" ] || fail "the RTR serial did not increase: $S1 -> $S2"
[ "$(rtr_count)" = "$N2" ] || fail "rtr dump counts $(rtr_count) VRPs after the update, want $N2"
cmp -s "$TMP/data/vrps.json" "$TMP/vrps2.json" || fail "the local copy is not the new version"
echo "updated: RTR serves $N2 VRPs at serial $S2"

# 3. a truncated file on the server: refused, the old data stays
head -c 5000 "$TMP/vrps2.json" >"$TMP/bad.json"
publish "$TMP/bad.json"
has_error() { [ "$(src result)" = failed ] && [ "$(src last_error)" != None ]; }
wait_for 200 has_error || fail "status shows no error for the corrupt file: $(src result) $(src last_error)"
ERR=$(src last_error)
case "$ERR" in *lab-vrps*) ;; *) fail "the error does not name the source: $ERR" ;; esac
cmp -s "$TMP/data/vrps.json" "$TMP/vrps2.json" || fail "the corrupt download replaced the local copy"
[ "$(rtr_count)" = "$N2" ] || fail "rtr dump counts $(rtr_count) VRPs after the corrupt file, want $N2"
[ "$(status 'j["services"]["rtr"]["serial"]')" = "$S2" ] || fail "the RTR serial moved after the corrupt file"
[ "$(src failures)" -ge 1 ] || fail "status: failures $(src failures)"
grep -q "fetch: lab-vrps (.*previous copy stays" "$TMP/serve.log" || fail "no log line for the failed fetch"
echo "corrupt file refused: $ERR"

# 4. metrics
M=$(timeout 10 curl -sf "http://127.0.0.1:$H/metrics") || fail "no /metrics"
echo "$M" | grep -q '^manrs_fetch_runs_total{source="lab-vrps",result="updated"} 2$' ||
	fail "metrics: $(echo "$M" | grep manrs_fetch_runs_total)"
echo "$M" | grep -Eq '^manrs_fetch_runs_total\{source="lab-vrps",result="failed"\} [1-9]' ||
	fail "metrics: no failed run counted"
echo "$M" | grep -Eq '^manrs_fetch_consecutive_failures\{source="lab-vrps"\} [1-9]' ||
	fail "metrics: no consecutive failure"
echo "$M" | grep -q '^manrs_fetch_stale{source="lab-vrps"} 0$' || fail "metrics: stale"
# the dashboard's freshness table has the source, its copy and its last run
api $H / | grep -q "source lab-vrps</td>.*[0-9] objects, [0-9]* bytes; last run failed" ||
	fail "the dashboard does not show the source's failed run"

# 5. SIGHUP with a changed source: a new fetcher, its state kept in the
#    state file; it installs the next good version
sed -i 's/interval: 2s/interval: 3s/' "$TMP/manrs.yml"
kill -HUP $SERVE_PID
has_interval() { [ "$(src interval)" = 3 ]; }
wait_for 100 has_interval || fail "the reload did not change the interval: $(src interval)"
[ "$(status 'j["reload"]["ok"]')" = True ] || fail "status: the reload failed"
[ "$(src last_success)" != None ] || fail "the state file's last success was lost on reload"
publish "$TMP/lab/vrps.json"
wait_for 200 has_vrps "$N1" || fail "RTR serves $(status 'j["services"]["rtr"]["vrps"]') VRPs after the reload, want $N1"
wait_for 50 current || fail "status after the reload: $(src result)"
echo "reloaded: the new fetcher installed the next version ($N1 VRPs)"

# shutdown joins the worker
kill -TERM $SERVE_PID
wait_for 100 sh -c "! kill -0 $SERVE_PID" || fail "the daemon did not stop on SIGTERM"
wait $SERVE_PID
RC=$?
SERVE_PID=""
[ $RC = 0 ] || fail "the daemon exited $RC"
echo "ok: serve_fetch"
