#!/bin/sh
# SPDX-License-Identifier: ISC
# manrs bogon export --format openbgpd must pass OpenBGPD's own config check
# (bgpd -n), with the built-in tables, per family, and with a Team Cymru list.
MANRS=${MANRS:-build/manrs}
SHARED=${SHARED:-../shared}
BGPD=$(command -v bgpd || echo /usr/sbin/bgpd)
[ -x "$BGPD" ] || { echo "skip: bgpd (openbgpd) not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
chmod 700 "$tmp"

check() { # $1: name, rest: export options
	name=$1; shift
	timeout 30 "$MANRS" bogon export --format openbgpd "$@" >"$tmp/$name.inc" \
		|| { echo "FAIL: export $*"; exit 1; }
	printf 'AS 64500\nrouter-id 192.0.2.1\ninclude "%s"\n' "$tmp/$name.inc" >"$tmp/$name.conf"
	chmod 600 "$tmp/$name.conf" "$tmp/$name.inc"
	out=$(timeout 60 "$BGPD" -n -f "$tmp/$name.conf" 2>&1) \
		|| { echo "FAIL: bgpd rejected '$*': $out"; head -30 "$tmp/$name.inc"; exit 1; }
}

check all
check v4 --family 4
check v6 --family 6 --asn
check empty --no-builtin
grep -q 'prefix-set bogons-v6' "$tmp/v6.inc" || { echo "FAIL: no IPv6 prefix-set"; exit 1; }
grep -q 'AS 64512 - 65534' "$tmp/all.inc" || { echo "FAIL: no private ASN rule"; exit 1; }
list="$SHARED/data/bogons/team-cymru-fullbogons-2024-03-10/fullbogons-ipv4.txt"
[ -r "$list" ] && check cymru --family 4 --file "$list"
echo "ok: bgpd -n accepts the exported bogon filters"
exit 0
