#!/bin/sh
# SPDX-License-Identifier: ISC
# GoBGP (RTR v0 client) against manrs rtr serve: 'gobgp rpki table' must
# list exactly the file's VRPs; after the file changes GoBGP must get the
# delta (Serial Notify, then Serial Query in version 0) and list exactly the
# new file. Ports 18330 (RTR) and 18331 (gobgpd API).
command -v gobgpd >/dev/null && command -v gobgp >/dev/null || { echo "gobgpd not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
TMP=$(mktemp -d /tmp/rtr_gobgp.XXXXXX)
. "$(dirname "$0")/rtr_lib.inc"
trap rtr_cleanup EXIT INT TERM
PORT=18330 API=18331

rtr_data
cp "$A" "$TMP/cur.json"
rtr_start $PORT "$TMP/cur.json"
cat > "$TMP/gobgpd.toml" <<CONF
[global.config]
  as = 64512
  router-id = "192.0.2.2"
  port = -1
[[rpki-servers]]
  [rpki-servers.config]
    address = "127.0.0.1"
    port = $PORT
CONF
timeout 300 gobgpd -f "$TMP/gobgpd.toml" --api-hosts "127.0.0.1:$API" --pprof-disable -p >"$TMP/gobgpd.log" 2>&1 &
PIDS="$PIDS $!"
G="gobgp -u 127.0.0.1 -p $API"
V4A=$(grep -c '\.' "$TMP/expect_a.txt") V6A=$(grep -c ':' "$TMP/expect_a.txt")
V4B=$(grep -c '\.' "$TMP/expect_b.txt") V6B=$(grep -c ':' "$TMP/expect_b.txt")
counts_are() { $G rpki server 2>/dev/null | grep -q " $1/$2\$"; }
holds() {
	{ $G rpki table -a ipv4; $G rpki table -a ipv6; } > "$TMP/gobgp.txt" 2>/dev/null
	python3 "$RTR_PY" gobgp "$TMP/gobgp.txt" > "$TMP/gobgp.norm"
	cmp -s "$TMP/gobgp.norm" "$1"
}
wait_for 60 counts_are "$V4A" "$V6A" || fail "gobgp rpki server: $($G rpki server | tail -1), want $V4A/$V6A"
holds "$TMP/expect_a.txt" || fail "gobgp rpki table differs from the file: $(diff "$TMP/expect_a.txt" "$TMP/gobgp.norm" | head -5)"
echo "full sync ($DATA_KIND data): GoBGP lists exactly $V4A IPv4 + $V6A IPv6 VRPs"

swap_file "$B" "$TMP/cur.json"
# Wait on the content, not the counts: a generated 1% change keeps the counts.
wait_for 90 holds "$TMP/expect_b.txt" || fail "gobgp rpki table differs from the new file: $(diff "$TMP/expect_b.txt" "$TMP/gobgp.norm" | head -5)"
echo "delta: GoBGP lists exactly the $V4B IPv4 + $V6B IPv6 VRPs of the new file"
exit 0
