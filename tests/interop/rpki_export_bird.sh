#!/bin/sh
# SPDX-License-Identifier: ISC
# manrs rpki export --format bird must give a file BIRD 2 accepts (bird -p),
# for a small hand-made set (IPv4/IPv6, AS0, maxLength, ASPA) and, when the
# real rpki-client snapshot is present, for the full global set.
# The real 2025 rpki-client snapshot is past its per-VRP "expires" by now;
# manrs drops expired entries by default: keep them for this comparison.
export MANRS_IGNORE_EXPIRES=1
command -v bird >/dev/null 2>&1 || { echo "bird (bird2) not installed"; exit 77; }
: "${MANRS:?}" "${SHARED:=../shared}"
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

cat >"$T/small.json" <<'JSON'
{"metadata":{"buildtime":"2025-07-20T09:31:33Z"},
 "roas":[{"asn":13335,"prefix":"1.0.0.0/24","maxLength":24,"ta":"apnic"},
  {"asn":"AS64496","prefix":"192.0.2.0/24","maxLength":32,"ta":"ripe"},
  {"asn":0,"prefix":"203.0.113.0/24","maxLength":24,"ta":"arin"},
  {"asn":4200000000,"prefix":"2001:db8::/32","maxLength":48,"ta":"ripe"},
  {"asn":64497,"prefix":"2001:db8:ffff::/48","maxLength":128,"ta":"ripe"}],
 "aspas":[{"customer_asid":64496,"providers":[64497,64498]}]}
JSON

check() { # $1 = VRP source, $2 = expected route count
	timeout 60 "$MANRS" rpki export --vrps "$1" --format bird -o "$T/roas.conf" || {
		echo "export failed for $1"; exit 1; }
	printf 'router id 192.0.2.1;\ninclude "%s/roas.conf";\n' "$T" >"$T/bird.conf"
	if ! timeout 60 bird -p -c "$T/bird.conf"; then
		echo "bird -p rejected the export of $1"; exit 1
	fi
	n=$(grep -c '^	route ' "$T/roas.conf")
	[ "$n" = "$2" ] || { echo "expected $2 routes from $1, got $n"; exit 1; }
}

check "$T/small.json" 5
grep -q 'route 2001:db8::/32 max 48 as 4200000000;' "$T/roas.conf" || { echo "IPv6 VRP missing"; exit 1; }
grep -q 'route 203.0.113.0/24 max 24 as 0;' "$T/roas.conf" || { echo "AS0 VRP missing"; exit 1; }

# -4 / -6 write only that family's table, which BIRD must still accept.
for fam in 4 6; do
	"$MANRS" rpki export --vrps "$T/small.json" --format bird -$fam -o "$T/roas.conf" || exit 1
	printf 'router id 192.0.2.1;\ninclude "%s/roas.conf";\n' "$T" >"$T/bird.conf"
	timeout 60 bird -p -c "$T/bird.conf" || { echo "bird -p rejected -$fam export"; exit 1; }
done

# A broken maxLength must be caught by BIRD: proves the check is real.
printf 'roa4 table R;\nprotocol static { roa4 { table R; }; route 10.0.0.0/8 max 33 as 1; }\n' >"$T/roas.conf"
if timeout 60 bird -p -c "$T/bird.conf" 2>/dev/null; then
	echo "bird -p accepted an invalid max length: check is not effective"; exit 1
fi

FULL="$SHARED/data/rpki/rpkilog-rpki-client-2025-07-20/rpkiclient_summary_20250720T093135Z.json.bz2"
if [ -r "$FULL" ]; then
	check "$FULL" 723521
fi
echo "bird accepts manrs rpki export"
exit 0
