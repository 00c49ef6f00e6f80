#!/bin/sh
# SPDX-License-Identifier: ISC
# irr_filter_bgpq3.sh - Debian's bgpq3 0.1.36 against `manrs irr filter
# --bgpq3`, byte for byte, for bgpq3's formats, generators and its ASN rules
# (-3 asn32, -2 AS23456, 32-bit ASNs as 23456 in as-path lists), through
# the fake IRRd and `manrs irr serve`, and from the local dumps.
# Ports 18468-18470.
set -u
BASE_PORT=18468
PEER=bgpq3
. "$(dirname "$0")/irr_filter_common.sh"
start_servers classic manrs

for s in $servers; do
	port=${s%%:*}; kind=${s#*:}
	o=AS-TEST
	[ "$kind" = manrs ] && o=RS-SMALL
	IFS='|'
	for f in "" "-X" "-J" "-b" "-B" "-N" "-n" "-U" "-j" "-F %n/%l %m"; do
		for m in "" "-A" "-R 26" "-r 25" "-6 -A" "-m 24"; do
			IFS=' '; check "$port" "$kind" "$f $m" "$o"; IFS='|'
		done
	done
	for g in "-E" "-E -J" "-E -B" "-E -N" "-E -n" "-z -J" "-s" "-f 100" "-G 100" "-f 100 -X" \
		"-G 100 -X" "-f 100 -J" "-G 100 -J" "-f 100 -N" "-G 100 -N" "-f 100 -n" "-f 100 -U" \
		"-f 100 -B" "-G 100 -B" "-f 100 -b" "-f 100 -j" "-t -b" "-t -j" "-t -B" "-W 2 -f 100" \
		"-W 3 -t -b" "-3 -f 100" "-3 -t -j" "-2 -f 100" "-3 -2 -G 100 -J" "-L 2" "-T" "-P"; do
		for o in "AS-DEEP" "AS70000 AS23456 AS1.10 AS100"; do
			IFS=' '; check "$port" "$kind" "$g" "$o"; IFS='|'
		done
	done
	IFS=' '
	if [ -f "$tmp/gen.db" ]; then
		for g in "" "-A" "-3 -f 100" "-f 100" "-b -f 100" "-3 -X -f 100"; do
			check "$port" "$kind" "$g" "AS-TOP"
		done
	fi
	if [ -f "$DN42" ]; then
		for g in "" "-3 -t -j" "-t -j" "-A"; do
			check "$port" "$kind" "$g" AS4242420604:AS-ALL
		done
	fi
done
echo "irr_filter_bgpq3: $pass identical, $fail different (servers:$servers)"
[ $fail -eq 0 ]
