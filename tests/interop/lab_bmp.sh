#!/bin/sh
# SPDX-License-Identifier: ISC
# The lab's stream.bmp (a router's BMP feed) against its MRT files: what
# `manrs bmp decode` prints from it must be the routes `manrs mrt dump -m
# rib.mrt updates.mrt` prints, field for field (time, announce/withdraw,
# peer address and AS, prefix, path, origin, next hop, MED, LOCAL_PREF,
# communities, aggregator). What legitimately differs is normalised first:
#   - the record type column (TABLE_DUMP2 / BGP4MP) goes, RIB 'B' becomes 'A';
#   - the RIB is compared as a set: a TABLE_DUMP_V2 dump lists it prefix by
#     prefix, a router's BMP dump peer by peer (both at the RIB time);
#   - BMP has no FSM steps: of the MRT state changes only leaving
#     Established (Peer Down) and reaching it (Peer Up) remain, and the BMP
#     feed starts with a Peer Up for every peer of the RIB.
# The updates after the RIB must then be equal line for line, in order.
# With python3 the --json route elements are compared the same way (they
# also carry the OTC attribute, which -m does not print), and the stream is
# sent to `manrs bmp serve -m` over loopback, which must print what decode
# printed. No peers needed. Port: 18770 (bmp serve).
MANRS=${MANRS:-build/manrs}
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
PORT=18770
tmp=$(mktemp -d) || exit 1
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; exit 1; }

# split_mrt IN: IN's RIB lines (sorted) to mrt.rib, the rest to mrt.upd,
# the peers of the RIB as Peer Up lines to mrt.peers.
split_mrt() {
	awk -F'|' -v OFS='|' -v d="$tmp" '
	$3 == "STATE" {
		if ($7 == 6) print $2, "UP", $4, $5 > (d "/mrt.upd")
		else if ($6 == 6) print $2, "DOWN", $4, $5 > (d "/mrt.upd")
		next
	}
	$1 == "TABLE_DUMP2" {
		print $2, "UP", $4, $5 > (d "/mrt.peers.all")
		$3 = "A"; $1 = ""; print substr($0, 2) > (d "/mrt.rib.raw"); next
	}
	{ $1 = ""; print substr($0, 2) > (d "/mrt.upd") }' "$1"
	sort "$tmp/mrt.rib.raw" >"$tmp/mrt.rib"
	sort -u "$tmp/mrt.peers.all" >"$tmp/mrt.peers"
}

# split_bmp IN NRIB: the leading Peer Ups to bmp.peers, the next NRIB route
# lines (sorted) to bmp.rib, the rest to bmp.upd; BMP| lines are dropped.
split_bmp() {
	awk -F'|' -v OFS='|' -v d="$tmp" -v nrib="$2" '
	$1 == "BMP" { next }
	$3 == "STATE" {
		s = $7 == 6 ? "UP" : $6 == 6 ? "DOWN" : ""
		if (s == "") next
		if (seen == 0 && s == "UP") { print $2, s, $4, $5 > (d "/bmp.peers.raw"); next }
		print $2, s, $4, $5 > (d "/bmp.upd"); next
	}
	{ $1 = ""; seen++; print substr($0, 2) > (d (seen <= nrib ? "/bmp.rib.raw" : "/bmp.upd")) }' "$1"
	sort "$tmp/bmp.rib.raw" >"$tmp/bmp.rib"
	sort "$tmp/bmp.peers.raw" >"$tmp/bmp.peers"
}

# same A B WHAT: A and B are equal, or fail showing the first differences.
same() {
	cmp -s "$1" "$2" && return 0
	echo "FAIL: $3 differ (< MRT, > BMP):"
	diff "$1" "$2" | head -10
	exit 1
}

# compare FILE LABEL: FILE (bgpdump -m lines from BMP) against mrt.m.
compare() {
	rm -f "$tmp"/mrt.* "$tmp"/bmp.*.raw "$tmp"/bmp.rib "$tmp"/bmp.upd "$tmp"/bmp.peers
	split_mrt "$tmp/m.mrt"
	nrib=$(wc -l <"$tmp/mrt.rib")
	[ "$nrib" -gt 100 ] || fail "$2: only $nrib RIB lines from rib.mrt"
	split_bmp "$1" "$nrib"
	touch "$tmp/bmp.peers" "$tmp/bmp.rib" "$tmp/bmp.upd"
	same "$tmp/mrt.peers" "$tmp/bmp.peers" "$2: Peer Ups before the RIB vs the RIB's peers"
	same "$tmp/mrt.rib" "$tmp/bmp.rib" "$2: RIB routes"
	same "$tmp/mrt.upd" "$tmp/bmp.upd" "$2: updates after the RIB"
	echo "ok: $2: $(wc -l <"$tmp/mrt.peers") peers up, $nrib RIB routes," \
		"$(wc -l <"$tmp/mrt.upd") updates and session changes equal"
}

# compare_json DIR: --json route elements (OTC included), the same way.
compare_json() {
	"$MANRS" mrt dump --json "$1/rib.mrt" "$1/updates.mrt" >"$tmp/mrt.json" &&
		"$MANRS" bmp decode --json "$1/stream.bmp" >"$tmp/bmp.json" || fail "--json output"
	python3 - "$tmp/mrt.json" "$tmp/bmp.json" <<'PY' || exit 1
import json, sys
def norm(el):
    el = {k: v for k, v in el.items() if k not in ("mrt_type", "usec", "originated")}
    if el["type"] == "rib":
        el["type"] = "announce"
    return json.dumps(el, sort_keys=True)
mrt = [json.loads(l) for l in open(sys.argv[1])]
rib = sorted(norm(e) for e in mrt if e["type"] == "rib")
upd = [norm(e) for e in mrt if e["type"] in ("announce", "withdraw")]
els = [norm(e) for m in map(json.loads, open(sys.argv[2])) for e in m.get("elements", [])
       if e["type"] in ("announce", "withdraw")]
got_rib, got_upd = sorted(els[:len(rib)]), els[len(rib):]
for what, a, b in (("RIB", rib, got_rib), ("updates", upd, got_upd)):
    if a != b:
        bad = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        print(f"FAIL: --json {what}: {len(a)} vs {len(b)} elements; first difference at {bad}:")
        print(" MRT:", a[bad] if bad < len(a) else "-")
        print(" BMP:", b[bad] if bad < len(b) else "-")
        sys.exit(1)
otc = sum('"otc"' in e for e in upd)
if not otc:
    print("FAIL: --json: no route carries an OTC attribute (the lab plants one)"); sys.exit(1)
print(f"ok: --json: {len(rib)} RIB and {len(upd)} update elements equal, {otc} with OTC")
PY
}

# serve DIR: stream.bmp into manrs bmp serve -m; it must print what bmp
# decode printed (less the BMP| lines for Initiation and Termination).
serve() {
	rm -f "$tmp/ready" "$tmp/live.m"
	"$MANRS" bmp serve --listen "127.0.0.1:$PORT" -m -o "$tmp/live.m" \
		--ready-file "$tmp/ready" 2>"$tmp/serve.log" &
	pid=$!
	i=0
	while [ ! -e "$tmp/ready" ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && fail "bmp serve did not start: $(head -3 "$tmp/serve.log")"
		sleep 0.1
	done
	# Send it all, then wait for the collector to close after the Termination.
	timeout 30 python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[2])))
s.sendall(open(sys.argv[1], "rb").read())
s.settimeout(20)
sys.exit(0 if s.recv(1) == b"" else 1)' "$1/stream.bmp" $PORT ||
		fail "bmp serve did not take the stream and close after the Termination"
	grep -v '^BMP|' "$tmp/bmp.m" >"$tmp/want.m"
	want=$(wc -l <"$tmp/want.m")
	i=0
	while [ "$(wc -l <"$tmp/live.m" 2>/dev/null || echo 0)" -lt "$want" ] && [ $i -lt 100 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	kill "$pid" && wait "$pid"
	pid=
	same "$tmp/want.m" "$tmp/live.m" "bmp serve -m vs bmp decode lines"
	compare "$tmp/live.m" "bmp serve -m"
}

for seed in 1 3; do
	d=$tmp/lab$seed
	timeout 30 "$MANRS" lab generate "$d" --seed $seed -q || fail "lab generate --seed $seed"
	"$MANRS" mrt dump -m "$d/rib.mrt" "$d/updates.mrt" >"$tmp/m.mrt" || fail "mrt dump"
	"$MANRS" bmp decode "$d/stream.bmp" >"$tmp/bmp.m" 2>"$tmp/bmp.err" ||
		fail "bmp decode exit $?: $(head -3 "$tmp/bmp.err")"
	[ -s "$tmp/bmp.err" ] && fail "bmp decode reported problems: $(head -3 "$tmp/bmp.err")"
	head -1 "$tmp/bmp.m" | grep -q '^BMP|0|INITIATION||0|manrs-lab-seed-'"$seed"'|' ||
		fail "seed $seed: the stream does not start with the lab's Initiation"
	tail -1 "$tmp/bmp.m" | grep -q '^BMP|0|TERMINATION|' ||
		fail "seed $seed: the stream does not end with a Termination"
	compare "$tmp/bmp.m" "seed $seed: bmp decode"
	command -v python3 >/dev/null 2>&1 || { echo "python3 missing: --json and bmp serve skipped"; continue; }
	compare_json "$d"
	[ $seed = 1 ] && serve "$d"
done
exit 0
