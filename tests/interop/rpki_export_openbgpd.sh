#!/bin/sh
# SPDX-License-Identifier: ISC
# manrs rpki export --format openbgpd must pass OpenBGPD's own config check
# (bgpd -n): a small hand-made set (IPv4/IPv6, AS0, 32-bit ASN, maxlen) and,
# when present, the full real rpki-client snapshot. Debian 12 ships OpenBGPD
# 7.7, which has no aspa-set: --aspa must stay off by default.
# The real 2025 rpki-client snapshot is past its per-VRP "expires" by now;
# manrs drops expired entries by default: keep them for this comparison.
export MANRS_IGNORE_EXPIRES=1
BGPD=$(command -v bgpd || echo /usr/sbin/bgpd)
[ -x "$BGPD" ] || { echo "bgpd (openbgpd) not installed"; exit 77; }
: "${MANRS:?}" "${SHARED:=../shared}"
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
chmod 700 "$T"

cat >"$T/small.json" <<'JSON'
{"roas":[{"asn":13335,"prefix":"1.0.0.0/24","maxLength":24,"ta":"apnic"},
  {"asn":"AS64496","prefix":"192.0.2.0/24","maxLength":32,"ta":"ripe"},
  {"asn":0,"prefix":"203.0.113.0/24","maxLength":24,"ta":"arin"},
  {"asn":4200000000,"prefix":"2001:db8::/32","maxLength":48,"ta":"ripe"}],
 "aspas":[{"customer_asid":64496,"providers":[64497,64498]}]}
JSON

check() { # $1 = VRP source, $2 = expected roa-set lines
	timeout 60 "$MANRS" rpki export -q --vrps "$1" --format openbgpd -o "$T/roa.inc" ||
		{ echo "export failed for $1"; exit 1; }
	printf 'AS 64500\nrouter-id 192.0.2.1\ninclude "%s"\n' "$T/roa.inc" >"$T/bgpd.conf"
	chmod 600 "$T/bgpd.conf" "$T/roa.inc"
	out=$(timeout 100 "$BGPD" -n -f "$T/bgpd.conf" 2>&1) ||
		{ echo "bgpd -n rejected the export of $1: $out"; exit 1; }
	n=$(grep -c 'source-as' "$T/roa.inc")
	[ "$n" = "$2" ] || { echo "expected $2 roa-set lines from $1, got $n"; exit 1; }
}

check "$T/small.json" 4
grep -q '192.0.2.0/24 maxlen 32 source-as 64496' "$T/roa.inc" || { echo "maxlen line missing"; exit 1; }
grep -q 'aspa-set' "$T/roa.inc" && { echo "aspa-set written without --aspa"; exit 1; }
"$MANRS" rpki export --vrps "$T/small.json" --format openbgpd --aspa |
	grep -q 'customer-as 64496 provider-as { 64497 64498 }' || { echo "--aspa lost the aspa-set"; exit 1; }

# The check is real: a bad line makes bgpd fail.
printf 'roa-set {\n\t10.0.0.0/8 maxlen 7 source-as 1\n}\n' >"$T/roa.inc"
timeout 30 "$BGPD" -n -f "$T/bgpd.conf" >/dev/null 2>&1 && { echo "bgpd accepted maxlen < length"; exit 1; }

FULL="$SHARED/data/rpki/rpkilog-rpki-client-2025-07-20/rpkiclient_summary_20250720T093135Z.json.bz2"
[ -r "$FULL" ] && check "$FULL" 723521
echo "bgpd -n accepts manrs rpki export --format openbgpd"
exit 0
