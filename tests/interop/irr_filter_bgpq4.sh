#!/bin/sh
# SPDX-License-Identifier: ISC
# irr_filter_bgpq4.sh - every output format x modifier (-A, -R, -r, -m, -6)
# of Debian's bgpq4 against `manrs irr filter`, byte for byte, through a
# fake IRRd with !a (plus `manrs irr filter --db` on the same dumps), the
# classic fake without !a, and `manrs irr serve`. Ports 18460-18462.
set -u
BASE_PORT=18460
USE_DN42=0
. "$(dirname "$0")/irr_filter_common.sh"
start_servers with-a classic manrs

formats="|-X|-J|-b|-B|-N|-n|-e|-U|-u|-K|-K7|-j|-F %n/%l:%a-%A %N %m %i\n|-F %n %l"
mods="|-A|-R 26|-r 25|-A -R 27|-A -r 26|-m 24|-6|-6 -A|-6 -R 52"
for s in $servers; do
	port=${s%%:*}; kind=${s#*:}
	case $kind in
	with-a) o="AS-TEST";;
	classic) o="AS100 AS200 AS600";;
	*) o="RS-SMALL";;
	esac
	IFS='|'
	for f in $formats; do
		for m in $mods; do
			IFS=' '; check "$port" "$kind" "$f $m" "$o"; IFS='|'
		done
	done
	IFS=' '
done
echo "irr_filter_bgpq4: $pass identical, $fail different (servers:$servers)"
[ $fail -eq 0 ]
