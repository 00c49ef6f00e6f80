#!/bin/sh
# SPDX-License-Identifier: ISC
# OpenBGPD runs the route-server configuration `manrs ixp generate --format
# openbgpd` writes for the test IXP (tests/interop/data/ixp), with ROV
# through RTR from manrs rtr serve, and the members of ixp_bird.sh announce
# the same routes. Members 1 and 2 must receive exactly the valid routes,
# the blackhole, the tagged route with (64999, 65520, 12) - and the ASPA
# leak, which OpenBGPD 7.x cannot verify (ASPA needs 8.0; the generated
# configuration says so). Ports 19400-19412, in a network namespace of its own.
for t in bgpd bgpctl gobgpd gobgp exabgp python3; do
	command -v $t >/dev/null || { echo "$t not installed"; exit 77; }
done
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
DATA=$(cd "$(dirname "$0")" && pwd)/data/ixp
. "$(dirname "$0")/ixp_lib.inc"
ixp_netns "$0" "$@"
TMP=$(mktemp -d /tmp/ixp_openbgpd.XXXXXX)
trap ixp_cleanup EXIT INT TERM

"$MANRS" ixp generate --format openbgpd "$DATA/ixp.yml" --irr "$DATA/irr.db" \
	--vrps "$DATA/vrps.json" --control "$TMP/bgpd.sock" -o "$TMP/rs.conf" \
	2>"$TMP/generate.log" || fail "manrs ixp generate"
mkdir -p /run/openbgpd
bgpd -n -f "$TMP/rs.conf" >"$TMP/parse.log" 2>&1 || fail "bgpd -n rejects the configuration: $(cat "$TMP/parse.log")"
echo "bgpd -n accepts the generated configuration ($(wc -l <"$TMP/rs.conf") lines)"

ixp_lan_up
rtr_up
timeout 120 bgpd -d -f "$TMP/rs.conf" >"$TMP/bgpd.log" 2>&1 &
PIDS="$PIDS $!"
BC="bgpctl -s $TMP/bgpd.sock"
rtr_ok() { grep -q 'end of data received' "$TMP/bgpd.log"; }
wait_for 20 rtr_ok || fail "OpenBGPD RTR session: $($BC show rtr 2>&1 | head -8)"

echo "OpenBGPD holds the test VRPs from manrs rtr serve (RTR): $($BC show sets | grep -i roa | head -1)"

gobgp_member 1 10001
gobgp_member 2 10002
exabgp_member
up() { [ "$($BC show summary 2>/dev/null | awk 'NR > 1 && $NF ~ /^[0-9]+(\/[0-9]+)?$/' | wc -l)" = 5 ]; }
wait_for 30 up || fail "sessions: $($BC show summary)"
wait_for 10 gobgp_cli 1 global >/dev/null || fail "gobgpd 1 API"
wait_for 10 gobgp_cli 2 global >/dev/null || fail "gobgpd 2 API"
announce || fail "gobgp global rib add"

cat > "$TMP/want1" <<'W'
23.12.0.0/16 [10002 10010] lc= c=
23.2.0.0/16 [10002] lc= c=
23.3.0.0/16 [10003] lc= c=
23.33.0.0/16 [10003] lc=64999:65520:12 c=
W
cat > "$TMP/want2" <<'W'
23.1.0.0/16 [10001] lc= c=
23.1.2.3/32 [10001] lc= c=65535:666
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
if ! wait_for 30 got_all; then
	echo "member 1 got:"; cat "$TMP/got1"; echo "member 2 got:"; cat "$TMP/got2"
	[ -n "$IXP_DEBUG" ] && { $BC show rib detail; $BC show summary; }
	fail "members did not receive exactly the valid routes"
fi
sleep 2
got_all || fail "a route arrived late: $(diff "$TMP/want1" "$TMP/got1"; diff "$TMP/want2" "$TMP/got2")"
echo "members received exactly the valid routes, the blackhole and the tagged route with"
echo "(64999, 65520, 12); rejected: RPKI-invalid, bogon, not in IRR, wrong first AS, too"
echo "long; the ASPA leak passed (OpenBGPD 7.x has no ASPA)"

# ROV through RTR, live: the ROA of 23.1.0.0/16 now names another AS; bgpd
# re-evaluates (ROA softreload) and withdraws the route from the members.
sed 's/"asn": 10001, "prefix": "23.1.0.0\/16"/"asn": 20001, "prefix": "23.1.0.0\/16"/' \
	"$DATA/vrps.json" >"$TMP/vrps.new" && mv "$TMP/vrps.new" "$TMP/vrps.json"
gone() { received 2 >"$TMP/got2" 2>/dev/null && ! grep -q '^23.1.0.0/16 ' "$TMP/got2" &&
	grep -q '^23.1.2.3/32 ' "$TMP/got2"; }
wait_for 30 gone || fail "23.1.0.0/16 still at member 2 after its ROA changed: $(cat "$TMP/got2")"
echo "after the ROA changed at the RTR cache, OpenBGPD withdrew 23.1.0.0/16 (now RPKI-invalid)"
exit 0
