#!/bin/sh
# SPDX-License-Identifier: ISC
# manrs monitor end to end over RIS Live JSON lines and a BGPalerter
# prefixes.yml/config.yml: a hijack seen by three peers opens (JSON line with
# key, code, peers), resolves when the peers return to the right origin; a
# withdrawal by enough peers opens a visibility alert only after
# fadeOffSeconds of data time; a malformed line is reported with file:line,
# skipped, and makes the exit 1 while the alerts still come out; exit 0 on
# clean input, 1 with --fail-on-alert, 2 on bad usage; --store keeps the
# alerts for 'manrs monitor alerts', two for a hijack that opens, resolves
# and opens again in one second, and a rerun over the same data adds
# nothing; --metrics serves /metrics beside --ris-live.
MANRS=${MANRS:-build/manrs}
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cat >"$tmp/prefixes.yml" <<'EOF'
192.0.2.0/24:
  description: web
  asn: 64496
  ignoreMorespecifics: false
198.51.100.0/24:
  description: mail
  asn: 64496
  ignoreMorespecifics: false
EOF
cat >"$tmp/config.yml" <<'EOF'
fadeOffSeconds: 60
monitors:
  - file: monitorHijack
    channel: hijack
    name: basic-hijack-detection
    params:
      thresholdMinPeers: 3
  - file: monitorVisibility
    channel: visibility
    name: withdrawal-detection
    params:
      thresholdMinPeers: 2
EOF

# ris PEER TIME PREFIX ORIGIN|withdraw
ris() {
	if [ "$4" = withdraw ]; then
		printf '{"type":"ris_message","data":{"timestamp":%s,"peer":"203.0.113.%s","peer_asn":"6500%s","host":"rrc00","type":"UPDATE","path":[],"announcements":[],"withdrawals":["%s"]}}\n' "$2" "$1" "$1" "$3"
	else
		printf '{"type":"ris_message","data":{"timestamp":%s,"peer":"203.0.113.%s","peer_asn":"6500%s","host":"rrc00","type":"UPDATE","path":[6500%s,3356,%s],"origin":"IGP","announcements":[{"next_hop":"203.0.113.%s","prefixes":["%s"]}],"withdrawals":[]}}\n' "$2" "$1" "$1" "$1" "$4" "$1" "$3"
	fi
}
{
	for p in 1 2 3 4; do
		ris $p 1000 192.0.2.0/24 64496
		ris $p 1000 198.51.100.0/24 64496
	done
	ris 1 1010 192.0.2.0/24 64511
	ris 2 1011 192.0.2.0/24 64511
	ris 3 1012 192.0.2.0/24 64511 # third peer: hijack opens
	ris 1 1020 192.0.2.0/24 64496
	ris 2 1021 192.0.2.0/24 64496
	ris 3 1022 192.0.2.0/24 64496 # all back: resolved
	ris 1 1100 198.51.100.0/24 withdraw
	ris 2 1100 198.51.100.0/24 withdraw
	ris 3 1159 192.0.2.0/24 64496 # 59 s later: still waiting
	ris 3 1160 192.0.2.0/24 64496 # 60 s: visibility opens
} >"$tmp/ris.jsonl"

"$MANRS" monitor --prefixes "$tmp/prefixes.yml" --config "$tmp/config.yml" --json \
	--ris "$tmp/ris.jsonl" >"$tmp/out.jsonl" 2>"$tmp/err" || fail "exit $? on clean input: $(cat "$tmp/err")"
python3 - "$tmp/out.jsonl" <<'PY' || fail "alerts differ: $(cat "$tmp/out.jsonl")"
import json, sys
got = [json.loads(l) for l in open(sys.argv[1])]
want = [("hijack|192.0.2.0/24|64511", "open", 3, "E|0|-|-", None),
        ("hijack|192.0.2.0/24|64511", "resolved", 0, "E|0|-|-", None),
        ("visibility|198.51.100.0/24|0", "open", 2, "W|-|-|-", None)]
assert len(got) == len(want), [(a["key"], a["state"]) for a in got]
for a, (key, state, peers, code, _) in zip(got, want):
    assert (a["key"], a["state"], a["peers"], a["code"]) == (key, state, peers, code), a
assert got[0]["id"] == got[1]["id"] and got[1]["version"] == 2
assert got[0]["affected_as"] == 64496 and got[0]["offender_as"] == 64511
assert len(got[0]["samples"]) == 3 and got[0]["samples"][0]["path"][-1] == 64511
PY

# A monitors list is what runs (BGPalerter's rule): a path rule raises
# nothing while monitorPath is not listed, and a path alert once it is.
{ cat "$tmp/prefixes.yml"; printf '  path:\n    - match: ".*"\n      maxLength: 2\n'; } >"$tmp/pathrule.yml"
"$MANRS" monitor --prefixes "$tmp/pathrule.yml" --config "$tmp/config.yml" --json \
	--ris "$tmp/ris.jsonl" >"$tmp/nopath.jsonl" 2>"$tmp/err" || fail "path rule run: $(cat "$tmp/err")"
grep -q '"type":"path"' "$tmp/nopath.jsonl" && fail "monitorPath not listed but a path alert came out"
printf '  - file: monitorPath\n    channel: path\n    name: path-matching\n' | cat "$tmp/config.yml" - >"$tmp/withpath.yml"
"$MANRS" monitor --prefixes "$tmp/pathrule.yml" --config "$tmp/withpath.yml" --json \
	--ris "$tmp/ris.jsonl" >"$tmp/path.jsonl" 2>"$tmp/err" || fail "path run: $(cat "$tmp/err")"
grep -q '"type":"path"' "$tmp/path.jsonl" || fail "monitorPath listed but no path alert: $(cat "$tmp/path.jsonl")"

# A malformed line: reported with file:line, skipped, exit 1, alerts still out.
{ head -n 10 "$tmp/ris.jsonl"; echo '{"type":"ris_message","data":{'; tail -n +11 "$tmp/ris.jsonl"; } >"$tmp/bad.jsonl"
"$MANRS" monitor --prefixes "$tmp/prefixes.yml" --config "$tmp/config.yml" --json \
	--ris "$tmp/bad.jsonl" >"$tmp/out2.jsonl" 2>"$tmp/err2"
rc=$?
[ $rc -eq 1 ] || fail "malformed line: exit $rc, want 1"
grep -q "bad.jsonl:11:" "$tmp/err2" || fail "no file:line in: $(cat "$tmp/err2")"
[ "$(wc -l <"$tmp/out2.jsonl")" -eq 3 ] || fail "malformed line lost alerts"

"$MANRS" monitor --prefixes "$tmp/prefixes.yml" --config "$tmp/config.yml" --fail-on-alert \
	--ris "$tmp/ris.jsonl" >/dev/null 2>&1
[ $? -eq 1 ] || fail "--fail-on-alert with alerts should exit 1"

# Text output and the store.
"$MANRS" monitor --prefixes "$tmp/prefixes.yml" --config "$tmp/config.yml" \
	--store "$tmp/a.db" --ris "$tmp/ris.jsonl" >"$tmp/text" 2>"$tmp/err3" || fail "store run: $(cat "$tmp/err3")"
grep -q "^hijack open (critical): 192.0.2.0/24 by AS64511" "$tmp/text" || fail "text output: $(cat "$tmp/text")"
"$MANRS" monitor alerts --db "$tmp/a.db" --json >"$tmp/stored" || fail "monitor alerts failed"
[ "$(wc -l <"$tmp/stored")" -eq 3 ] || fail "store holds $(wc -l <"$tmp/stored") versions, want 3"

# The hijack opens, resolves and opens again within one second. With
# notificationIntervalSeconds 0 (every change goes out): two alerts (the
# second nth 1), both stored; the same data again after a restart stores
# and prints nothing new.
{ cat "$tmp/config.yml"; echo "notificationIntervalSeconds: 0"; } >"$tmp/config0.yml"
{
	for p in 1 2 3; do ris $p 1000 192.0.2.0/24 64496; done
	for o in 64511 64496 64511; do
		for p in 1 2 3; do ris $p 2000 192.0.2.0/24 $o; done
	done
} >"$tmp/flap.jsonl"
for run in 1 2; do
	"$MANRS" monitor --prefixes "$tmp/prefixes.yml" --config "$tmp/config0.yml" --json \
		--store "$tmp/flap.db" --ris "$tmp/flap.jsonl" >"$tmp/flap$run" 2>"$tmp/err5" \
		|| fail "same-second run $run: $(cat "$tmp/err5")"
done
"$MANRS" monitor alerts --db "$tmp/flap.db" --json >"$tmp/flapstored" || fail "monitor alerts failed"
python3 - "$tmp/flap1" "$tmp/flap2" "$tmp/flapstored" <<'PY' || fail "same-second alerts: $(cat "$tmp/flap1")"
import json, sys
first, second, stored = ([json.loads(l) for l in open(f)] for f in sys.argv[1:])
assert [(a["state"], a.get("nth", 0)) for a in first] == \
    [("open", 0), ("resolved", 0), ("open", 1)], first
assert first[0]["id"] == first[1]["id"] != first[2]["id"], first
assert all(a["first_seen_unix"] == 2000 for a in first), first
assert second == [], second
assert [(a["id"], a["version"]) for a in stored] == \
    [(a["id"], a["version"]) for a in first], stored
PY
# With the interval (BGPalerter's default, 14400 s), the flap is the same
# incident: its resolution goes out, its return is withheld (counted; the
# store keeps that version, marked withheld) and sent at the end of the
# replay as the same alert, flaps 1.
"$MANRS" monitor --prefixes "$tmp/prefixes.yml" --config "$tmp/config.yml" --json \
	--store "$tmp/flapi.db" --ris "$tmp/flap.jsonl" >"$tmp/flapi" 2>"$tmp/err6" ||
	fail "interval run: $(cat "$tmp/err6")"
"$MANRS" monitor alerts --db "$tmp/flapi.db" --json >"$tmp/flapistored" || fail "monitor alerts failed"
python3 - "$tmp/flapi" "$tmp/flapistored" <<'PY' || fail "flap within the interval: $(cat "$tmp/flapi")"
import json, sys
got, stored = ([json.loads(l) for l in open(f)] for f in sys.argv[1:])
assert [(a["state"], a.get("flaps", 0), a.get("suppressed", 0)) for a in got] == \
    [("open", 0, 0), ("resolved", 0, 0), ("open", 1, 1)], got
assert len({a["id"] for a in got}) == 1, got
assert [(a["version"], a["state"], a.get("withheld", False)) for a in stored] == \
    [(1, "open", False), (2, "resolved", False), (3, "open", True), (4, "open", False)], stored
PY

# Usage errors: exit 2.
for args in "--bogus" "--detectors nosuch --ris $tmp/ris.jsonl" "--speed fast --ris $tmp/ris.jsonl" \
	"--syslog=kern --ris $tmp/ris.jsonl" ""; do
	# shellcheck disable=SC2086
	"$MANRS" monitor $args >/dev/null 2>&1
	rc=$?
	[ $rc -eq 2 ] || fail "'monitor $args': exit $rc, want 2"
done
# --config without --prefixes: global mode with config.yml's parameters.
"$MANRS" monitor --config "$tmp/config.yml" --ris "$tmp/ris.jsonl" >/dev/null 2>"$tmp/err4" ||
	fail "--config alone (global mode): exit $?: $(cat "$tmp/err4")"
# A configuration that cannot be read: exit 1 naming the file.
"$MANRS" monitor --prefixes "$tmp/nonexistent.yml" --ris "$tmp/ris.jsonl" 2>"$tmp/err4"
[ $? -eq 1 ] || fail "missing prefixes.yml should exit 1"
grep -q "nonexistent.yml" "$tmp/err4" || fail "error does not name the file: $(cat "$tmp/err4")"
# --webhook: each alert change POSTed to a local HTTP server (port 18469).
cat >"$tmp/hook.py" <<'PY'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with open(sys.argv[1], "ab") as f:
            f.write(body + b"\n")
        self.send_response(200); self.end_headers()
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 18469), H)
print("listening", flush=True)
s.timeout = 60
for _ in range(3):
    s.handle_request()
PY
timeout 60 python3 "$tmp/hook.py" "$tmp/hook.jsonl" >"$tmp/hook.out" 2>&1 &
hook=$!
i=0
until grep -q listening "$tmp/hook.out" 2>/dev/null; do
	i=$((i + 1)); [ $i -le 100 ] || fail "webhook test server did not start"; sleep 0.1
done
"$MANRS" monitor --prefixes "$tmp/prefixes.yml" --config "$tmp/config.yml" --out "$tmp/hooked.jsonl" \
	--webhook http://127.0.0.1:18469/hook --ris "$tmp/ris.jsonl" 2>"$tmp/hook.err" ||
	fail "--webhook: exit $?: $(cat "$tmp/hook.err")"
wait $hook
python3 -c 'import json,sys; a=[json.loads(l)["key"] for l in open(sys.argv[1])]; assert len(a)==3 and a[2].startswith("visibility"), a' \
	"$tmp/hook.jsonl" || fail "webhook got: $(cat "$tmp/hook.jsonl")"
"$MANRS" monitor --webhook-format xml --webhook http://127.0.0.1:1/ --ris "$tmp/ris.jsonl" >/dev/null 2>&1
[ $? -eq 2 ] || fail "--webhook-format xml should be a usage error"

# The same stream over a local RIS Live websocket (port 18468), until SIGTERM.
if /usr/bin/python3 -c 'import websockets' 2>/dev/null; then
	here=$(cd "$(dirname "$0")" && pwd)
	timeout 60 /usr/bin/python3 "$here/ris_live_server.py" "$tmp/ris.jsonl" 18468 >"$tmp/server" 2>&1 &
	server=$!
	i=0
	until grep -q listening "$tmp/server" 2>/dev/null; do
		i=$((i + 1)); [ $i -le 100 ] || fail "ris_live_server.py did not start"; sleep 0.1
	done
	: >"$tmp/live.jsonl"
	"$MANRS" monitor --prefixes "$tmp/prefixes.yml" --config "$tmp/config.yml" --json \
		--ris-live ws://127.0.0.1:18468/ --ris-subscribe '{"moreSpecific":true}' \
		--metrics 127.0.0.1:18469 >>"$tmp/live.jsonl" 2>"$tmp/live.err" &
	mon=$!
	i=0
	while [ "$(wc -l <"$tmp/live.jsonl")" -lt 3 ]; do
		i=$((i + 1)); [ $i -le 300 ] || { kill $mon $server; fail "ris-live: $(cat "$tmp/live.err")"; }
		sleep 0.1
	done
	# /metrics on the live loop counts what was printed (curl from deps.sh)
	if command -v curl >/dev/null 2>&1; then
		timeout 10 curl -s http://127.0.0.1:18469/metrics >"$tmp/metrics" || fail "ris-live: no /metrics"
		grep -q '^manrs_monitor_alerts_total{type="hijack",state="open"} 1$' "$tmp/metrics" ||
			fail "ris-live: /metrics: $(grep alerts_total "$tmp/metrics")"
	fi
	kill -TERM $mon
	wait $mon
	rc=$?
	kill $server 2>/dev/null
	[ $rc -eq 0 ] || fail "ris-live: exit $rc after SIGTERM: $(cat "$tmp/live.err")"
	cmp -s "$tmp/live.jsonl" "$tmp/out.jsonl" || fail "ris-live alerts differ from --ris"

	# A quiet live stream: recent messages, then nothing. The visibility loss
	# must still open once fadeOffSeconds (2 here) of wall time have passed.
	now=$(date +%s)
	{
		for p in 1 2 3; do ris $p $((now - 20)) 198.51.100.0/24 64496; done
		ris 1 $((now - 5)) 198.51.100.0/24 withdraw
		ris 2 $((now - 5)) 198.51.100.0/24 withdraw
	} >"$tmp/quiet.jsonl"
	sed 's/^fadeOffSeconds: 60/fadeOffSeconds: 2/' "$tmp/config.yml" >"$tmp/quiet.yml"
	timeout 60 /usr/bin/python3 "$here/ris_live_server.py" "$tmp/quiet.jsonl" 18467 >"$tmp/server2" 2>&1 &
	server=$!
	i=0
	until grep -q listening "$tmp/server2" 2>/dev/null; do
		i=$((i + 1)); [ $i -le 100 ] || fail "ris_live_server.py did not start"; sleep 0.1
	done
	: >"$tmp/quiet.out"
	"$MANRS" monitor --prefixes "$tmp/prefixes.yml" --config "$tmp/quiet.yml" --json \
		--ris-live ws://127.0.0.1:18467/ >>"$tmp/quiet.out" 2>"$tmp/quiet.err" &
	mon=$!
	i=0
	until grep -q '"visibility|198.51.100.0/24|0"' "$tmp/quiet.out"; do
		i=$((i + 1)); [ $i -le 150 ] || { kill $mon $server; fail "quiet stream: no visibility alert: $(cat "$tmp/quiet.err")"; }
		sleep 0.1
	done
	kill -TERM $mon
	wait $mon
	kill $server 2>/dev/null
fi
echo "ok: monitor_cli"
