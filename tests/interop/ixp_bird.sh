#!/bin/sh
# SPDX-License-Identifier: ISC
# BIRD 2 runs the route-server configuration `manrs ixp generate` writes for
# the test IXP (tests/interop/data/ixp), with ROV through RTR from manrs rtr
# serve; three members (two gobgpd, one exabgp) announce valid routes, an
# RPKI-invalid route, a bogon, prefixes outside their IRR (rejected for one
# member, tagged for another), a wrong first AS, an ASPA-invalid leak, a
# blackhole (RFC 7999), a too-long prefix, and over IPv6 sessions one valid
# prefix and one outside the IRR. What members 1 and 2 receive
# must be exactly the valid routes, the blackhole with NO_EXPORT, and the
# tagged route with (64999, 65520, 12). manrs ixp check then reads
# BIRD's RIB dump (MRT). Ports 19400-19412, in a network
# namespace of its own.
for t in bird birdc gobgpd gobgp exabgp python3; do
	command -v $t >/dev/null || { echo "$t not installed"; exit 77; }
done
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
DATA=$(cd "$(dirname "$0")" && pwd)/data/ixp
. "$(dirname "$0")/ixp_lib.inc"
ixp_netns "$0" "$@"
TMP=$(mktemp -d /tmp/ixp_bird.XXXXXX)
trap ixp_cleanup EXIT INT TERM

"$MANRS" ixp generate "$DATA/ixp.yml" --irr "$DATA/irr.db" --vrps "$DATA/vrps.json" \
	--log "$TMP/bird.log" --rib-dump "$TMP/rib-%N-%s.mrt" --rib-dump-period 1 \
	-o "$TMP/rs.conf" 2>"$TMP/generate.log" || fail "manrs ixp generate"
bird -p -c "$TMP/rs.conf" >"$TMP/parse.log" 2>&1 || fail "bird -p rejects the configuration: $(cat "$TMP/parse.log")"
echo "bird -p accepts the generated configuration ($(wc -l <"$TMP/rs.conf") lines)"

ixp_lan_up
rtr_up
timeout 120 bird -c "$TMP/rs.conf" -s "$TMP/bird.ctl" -P "$TMP/bird.pid" -f >"$TMP/bird.out.log" 2>&1 &
PIDS="$PIDS $!"
BC="birdc -s $TMP/bird.ctl"
roas_in() { $BC show route table RPKI4 count 2>/dev/null | grep -q '^3 of 3 routes'; }
wait_for 20 roas_in || fail "BIRD did not get the 3 VRPs over RTR: $($BC show protocols all rpki_rtr 2>&1 | head -5)"
echo "BIRD holds the test VRPs from manrs rtr serve (RTR)"

# The generated configuration has BIRD dump its RIB periodically (--rib-dump):
# wait for one to show it works. The snapshots the checks read are taken on
# demand (birdc mrt dump), as BIRD's period timer drifts under load (a file
# named by the second once held two snapshots).
two_dumps() { [ "$(ls "$TMP"/rib-master4-*.mrt 2>/dev/null | wc -l)" -ge 2 ]; }
wait_for 15 two_dumps || fail "BIRD wrote no periodic RIB dump"
# snapshot FILE: BIRD's master4 table, now, as MRT TABLE_DUMP_V2.
snapshot() {
	rm -f "$1"
	$BC "mrt dump table \"master4\" to \"$1\"" >"$TMP/birdc.out" 2>&1 || return 1
	wait_for 10 test -s "$1" || return 1
	last=-1 # finished when its size holds still for 0.4 s
	wait_for 10 settled "$1"
}
settled() {
	now=$(stat -c %s "$1")
	[ "$now" = "$last" ] && return 0
	last=$now
	sleep 0.2
	return 1
}
snapshot "$TMP/rib-empty.mrt" || fail "birdc mrt dump wrote nothing"
gobgp_member 1 10001
gobgp_member 2 10002
exabgp_member
up() { [ "$($BC show protocols | grep ' BGP ' | grep -c Established)" = 5 ]; }
wait_for 30 up || fail "sessions: $($BC show protocols)"
wait_for 10 gobgp_cli 1 global >/dev/null || fail "gobgpd 1 API"
wait_for 10 gobgp_cli 2 global >/dev/null || fail "gobgpd 2 API"
announce || fail "gobgp global rib add"

cat > "$TMP/want1" <<'W'
23.2.0.0/16 [10002] lc= c=
23.3.0.0/16 [10003] lc= c=
23.33.0.0/16 [10003] lc=64999:65520:12 c=
W
cat > "$TMP/want2" <<'W'
23.1.0.0/16 [10001] lc= c=
23.1.2.3/32 [10001] lc= c=65535:65281,65535:666
23.10.0.0/16 [10001 10010] lc= c=
23.3.0.0/16 [10003] lc= c=
2a0a:1::/32 [10001] lc= c=
23.33.0.0/16 [10003] lc=64999:65520:12 c=
W
sort -o "$TMP/want1" "$TMP/want1"
sort -o "$TMP/want2" "$TMP/want2"
got_all() {
	received 1 >"$TMP/got1" 2>/dev/null && received 2 >"$TMP/got2" 2>/dev/null &&
		cmp -s "$TMP/got1" "$TMP/want1" && cmp -s "$TMP/got2" "$TMP/want2"
}
# Routes arrive within seconds; wait a little more once they match so a
# late wrong route would show up too.
if ! wait_for 30 got_all; then
	echo "member 1 got:"; cat "$TMP/got1"; echo "member 2 got:"; cat "$TMP/got2"
	[ -n "$IXP_DEBUG" ] && { $BC show route all; $BC show route filtered all; gobgp_cli 2 neighbor 192.0.2.1 adj-in -a ipv4 -j; }
	fail "members did not receive exactly the valid routes"
fi
sleep 2
got_all || fail "a route arrived late: $(diff "$TMP/want1" "$TMP/got1"; diff "$TMP/want2" "$TMP/got2")"
echo "members received exactly the valid routes; the blackhole with NO_EXPORT, the tagged"
echo "route with (64999, 65520, 12); rejected: RPKI-invalid, bogon, not in IRR, wrong"
echo "first AS, ASPA leak, too long"
CHECK="$MANRS ixp check --irr $DATA/irr.db --vrps $DATA/vrps.json"
snapshot "$TMP/rib.mrt" || fail "birdc mrt dump wrote nothing"
$CHECK "$DATA/ixp.yml" --rib "$TMP/rib.mrt" >"$TMP/check.out" 2>"$TMP/check.log" ||
	fail "ixp check on BIRD's RIB: $(cat "$TMP/check.out" "$TMP/check.log")"
grep -q ' 6 RIB routes' "$TMP/check.log" || fail "ixp check: $(cat "$TMP/check.log")"
echo "manrs ixp check: BIRD's RIB (MRT) holds nothing the policy drops: $(cat "$TMP/check.log")"
# The same RIB against a stricter policy (member 3's IRR failures dropped,
# not tagged): the tagged route is then one that should not be there.
sed 's/^    irr: tag$//' "$DATA/ixp.yml" >"$TMP/strict.yml"
$CHECK "$TMP/strict.yml" --rib "$TMP/rib.mrt" >"$TMP/check.out" 2>"$TMP/check.log"
[ $? = 1 ] && [ "$(cat "$TMP/check.out")" = "AS10003 accepted-but-should-not 23.33.0.0/16 path 10003 reasons irr-prefix" ] ||
	fail "ixp check, strict policy: $(cat "$TMP/check.out" "$TMP/check.log")"
echo "against a stricter policy it finds the tagged route: $(cat "$TMP/check.out")"
# What the members announced and the policy accepts, against the RIB from
# before they came: every one was dropped that should not have been.
$CHECK "$DATA/ixp.yml" --rib "$TMP/rib-empty.mrt" --announced "$TMP/rib.mrt" >"$TMP/check.out" 2>"$TMP/check.log"
[ $? = 1 ] && [ "$(grep -c ' dropped-but-should-not ' "$TMP/check.out")" = 6 ] ||
	fail "ixp check --announced: $(cat "$TMP/check.out" "$TMP/check.log")"
echo "with --announced against an empty RIB: 6 routes dropped that should not have been"

# ROV through RTR, live: the ROA of 23.1.0.0/16 now names another AS; the
# cache notifies BIRD, which re-runs the import filters (rpki reload over its
# import table) and withdraws the route from the members.
sed 's/"asn": 10001, "prefix": "23.1.0.0\/16"/"asn": 20001, "prefix": "23.1.0.0\/16"/' \
	"$DATA/vrps.json" >"$TMP/vrps.new" && mv "$TMP/vrps.new" "$TMP/vrps.json"
gone() { received 2 >"$TMP/got2" 2>/dev/null && ! grep -q '^23.1.0.0/16 ' "$TMP/got2" &&
	grep -q '^23.1.2.3/32 ' "$TMP/got2"; }
wait_for 30 gone || fail "23.1.0.0/16 still at member 2 after its ROA changed: $(cat "$TMP/got2")"
echo "after the ROA changed at the RTR cache, BIRD withdrew 23.1.0.0/16 (now RPKI-invalid)"
exit 0
