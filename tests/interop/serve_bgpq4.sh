#!/bin/sh
# SPDX-License-Identifier: ISC
# bgpq4 queries the whois service of manrs serve: for every as-set of the
# lab (and an AS), its prefix lists (IPv4 and IPv6, aggregated or not) and
# AS-path lists must be byte-identical to what bgpq4 gets from the
# standalone `manrs irr serve` on the same RPSL dump, and the lab's
# hijacked prefix 21.1.0.0/22 must be in AS200184's list.
# Ports 19510 (daemon whois), 19511 (irr serve), 19513 (daemon HTTP).
MANRS=${MANRS:-build/manrs}
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
command -v bgpq4 >/dev/null 2>&1 || { echo "skip: bgpq4 not installed"; exit 77; }
command -v curl >/dev/null 2>&1 || { echo "skip: curl not installed"; exit 77; }
"$MANRS" serve --help >/dev/null 2>&1 || { echo "skip: manrs serve not built in"; exit 77; }
TMP=$(mktemp -d /tmp/serve_bgpq4.XXXXXX)
. "$(dirname "$0")/serve_lib.inc"
trap serve_cleanup EXIT INT TERM

serve_lab 2
cat >"$TMP/manrs.yml" <<EOT
whois:
  listen: 127.0.0.1:19510
  files:
    - path: $TMP/lab/irr.db
      source: LAB
http:
  listen: 127.0.0.1:19513
EOT
serve_start "$TMP/manrs.yml" 19513
"$MANRS" irr serve --listen 127.0.0.1:19511 --source LAB "$TMP/lab/irr.db" --pidfile "$TMP/irr.pid" \
	2>"$TMP/irr.log" &
PIDS=$!
wait_for 100 sh -c "echo '!v' | timeout 2 nc -q 1 127.0.0.1 19511 | grep -q ." ||
	wait_for 50 test -s "$TMP/irr.pid" || fail "manrs irr serve did not start"
sleep 0.3

sets=$(sed -n 's/^as-set: *//p' "$TMP/lab/irr.db" | sort -u)
[ -n "$sets" ] || fail "the lab has no as-set"
n=0
for obj in $sets AS200184; do
	for args in "-4" "-6" "-4 -A" "-f 65000"; do
		# shellcheck disable=SC2086
		timeout 20 bgpq4 -h 127.0.0.1:19510 $args -l L "$obj" >"$TMP/d.out" 2>"$TMP/d.err" ||
			fail "bgpq4 $args $obj against the daemon: $(head -2 "$TMP/d.err")"
		# shellcheck disable=SC2086
		timeout 20 bgpq4 -h 127.0.0.1:19511 $args -l L "$obj" >"$TMP/s.out" 2>"$TMP/s.err" ||
			fail "bgpq4 $args $obj against irr serve: $(head -2 "$TMP/s.err")"
		cmp -s "$TMP/d.out" "$TMP/s.out" ||
			fail "bgpq4 $args $obj differs: $(diff "$TMP/s.out" "$TMP/d.out" | head -5)"
		n=$((n + 1))
	done
done
timeout 20 bgpq4 -h 127.0.0.1:19510 -4 -l L AS200184 | grep -q "21.1.0.0/22" ||
	fail "AS200184's prefix list lacks 21.1.0.0/22"
q=$(api 19513 /api/v1/status | json 'j["services"]["whois"]["queries"]')
[ "$q" -gt 0 ] || fail "the daemon counted no whois query"
echo "ok: $n bgpq4 runs ($(echo "$sets" | wc -l) as-sets and AS200184, -4 -6 -A -f) identical against manrs serve and manrs irr serve; $q queries counted"
