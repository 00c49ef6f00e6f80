#!/bin/sh
# SPDX-License-Identifier: ISC
# demo.sh MANRS [DIR] - the README's main job (`make demo`).
#
# Generates a synthetic internet with `manrs lab generate` (no downloads), then
# shows what manrs finds in it, section by section: bogons, the collector's
# MRT files, RPKI origin validation of the hijacks, ASPA on the route leak,
# IRR filters, RPKI export, an RTR cache synced by a real RTR client,
# bgpq4 against the whois server, the monitor raising the planted incidents
# as alerts, and the BMP collector fed the lab's routes; then (scripts/demo.d)
# anti-spoofing filters and a scan of the customer edge, IXP route servers,
# fresh data with manrs fetch, the daemon with its dashboard (left running for
# you unless DEMO_STOP=1), the MANRS readiness report of a lab AS, and Kafka
# between the collector and a group of monitors.
# A section runs only when its subcommand is implemented in this build, and a
# failing section is reported but never stops the others; only a failure of
# `lab generate` itself fails the demo. Bounded: every command has a timeout.
#
# Environment: DEMO_RTR_PORT (default 29323) - 127.0.0.1 port for the RTR demo;
# the IRR whois demo uses the next port, the BMP collector the two after.
set -u
MANRS=${1:-build/manrs}
DIR=${2:-demo}
PORT=${DEMO_RTR_PORT:-29323}
ran=0 skipped=0 failed=0 skipped_list="" failed_list=""

case $MANRS in */*) ;; *) MANRS=./$MANRS;; esac
[ -x "$MANRS" ] || { echo "demo: $MANRS is not built (run make)" >&2; exit 1; }

heading() { printf '\n=== %s ===\n' "$*"; }
say() { printf '%s\n' "$*"; }

# implemented WORDS...: does `manrs WORDS --help` work and is it not a stub?
implemented() {
	out=$(timeout 10 "$MANRS" "$@" --help 2>&1) || return 1
	case $out in *"not yet implemented"* | *"not implemented"*) return 1;; esac
	return 0
}

# show CMD...: print and run a manrs command; exit 0 and 1 (findings) are both
# fine, anything else counts as a failed step of the current section.
step_failed=0
show() {
	showh 1000000 "$@"
}

# args_line ARGS...: the arguments as a shell would need them typed.
args_line() {
	line=""
	for a in "$@"; do
		case $a in *" "* | "") a="'$a'";; esac
		line="$line $a"
	done
	printf '%s' "${line# }"
}

# showh N CMD...: like show, but print only the first N lines of the output.
showh() {
	n=$1
	shift
	printf '$ manrs %s\n' "$(args_line "$@")"
	timeout 20 "$MANRS" "$@" >"$work/out" 2>&1
	rc=$?
	head -n "$n" "$work/out"
	lines=$(wc -l <"$work/out")
	[ "$lines" -le "$n" ] || say "... ($lines lines)"
	[ $rc -le 1 ] || { say "(exit $rc)"; step_failed=1; }
	return $rc
}

# section KEY TITLE WORDS...: start a section if `manrs WORDS` is implemented.
section() {
	name=$1
	heading "$2"
	shift 2
	step_failed=0
	if ! implemented "$@"; then
		say "(skipped: 'manrs $*' is not implemented in this build yet)"
		skipped=$((skipped + 1))
		skipped_list="$skipped_list, $name"
		return 1
	fi
	return 0
}

done_section() {
	if [ "$step_failed" = 0 ]; then
		ran=$((ran + 1))
	else
		failed=$((failed + 1))
		failed_list="$failed_list, $1"
	fi
}

# Fields of the planted incidents, from incidents.json (one incident a line).
inc_field() { # inc_field TYPE KEY
	sed -n "s/.*\"type\": \"$1\".*\"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},.*/\1/p" "$DIR/incidents.json" | head -1
}
seen_path() { # first AS path a collector peer showed for incident TYPE
	awk -v t="\"type\": \"$1\"" 'index($0, t) { f = 1 } f && /"as_path"/ {
		sub(/.*"as_path": \[/, ""); sub(/\].*/, ""); gsub(/,/, ""); print; exit }' \
		"$DIR/incidents.json"
}

start=$(date +%s)
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
heading "manrs: a synthetic internet, and what manrs finds in it"
"$MANRS" --version

heading "1. Generate the lab (manrs lab generate)"
say "\$ manrs lab generate $DIR --seed 1"
if ! timeout 60 "$MANRS" lab generate "$DIR" --seed 1; then
	echo "demo: manrs lab generate failed" >&2
	exit 1
fi

hij_pfx=$(inc_field origin-hijack prefix)
hij_org=$(inc_field origin-hijack origin)
hij_vic=$(inc_field origin-hijack victim)
sub_pfx=$(inc_field subprefix-hijack prefix)
sub_org=$(inc_field subprefix-hijack origin)
leak_pfx=$(inc_field route-leak prefix)
leak_org=$(inc_field route-leak origin)
leak_actor=$(inc_field route-leak actor)
leak_path=$(seen_path route-leak)
bog_pfx=$(inc_field bogon-prefix prefix)
bog_asn=$(inc_field bogon-asn origin)
bog_asn_pfx=$(inc_field bogon-asn prefix)
bog_asn_path=$(seen_path bogon-asn)
mis_pfx=$(inc_field roa-misconfig prefix)
mis_org=$(inc_field roa-misconfig origin)
say
say "Planted (ground truth in $DIR/incidents.json and $DIR/README):"
say "  origin hijack     $hij_pfx from AS$hij_org (belongs to AS$hij_vic)"
say "  sub-prefix hijack $sub_pfx from AS$sub_org"
say "  route leak        $leak_pfx (origin AS$leak_org) leaked by AS$leak_actor, path $leak_path"
say "  bogon prefix      $bog_pfx"
say "  bogon ASN         AS$bog_asn in path $bog_asn_path"
[ -n "$mis_pfx" ] && say "  ROA mistake       $mis_pfx from AS$mis_org"

if section bogons "2. Bogons (manrs bogon check)" bogon check; then
	show bogon check "$bog_pfx" "AS$bog_asn" "$hij_pfx" "AS$hij_org" 192.0.2.0/24 AS23456
	show bogon check --path "$bog_asn_path"
	if implemented mrt dump; then
		say
		say "A bulk scan of everything the collector saw (bgpdump -m lines on stdin):"
		say "\$ manrs mrt dump -m $DIR/rib.mrt $DIR/updates.mrt | manrs bogon check -"
		timeout 20 "$MANRS" mrt dump -m "$DIR/rib.mrt" "$DIR/updates.mrt" |
			timeout 20 "$MANRS" bogon check - >"$work/scan" 2>&1
		[ $? -le 1 ] || step_failed=1
		head -6 "$work/scan"
		say "... ($(wc -l <"$work/scan") lines)"
	fi
	done_section bogons
fi

if section mrt "3. What the route collector saw (manrs mrt)" mrt stats; then
	showh 12 mrt stats "$DIR/rib.mrt"
	showh 12 mrt stats "$DIR/updates.mrt"
	if implemented mrt dump; then
		say
		say "The incidents in updates.mrt (bgpdump -m format), as the collector peers saw them:"
		# incident LABEL PREFIX AWK-CONDITION-ON-THE-AS-PATH ($7)
		incident() {
			say "-- $1"
			timeout 20 "$MANRS" mrt dump -m --prefix "$2" "$DIR/updates.mrt" |
				awk -F'|' "$3" | head -3
		}
		incident "origin hijack" "$hij_pfx" "\$3 == \"A\" && \$7 ~ / $hij_org\$/"
		incident "sub-prefix hijack" "$sub_pfx" "\$3 == \"A\""
		incident "route leak" "$leak_pfx" "\$3 == \"A\" && \$7 ~ / $leak_actor /"
		incident "bogon prefix" "$bog_pfx" "\$3 == \"A\""
		incident "bogon ASN" "$bog_asn_pfx" "\$3 == \"A\""
		say
		showh 1 mrt dump --json --prefix "$sub_pfx" "$DIR/updates.mrt"
		say
		say "Every path through the leaker AS$leak_actor (--aspath takes bgpdump/Cisco regexes):"
		showh 3 mrt dump -m --aspath "_${leak_actor}_" --prefix "$leak_pfx" "$DIR/updates.mrt"
		say
		say "updates-addpath.mrt holds the same updates as a BIRD mrtdump writes them (ADD-PATH"
		say "path ids under plain BGP4MP subtypes); they decode to the same routes, none invented:"
		if timeout 20 "$MANRS" mrt dump -m "$DIR/updates-addpath.mrt" >"$work/ap" 2>&1 &&
			timeout 20 "$MANRS" mrt dump -m "$DIR/updates.mrt" >"$work/plain" 2>&1 &&
			cmp -s "$work/ap" "$work/plain"; then
			say "-> identical: $(wc -l <"$work/ap") lines"
		else
			say "-> they differ"
			step_failed=1
		fi
	fi
	done_section mrt
fi

if section rov "4. Route origin validation of the hijacks (manrs rpki validate)" rpki validate; then
	show rpki validate --vrps "$DIR/vrps.json" "$hij_pfx" "AS$hij_vic"
	show rpki validate --vrps "$DIR/vrps.json" "$hij_pfx" "AS$hij_org"
	show rpki validate --vrps "$DIR/vrps.json" "$sub_pfx" "AS$sub_org"
	[ -n "$mis_pfx" ] && show rpki validate --vrps "$DIR/vrps.json" "$mis_pfx" "AS$mis_org"
	say
	say "Every route in the collector's RIB and updates:"
	showh 12 rpki validate --vrps "$DIR/vrps.json" --mrt "$DIR/rib.mrt" --mrt "$DIR/updates.mrt"
	say
	# --unique groups routes per (prefix, origin): cmd/rpki_unique.c
	say "The invalid routes once per (prefix, origin), with how many peers carried them:"
	showh 8 rpki validate --vrps "$DIR/vrps.json" --mrt "$DIR/updates.mrt" --unique --print invalid
	done_section rov
fi

if section aspa "5. ASPA catches the route leak (manrs rpki validate --path)" rpki validate; then
	say "The collector takes full tables, so paths are checked as from a provider."
	leak_peer=${leak_path%% *}
	if implemented mrt dump; then
		before=$(timeout 20 "$MANRS" mrt dump -m --prefix "$leak_pfx" --peer "$leak_peer" \
			"$DIR/rib.mrt" 2>/dev/null | head -1 | cut -d'|' -f7)
		if [ -n "$before" ]; then
			say "Before the leak, AS$leak_peer had a valley-free path:"
			show rpki validate --vrps "$DIR/vrps.json" --downstream --path "$before"
			say
		fi
	fi
	say "During the leak AS$leak_actor sits in a valley between two providers:"
	show rpki validate --vrps "$DIR/vrps.json" --downstream --path "$leak_path" "$leak_pfx"
	done_section aspa
fi

if section irr "6. IRR filters from the lab's RPSL (manrs irr)" irr filter; then
	implemented irr load && showh 8 irr load "$DIR/irr.db"
	set_name="AS$leak_actor:AS-CUSTOMERS"
	grep -q "^as-set: *$set_name" "$DIR/irr.db" || set_name="AS$leak_actor"
	say
	case $leak_pfx in *:*) fam=-6;; *) fam=-4;; esac
	say "The prefix filter a provider builds for its customer AS$leak_actor:"
	showh 8 irr filter --db "$DIR/irr.db" $fam -A -l "AS$leak_actor-IN" "$set_name"
	if timeout 20 "$MANRS" irr filter --db "$DIR/irr.db" $fam "$set_name" 2>/dev/null |
		grep -q " $leak_pfx\$"; then
		say "-> $leak_pfx IS in AS$leak_actor's filter"
	else
		say "-> $leak_pfx is not in it: an IRR filter would have dropped the leak"
	fi
	say
	say "The filter for the origin hijacker AS$hij_org holds only its own space:"
	showh 6 irr filter --db "$DIR/irr.db" -b -4 -l "AS$hij_org" "AS$hij_org"
	if ! timeout 20 "$MANRS" irr filter --db "$DIR/irr.db" -4 "AS$hij_org" 2>/dev/null |
		grep -q " $hij_pfx\$"; then
		say "-> $hij_pfx is not in it: the hijack would have been dropped at the edge"
	fi
	done_section irr
fi

if section export "7. RPKI data for routers (manrs rpki export)" rpki export; then
	showh 8 rpki export --vrps "$DIR/vrps.json" --format bird
	done_section export
fi

if section rtr "8. An RTR cache for routers (manrs rtr serve)" rtr serve; then
	tmp=$work
	"$MANRS" rtr serve --vrps "$DIR/vrps.json" --listen "127.0.0.1:$PORT" \
		--ready-file "$tmp/pid" -q &
	pid=$!
	i=0
	while [ ! -s "$tmp/pid" ] && [ $i -lt 50 ] && kill -0 $pid 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ -s "$tmp/pid" ]; then
		say "manrs rtr serve is listening on 127.0.0.1:$PORT (pid $pid)"
		if command -v rtrclient >/dev/null 2>&1; then
			say "\$ rtrclient -e -t csv -o FILE tcp 127.0.0.1 $PORT   (rtrlib, RTR v1)"
			if timeout 20 rtrclient -e -t csv -o "$tmp/rtr.csv" tcp 127.0.0.1 "$PORT" \
				>/dev/null 2>&1; then
				say "rtrclient received $(grep -c '^[0-9a-f]' "$tmp/rtr.csv") VRPs; first ones:"
				head -4 "$tmp/rtr.csv"
			else
				say "(rtrclient failed)"
				step_failed=1
			fi
		fi
		if implemented rtr dump; then
			show rtr dump --count "127.0.0.1:$PORT"
			say "The ASPAs a current RTR v2 router receives (draft-ietf-sidrops-8210bis-26):"
			say "\$ manrs rtr dump -V 2 127.0.0.1:$PORT   (customer ASN, provider ASNs)"
			timeout 20 "$MANRS" rtr dump -V 2 "127.0.0.1:$PORT" >"$work/v2" 2>&1 ||
				step_failed=1
			sed -n '/^$/,$p' "$work/v2" | sed 1d | head -4
			say "... ($(sed -n '/^$/,$p' "$work/v2" | sed 1,2d | wc -l) ASPAs)"
		fi
	else
		say "(rtr serve did not start; is port $PORT in use? set DEMO_RTR_PORT)"
		step_failed=1
	fi
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	done_section rtr
fi

if section bgpq4 "9. The real bgpq4 asks manrs irr serve (IRRd whois protocol)" irr serve; then
	if command -v bgpq4 >/dev/null 2>&1; then
		irr_port=$((PORT + 1))
		"$MANRS" irr serve -q -l "127.0.0.1:$irr_port" --pidfile "$work/irr.pid" \
			"$DIR/irr.db" 2>"$work/irr.err" &
		irr_pid=$!
		i=0
		until timeout 2 bgpq4 -h "127.0.0.1:$irr_port" -4 -l PROBE AS1000 >/dev/null 2>&1 ||
			[ $i -ge 30 ] || ! kill -0 $irr_pid 2>/dev/null; do
			sleep 0.2
			i=$((i + 1))
		done
		set_name="AS$leak_actor:AS-CUSTOMERS"
		grep -q "^as-set: *$set_name" "$DIR/irr.db" || set_name="AS${hij_vic}"
		say "\$ bgpq4 -h 127.0.0.1:$irr_port -4 -A -l FROM-AS$leak_actor $set_name"
		if timeout 20 bgpq4 -h "127.0.0.1:$irr_port" -4 -A -l "FROM-AS$leak_actor" "$set_name" \
			>"$work/bgpq4.out" 2>&1; then
			head -6 "$work/bgpq4.out"
			say "... ($(wc -l <"$work/bgpq4.out") lines)"
			if timeout 20 "$MANRS" irr filter --db "$DIR/irr.db" -4 -A -l "FROM-AS$leak_actor" \
				"$set_name" >"$work/manrs.out" 2>/dev/null &&
				cmp -s "$work/bgpq4.out" "$work/manrs.out"; then
				say "(identical to 'manrs irr filter --db $DIR/irr.db' on the same set)"
			fi
		else
			say "(bgpq4 failed:)"
			head -3 "$work/bgpq4.out"
			step_failed=1
		fi
		kill "$irr_pid" 2>/dev/null
		wait "$irr_pid" 2>/dev/null
	else
		say "(bgpq4 is not installed: apt-get install bgpq4)"
	fi
	done_section bgpq4
fi

# cmd/monitor.c, cmd/monitor_alerts.c, cmd/monitor_generate.c, cmd/monitor_roa.c,
# cmd/monitor_bmp.c and cmd/monitor_http.c (section 11)
if section monitor "10. Watch for incidents as they happen (manrs monitor)" monitor; then
	say "The lab writes a BGPalerter prefixes.yml for its networks and a config.yml (BGPalerter's"
	say "format too) with thresholds for its 5-peer collector. Replay the collector's files:"
	say "\$ manrs monitor --prefixes $DIR/prefixes.yml --config $DIR/config.yml --vrps $DIR/vrps.json \\"
	say "    --asrel $DIR/as-rel.txt --bogons --irr $DIR/irr.db --store $DIR/monitor.db \\"
	say "    --mrt-rib $DIR/rib.mrt $DIR/updates.mrt"
	rm -f "$DIR/monitor.db"
	timeout 60 "$MANRS" monitor --prefixes "$DIR/prefixes.yml" --config "$DIR/config.yml" \
		--vrps "$DIR/vrps.json" --asrel "$DIR/as-rel.txt" --bogons --irr "$DIR/irr.db" \
		--store "$DIR/monitor.db" --mrt-rib "$DIR/rib.mrt" "$DIR/updates.mrt" \
		>"$work/alerts" 2>"$work/monitor.err"
	rc=$?
	[ $rc -le 1 ] || { say "(exit $rc)"; step_failed=1; }
	say "The alerts as they opened (updates and resolutions follow in the full output):"
	grep ' open (' "$work/alerts" | cut -c1-150
	tail -1 "$work/monitor.err"
	say
	say "Every planted incident is there: compare with $DIR/incidents.json, or run"
	say "tests/interop/monitor_ground_truth.sh. The store keeps them for later:"
	showh 6 monitor alerts --db "$DIR/monitor.db" --latest --type hijack
	say
	say "A ROA that disappears between two VRP snapshots (BGPalerter's rpki-diff): drop"
	say "AS$hij_vic's ROAs from a copy of vrps.json and give it as the later set:"
	grep -v "\"asn\": $hij_vic, " "$DIR/vrps.json" >"$DIR/vrps-next.json"
	say "\$ manrs monitor --prefixes $DIR/prefixes.yml --config $DIR/config.yml --vrps $DIR/vrps.json \\"
	say "    --vrps-next $DIR/vrps-next.json --mrt-rib $DIR/rib.mrt $DIR/updates.mrt | grep '^roa'"
	timeout 60 "$MANRS" monitor --prefixes "$DIR/prefixes.yml" --config "$DIR/config.yml" \
		--vrps "$DIR/vrps.json" --vrps-next "$DIR/vrps-next.json" --mrt-rib "$DIR/rib.mrt" \
		"$DIR/updates.mrt" >"$work/roa" 2>&1
	[ $? -le 1 ] || step_failed=1
	grep '^roa' "$work/roa" || { say "(no roa alert)"; step_failed=1; }
	say
	say "A prefixes.yml for your own AS, from route objects, ROAs and what the RIB shows"
	say "(BGPalerter's 'generate'); what disagrees between them is named, here the ROA mistake:"
	gen_as=AS${mis_org:-$hij_vic}
	say "\$ manrs monitor generate --asn $gen_as --irr $DIR/irr.db --vrps $DIR/vrps.json --rib $DIR/rib.mrt"
	timeout 20 "$MANRS" monitor generate --asn "$gen_as" --irr "$DIR/irr.db" \
		--vrps "$DIR/vrps.json" --rib "$DIR/rib.mrt" >"$work/gen.yml" 2>"$work/gen.err"
	[ $? -le 1 ] || step_failed=1
	head -7 "$work/gen.yml"
	say "... ($(wc -l <"$work/gen.yml") lines); on stderr:"
	cat "$work/gen.err"
	done_section monitor
fi

# send_bmp FILE PORT: play a router: send a BMP stream, wait for the collector
# to close the session (it does after the Termination message).
send_bmp() {
	timeout 30 python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[2])), timeout=20)
s.sendall(open(sys.argv[1], "rb").read())
s.shutdown(socket.SHUT_WR)
while s.recv(65536):
    pass' "$1" "$2"
}

# cmd/bmp.c, cmd/bmp_decode.c, cmd/bmp_serve.c
if section bmp "11. Routes from a router over BMP (manrs bmp)" bmp serve; then
	say "The lab also writes stream.bmp: what its collector router would export over BMP"
	say "(Initiation, a Peer Up per peer, its RIB, every update, the session reset, Termination)."
	showh 9 bmp decode "$DIR/stream.bmp"
	bport=$((PORT + 2)) hport=$((PORT + 3))
	mkdir -p "$DIR/archive"
	rm -f "$DIR"/archive/*.mrt "$work/bmp.ready"
	say
	say "\$ manrs bmp serve --listen 127.0.0.1:$bport --http 127.0.0.1:$hport --archive $DIR/archive"
	"$MANRS" bmp serve --listen "127.0.0.1:$bport" --http "127.0.0.1:$hport" \
		--archive "$DIR/archive" --ready-file "$work/bmp.ready" -q 2>"$work/bmp.err" &
	bpid=$!
	i=0
	while [ ! -e "$work/bmp.ready" ] && [ $i -lt 50 ] && kill -0 $bpid 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ -e "$work/bmp.ready" ] && command -v python3 >/dev/null 2>&1 &&
		send_bmp "$DIR/stream.bmp" "$bport"; then
		say "A router sent stream.bmp; the collector's /status (summary):"
		timeout 10 curl -s "http://127.0.0.1:$hport/status" | timeout 10 python3 -c '
import json, sys
d = json.load(sys.stdin)
print("routers %d, peers %d up of %d, routes %d (pre-policy %d), %.0f bytes per route, %d messages"
      % (d["routers"], d["peers_up"], d["peers"], d["routes_total"], d["routes"]["pre-policy"],
         d["bytes_per_route"], d["messages"]))
for r in d["router_list"]:
    print("router %s (%s): %s" % (r["name"], r["sys_name"], ", ".join(
        "AS%d %s %d routes" % (p["asn"], p["address"], p["routes"]["pre-policy"]) for p in r["peers"])))
' || step_failed=1
		say "The router has gone (Termination): its routes stay, marked stale, for --stale-grace."
		kill -USR1 $bpid # a RIB snapshot now
		i=0
		until ls "$DIR"/archive/rib.*.mrt >/dev/null 2>&1 || [ $i -ge 100 ]; do
			sleep 0.1
			i=$((i + 1))
		done
	else
		say "(bmp serve did not start or the stream could not be sent; ports $bport/$hport in use?)"
		step_failed=1
	fi
	kill $bpid 2>/dev/null
	wait $bpid 2>/dev/null
	say
	say "The MRT archive it wrote, as a route collector does (update files and RIB snapshots):"
	ls "$DIR/archive"
	rib=$(ls "$DIR"/archive/rib.*.mrt 2>/dev/null | head -1)
	upd=$(ls "$DIR"/archive/updates.*.mrt 2>/dev/null | head -1)
	if [ -n "$rib" ] && [ -n "$upd" ]; then
		timeout 20 "$MANRS" mrt dump -m "$rib" | cut -d'|' -f4,6,7 | sort >"$work/snap"
		timeout 20 "$MANRS" mrt dump -m "$upd" >"$work/upd"
		say "snapshot: $(wc -l <"$work/snap") routes; update file: $(wc -l <"$work/upd") lines"
		if command -v bgpdump >/dev/null 2>&1; then
			bgpdump -m "$upd" 2>/dev/null | cmp -s - "$work/upd" &&
				say "(bgpdump -m reads the update file to the same lines as manrs mrt dump -m)" ||
				{ say "(bgpdump reads the update file differently)"; step_failed=1; }
		fi
	else
		say "(no archive files)"
		step_failed=1
	fi
	if implemented monitor && "$MANRS" monitor --help 2>&1 | grep -q -- --bmp; then
		say
		say "The monitor takes BMP straight from routers; the same stream gives the same alerts"
		say "as the MRT replay in section 10:"
		say "\$ manrs monitor --bmp 127.0.0.1:$bport --prefixes $DIR/prefixes.yml --config $DIR/config.yml \\"
		say "    --vrps $DIR/vrps.json --asrel $DIR/as-rel.txt --bogons --irr $DIR/irr.db \\"
		say "    --metrics 127.0.0.1:$hport"
		rm -f "$work/mb.ready"
		"$MANRS" monitor --bmp "127.0.0.1:$bport" --prefixes "$DIR/prefixes.yml" \
			--config "$DIR/config.yml" --vrps "$DIR/vrps.json" --asrel "$DIR/as-rel.txt" \
			--bogons --irr "$DIR/irr.db" --ready-file "$work/mb.ready" --metrics "127.0.0.1:$hport" \
			>"$work/mb.out" 2>"$work/mb.err" &
		mpid=$!
		i=0
		while [ ! -e "$work/mb.ready" ] && [ $i -lt 50 ] && kill -0 $mpid 2>/dev/null; do
			sleep 0.1
			i=$((i + 1))
		done
		[ -e "$work/mb.ready" ] && send_bmp "$DIR/stream.bmp" "$bport" || step_failed=1
		say "Its Prometheus /metrics while it runs (alerts opened by type):"
		timeout 10 curl -s "http://127.0.0.1:$hport/metrics" | grep 'alerts_total.*state="open"' |
			grep -v ' 0$'
		kill $mpid 2>/dev/null
		wait $mpid 2>/dev/null
		say "$(grep -c ' open (' "$work/mb.out") alerts opened over BMP; first ones:"
		grep ' open (' "$work/mb.out" | head -4 | cut -c1-150
		if [ -s "$work/alerts" ] && cmp -s "$work/alerts" "$work/mb.out"; then
			say "-> the same alerts, line for line, as the MRT replay"
		elif [ -s "$work/alerts" ]; then
			say "-> they differ from the MRT replay"
			step_failed=1
		fi
	fi
	done_section bmp
fi

# Sections 12 and on live in scripts/demo.d/NN-name.sh (one file per capability):
# cmd/sav.c, cmd/sav_filter.c, cmd/sav_inputs.c, cmd/sav_compare.c (12),
# cmd/sav_scan.c (13), cmd/ixp.c, cmd/ixp_inputs.c, cmd/ixp_check.c (on the
# lab's unfiltered route-server RIB) and cmd/ixp_import.c (on its
# peeringdb.json) (14), cmd/fetch.c (15), cmd/serve.c (16), cmd/check.c and
# cmd/check_all.c (17), cmd/bmp_serve.c --kafka and cmd/monitor_kafka.c
# through librdkafka's mock cluster (18). Not in the demo (it needs an NRTM
# server): fetch nrtm - tests/interop/fetch_nrtm.sh runs it.
# sourced in order; each uses section/show/done_section like the ones above.
for part in "$(dirname "$0")"/demo.d/*.sh; do
	[ -f "$part" ] && . "$part"
done

heading "Summary"
say "lab in $DIR; $ran sections ran, $skipped skipped${skipped_list:+ (${skipped_list#, })}," \
	"$failed failed${failed_list:+ (${failed_list#, })} in $(( $(date +%s) - start )) s."
say "Next: man -l doc/manrs-lab.1; $DIR/README; manrs help"
exit 0
