#!/bin/sh
# SPDX-License-Identifier: ISC
# irr_filter_flags.sh - Debian's bgpq4 against `manrs irr filter`, byte for
# byte, for the generators and options: -E, -z, -f, -G, -H, -t, -W, -M,
# -l, -s, -p, -L, -T, -w, -S, -a, -3, EXCEPT, literal prefixes, the DN42
# registry's real as-set tree and gen_rpsl.py's nested sets with a loop.
# Ports 18463-18465.
set -u
BASE_PORT=18463
. "$(dirname "$0")/irr_filter_common.sh"
start_servers with-a classic manrs

for s in $servers; do
	port=${s%%:*}; kind=${s#*:}
	objs="AS-TEST|AS-DEEP|RS-SMALL"
	[ "$kind" = classic ] && objs="AS-DEEP"
	IFS='|'
	for g in "-E" "-E -J" "-E -B" "-E -N" "-E -n" "-E -e" "-E -A" "-E -R 26" "-z -J" "-z -J -A" \
		"-E -J -l POL/TERM" "-E -J -M community blackhole" "-l MY-LIST" "-s" "-s -A" \
		"-f 100" "-G 100" "-f 200 -X" "-G 200 -X" "-f 100 -J" "-G 100 -J" "-H 100 -J" \
		"-f 100 -N" "-G 100 -N" "-f 100 -n" "-G 100 -n" "-f 100 -U" "-G 100 -U" "-f 100 -u" \
		"-G 100 -u" "-f 100 -B" "-G 100 -B" "-f 100 -b" "-f 100 -j" "-f 100 -e" "-W 2 -f 100" \
		"-W 0 -G 100 -J" "-t -b" "-t -j" "-t -B" "-t -B -W 3" "-p" "-p -A" "-p -t -j" "-L 1" \
		"-L 2" "-T" "-w -f 100" "-a 65000 -B" "-E -6" "-z -J -6"; do
		for o in $objs; do
			IFS=' '; check "$port" "$kind" "$g" "$o"; IFS='|'
		done
	done
	IFS=' '
	check "$port" "$kind" "" "AS-DEEP EXCEPT AS-LOOP"
	check "$port" "$kind" "" "AS-DEEP EXCEPT AS300 AS100"
	check "$port" "$kind" "-f 100" "AS-DEEP EXCEPT AS-TEST"
	check "$port" "$kind" "" "AS100 10.99.0.0/16 10.98.0.0/16^24-25"
	check "$port" "$kind" "-6" "AS100 2001:db8:ff::/48"
	check "$port" "$kind" "" "AS-NONE"
	check "$port" "$kind" "-b" "AS-NONE"
	check "$port" "$kind" "-B" "AS-NONE"
	if [ -f "$DN42" ]; then
		for o in AS4242421876:AS-TRANSIT AS4242420604:AS-ALL RS-DN42; do
			for g in "" "-A" "-p -A" "-6 -A" "-6 -p" "-J -E -A" "-p -t -j"; do
				check "$port" "$kind" "$g" "$o"
			done
		done
	fi
	if [ -f "$tmp/gen.db" ]; then
		for g in "-L 2" "-L 3" "-A" "-6 -A" "-f 100" "-T -A" "-S TEST" "-S TEST -T"; do
			check "$port" "$kind" "$g" "AS-TOP"
		done
	fi
done
echo "irr_filter_flags: $pass identical, $fail different (servers:$servers)"
[ $fail -eq 0 ]
