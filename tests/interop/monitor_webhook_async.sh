#!/bin/sh
# SPDX-License-Identifier: ISC
# manrs monitor --webhook never blocks detection: against a local webhook
# that takes each connection and never answers, a replay of 40 hijacks
# writes all 40 to --out while the first POST is still held, and ends
# (exit 1: 40 deliveries pending in the store) after its drain and at most
# one webhook timeout; the next run on the same --store, with the webhook
# answering, delivers those 40, once each and in order; a third run sends
# nothing. A slow webhook (0.25 s per POST, 10 s for the 40) that keeps
# answering is waited for at the end of a replay without --store: every
# alert arrives, exit 0. Port 18900 (loopback).
MANRS=${MANRS:-build/manrs}
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
tmp=$(mktemp -d) || exit 1
hook=
trap '[ -n "$hook" ] && kill $hook 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
N=40

: >"$tmp/prefixes.yml"
i=0
while [ $i -lt $N ]; do
	printf '10.0.%d.0/24:\n  description: p%d\n  asn: 64496\n  ignoreMorespecifics: false\n' $i $i >>"$tmp/prefixes.yml"
	printf '{"type":"ris_message","data":{"timestamp":%d,"peer":"203.0.113.1","peer_asn":"65001","host":"rrc00","type":"UPDATE","path":[65001,64511],"origin":"IGP","announcements":[{"next_hop":"203.0.113.1","prefixes":["10.0.%d.0/24"]}],"withdrawals":[]}}\n' $((1000 + i)) $i >>"$tmp/ris.jsonl"
	i=$((i + 1))
done
cat >"$tmp/config.yml" <<'EOF'
monitors:
  - file: monitorHijack
    channel: hijack
    name: basic-hijack-detection
    params:
      thresholdMinPeers: 1
EOF

# hook.py MODE LOG: "hold" reads each request and never answers (logging
# "held"); "answer" logs each body and answers 204; "slow" too, after 0.25 s.
cat >"$tmp/hook.py" <<'PY'
import http.server, socketserver, sys, threading, time
mode, log = sys.argv[1], sys.argv[2]
lock = threading.Lock()
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with lock, open(log, "ab") as f:
            f.write((b"held" if mode == "hold" else body) + b"\n")
        if mode == "hold":
            self.rfile.read()  # until the client gives up
            return
        if mode == "slow":
            time.sleep(0.25)
        self.send_response(204); self.end_headers()
    def log_message(self, *a):
        pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
s = S(("127.0.0.1", 18900), H)
print("listening", flush=True)
s.serve_forever()
PY
start_hook() {
	: >"$tmp/$1.log"
	timeout 120 python3 "$tmp/hook.py" "$1" "$tmp/$1.log" >"$tmp/hook.out" 2>&1 &
	hook=$!
	i=0
	until grep -q listening "$tmp/hook.out" 2>/dev/null; do
		i=$((i + 1)); [ $i -le 100 ] || fail "webhook test server did not start"; sleep 0.1
	done
}
stop_hook() { kill $hook; wait $hook 2>/dev/null; hook=; }
monitor() {
	timeout 60 "$MANRS" monitor --prefixes "$tmp/prefixes.yml" --config "$tmp/config.yml" \
		--store "$tmp/alerts.db" --out "$tmp/$1.jsonl" \
		--webhook http://127.0.0.1:18900/hooks/SECRET --ris "$tmp/ris.jsonl" 2>"$tmp/$1.err"
}

start_hook hold
monitor run1; rc=$?
stop_hook
[ $rc -eq 1 ] || fail "run 1 with a silent webhook: exit $rc, not 1: $(cat "$tmp/run1.err")"
[ "$(wc -l <"$tmp/run1.jsonl")" -eq $N ] || fail "run 1 --out has $(wc -l <"$tmp/run1.jsonl") alerts, not $N"
[ "$(wc -l <"$tmp/hold.log")" -eq 1 ] || fail "the silent webhook got $(wc -l <"$tmp/hold.log") POSTs"
grep -q "; $N deliveries pending;" "$tmp/run1.err" ||
	fail "run 1 does not report $N deliveries pending: $(cat "$tmp/run1.err")"
grep -q SECRET "$tmp/run1.err" && fail "the URL's secret is in the messages"

start_hook answer
monitor run2; rc=$?
stop_hook
[ $rc -eq 0 ] || fail "run 2: exit $rc: $(cat "$tmp/run2.err")"
python3 - "$tmp/answer.log" $N <<'PY' || fail "run 2 webhook got: $(cat "$tmp/answer.log")"
import json, sys
keys = [json.loads(l)["key"] for l in open(sys.argv[1])]
want = ["hijack|10.0.%d.0/24|64511" % i for i in range(int(sys.argv[2]))]
assert keys == want, keys
PY

start_hook answer
monitor run3; rc=$?
stop_hook
[ $rc -eq 0 ] || fail "run 3: exit $rc: $(cat "$tmp/run3.err")"
[ ! -s "$tmp/answer.log" ] || fail "run 3 sent again: $(cat "$tmp/answer.log")"
start_hook slow
timeout 60 "$MANRS" monitor --prefixes "$tmp/prefixes.yml" --config "$tmp/config.yml" \
	--out "$tmp/run4.jsonl" --webhook http://127.0.0.1:18900/hooks/SECRET \
	--ris "$tmp/ris.jsonl" 2>"$tmp/run4.err"
rc=$?
stop_hook
[ $rc -eq 0 ] || fail "run 4 with a slow webhook: exit $rc: $(cat "$tmp/run4.err")"
[ "$(wc -l <"$tmp/slow.log")" -eq $N ] || fail "the slow webhook got $(wc -l <"$tmp/slow.log") of $N alerts"
echo "ok: a silent webhook held no detection; $N alerts delivered once, in order, by the next run; a slow one is waited for"
