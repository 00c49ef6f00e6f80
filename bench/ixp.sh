#!/bin/sh
# SPDX-License-Identifier: ISC
# manrs ixp generate for an IXP of 1,000 members (the lab's ixp.yml for a
# 1,000-AS lab: AS-SETs expanded from its irr.db, ASPAs from its vrps.json):
# our generation time and peak RSS, then BIRD's `bird -p` parse time and
# peak RSS for the same configuration beside it (and OpenBGPD's `bgpd -n`
# when installed). Goal: generation under 5 s.
# usage: bench/ixp.sh [BUILD] [MEMBERS]   (default build, 1000)
BUILD=${1:-${BUILD:-build}}
N=${2:-1000}
MANRS=$BUILD/manrs
[ -x "$MANRS" ] || { echo "bench/ixp: $MANRS missing; run make first"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# measure LABEL CMD...: run once, print "LABEL: S s, K KiB"; sets secs, kib.
measure() {
	label=$1
	shift
	/usr/bin/time -f '%e %M' -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || {
		echo "$label: failed"; tail -5 "$tmp/err"; return 1; }
	read -r secs kib <"$tmp/t"
	echo "$label: $secs s, $kib KiB"
}

"$MANRS" lab generate "$tmp/lab" --ases "$N" -q || exit 1
L=$tmp/lab
echo "IXP: $(grep -c '^  - asn:' "$L/ixp.yml") members, irr.db $(wc -c <"$L/irr.db") bytes"
measure "manrs ixp generate --format bird" "$MANRS" ixp generate "$L/ixp.yml" --irr "$L/irr.db" \
	--vrps "$L/vrps.json" -o "$tmp/rs.conf" || exit 1
gen_secs=$secs
echo "  BIRD configuration: $(wc -l <"$tmp/rs.conf") lines, $(wc -c <"$tmp/rs.conf") bytes"
measure "manrs ixp generate --format openbgpd" "$MANRS" ixp generate --format openbgpd \
	"$L/ixp.yml" --irr "$L/irr.db" --vrps "$L/vrps.json" -o "$tmp/rs-obgpd.conf" || exit 1
if command -v bird >/dev/null; then
	measure "bird -p (parse and load the configuration)" bird -p -c "$tmp/rs.conf" || exit 1
fi
# BIRD running it: start to "Daemon is up and running", and RSS then, in a
# network namespace of its own with the peering LAN on lo (root only).
if command -v bird >/dev/null && unshare -n true 2>/dev/null; then
	unshare -n sh -c '
		ip link set lo up; ip addr add 10.99.0.1/16 dev lo; ip addr add fd00:99::1/64 dev lo
		t0=$(date +%s.%N)
		bird -c "$1/rs.conf" -s "$1/bird.ctl" -P "$1/bird.pid" -f >/dev/null 2>&1 &
		pid=$!
		i=0
		while [ $i -lt 600 ] && ! birdc -s "$1/bird.ctl" show status 2>/dev/null | grep -q "up and running"; do
			sleep 0.1; i=$((i + 1))
		done
		t1=$(date +%s.%N)
		rss=$(awk "/^VmRSS/ { print \$2 }" /proc/$pid/status)
		n=$(birdc -s "$1/bird.ctl" show protocols 2>/dev/null | grep -c " BGP ")
		kill $pid; wait $pid 2>/dev/null
		awk -v a="$t0" -v b="$t1" -v r="$rss" -v n="$n" "BEGIN { printf \"bird running it: up in %.2f s with %d BGP sessions configured, %d KiB RSS\\n\", b - a, n, r }"
	' sh "$tmp"
fi
if command -v bgpd >/dev/null; then
	mkdir -p /run/openbgpd 2>/dev/null
	measure "bgpd -n (parse the configuration)" bgpd -n -f "$tmp/rs-obgpd.conf" || exit 1
fi
awk -v s="$gen_secs" 'BEGIN { printf "goal: generation under 5 s: %s\n", (s < 5) ? "met" : "NOT met" }'
