# SPDX-License-Identifier: ISC
# demo section: `manrs serve` - every service from one config on the lab,
# sourced by scripts/demo.sh (uses its MANRS, DIR, PORT, work, section, say,
# done_section, send_bmp). Ports $PORT+20 (RTR), +21 (whois), +22 (BMP),
# +23 (HTTP) on 127.0.0.1. The daemon is left running for the reader, with
# its pidfile, unless DEMO_STOP=1 (tests, CI), which stops it at the end of
# the section and in the demo's exit trap.

serve_demo_stop() {
	[ -f "$DIR/serve/manrs.pid" ] || return 0
	p=$(cat "$DIR/serve/manrs.pid")
	kill "$p" 2>/dev/null
	i=0
	while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	rm -f "$DIR/serve/manrs.pid"
}

# cmd/serve.c, serve/daemon*.c, serve/api*.c, serve/dashboard*.c
if section serve "16. One daemon, one config: manrs serve (RTR, whois, BMP, monitor, API, dashboard)" serve; then
	sd=$(cd "$DIR" && pwd)/serve
	mkdir -p "$sd"
	sp_rtr=$((PORT + 20)) sp_whois=$((PORT + 21)) sp_bmp=$((PORT + 22)) sp_http=$((PORT + 23))
	serve_demo_stop # a daemon left by an earlier demo run
	[ "${DEMO_STOP:-}" = 1 ] && trap 'rm -rf "$work"; serve_demo_stop' EXIT
	lab=$(cd "$DIR" && pwd)
	cat >"$sd/manrs.yml" <<EOT
# manrs serve on the lab: see manrs.yml(5)
log:
  level: info
pidfile: $sd/manrs.pid
rtr:
  listen: 127.0.0.1:$sp_rtr
  vrps: $lab/vrps.json
whois:
  listen: 127.0.0.1:$sp_whois
  files:
    - path: $lab/irr.db
      source: LAB
bmp:
  listen: 127.0.0.1:$sp_bmp
monitor:
  prefixes: $lab/prefixes.yml
  config: $lab/config.yml
  vrps: $lab/vrps.json
  asrel: $lab/as-rel.txt
  irr: $lab/irr.db
  bogons: true
  store: $sd/monitor.db
http:
  listen: 127.0.0.1:$sp_http
EOT
	rm -f "$sd/monitor.db" "$sd/monitor.db-wal" "$sd/monitor.db-shm"
	say "One config ($sd/manrs.yml) for every service:"
	showh 8 serve --check-config --config "$sd/manrs.yml"
	say "\$ manrs serve --config $sd/manrs.yml   (goes to the background once serving)"
	if timeout 30 "$MANRS" serve --config "$sd/manrs.yml" 2>>"$sd/serve.log"; then
		api() { timeout 10 curl -sf "http://127.0.0.1:$sp_http$1"; }
		say "The lab's collector router sends its BMP stream (stream.bmp) to the daemon;"
		send_bmp "$DIR/stream.bmp" "$sp_bmp" || step_failed=1
		i=0 # the session closed: its alerts are stored at the next tick
		while ! api "/api/v1/alerts?state=all" | grep -q '"id"' && [ $i -lt 30 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		say "\$ curl http://127.0.0.1:$sp_http/api/v1/status"
		api /api/v1/status | python3 -c '
import json, sys
j = json.load(sys.stdin)
for name, s in j["services"].items():
    if s is None:
        print("  %-8s off" % name)
        continue
    keys = [k for k in ("vrps", "serial", "clients", "routes", "sessions", "peers", "alerts_opened") if k in s]
    print("  %-8s %s %s" % (name, " ".join(s.get("listen", [])), ", ".join("%s %s" % (k, s[k]) for k in keys)))
print("  reload   last %s, ok %s" % (j["reload"]["last"], j["reload"]["ok"]))' || step_failed=1
		hp=$(inc_field origin-hijack prefix) ho=$(inc_field origin-hijack origin)
		say "\$ curl http://127.0.0.1:$sp_http/api/v1/validity/AS$ho/$hp   (the lab's origin hijack; Routinator's answer shape)"
		api "/api/v1/validity/AS$ho/$hp" | python3 -c '
import json, sys
v = json.load(sys.stdin)["validated_route"]
print("  %s from %s: %s (%s): %s" % (v["route"]["prefix"], v["route"]["origin_asn"], v["validity"]["state"],
    v["validity"].get("reason", ""), v["validity"]["description"]))
for x in v["validity"]["VRPs"]["unmatched_as"]:
    print("  covering VRP: %s max %s %s" % (x["prefix"], x["max_length"], x["asn"]))' || step_failed=1
		say "\$ curl 'http://127.0.0.1:$sp_http/api/v1/alerts?state=all'   (the monitor's alerts, from BMP)"
		api "/api/v1/alerts?state=all" | python3 -c '
import json, sys
j = json.load(sys.stdin)
for a in j["alerts"][:5]:
    print("  #%s %-10s %-8s %s %s" % (a["id"], a["type"], a["state"], a["prefix"], a["description"][:70]))
print("  ... %d alerts" % j["count"])' || step_failed=1
		say "Dashboard: http://127.0.0.1:$sp_http/   (API: /api/v1/status, metrics: /metrics)"
		if [ "${DEMO_STOP:-}" = 1 ]; then
			serve_demo_stop
			say "(stopped: DEMO_STOP=1)"
		else
			say "The daemon keeps running (pid $(cat "$sd/manrs.pid"), log $sd/serve.log);"
			say "stop it with: kill \$(cat $sd/manrs.pid)"
		fi
	else
		say "(manrs serve did not start: $(tail -1 "$sd/serve.log"); are ports $sp_rtr-$sp_http free? set DEMO_RTR_PORT)"
		step_failed=1
	fi
	done_section serve
fi
