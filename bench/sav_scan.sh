#!/bin/sh
# SPDX-License-Identifier: ISC
# manrs sav scan against tcpdump with the equivalent BPF filter on the same
# capture: a generated Ethernet pcap (bench/sav_scan_gen.py: 8 customers
# behind their source MACs, 24 IPv4 prefixes and an IPv6 /32 each, 1% of
# the packets spoofed). tcpdump writes the packets its filter matches (the
# spoofed ones) to a file; manrs counts every packet per ingress, judges
# every source and keeps the offenders. Both counts of spoofed packets must
# agree. Also runs the same capture compressed with zstd.
# usage: bench/sav_scan.sh [BUILD]   (SAV_PACKETS=N, default 10000000)
BUILD=${1:-${BUILD:-build}}
MANRS=$BUILD/manrs
PACKETS=${SAV_PACKETS:-10000000}
[ -x "$MANRS" ] || { echo "bench/sav_scan: $MANRS missing; run make first"; exit 1; }
command -v tcpdump >/dev/null 2>&1 || { echo "bench/sav_scan: tcpdump missing (scripts/deps.sh)"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "bench/sav_scan: python3 missing"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
here=$(dirname "$0")

# measure LABEL CMD...: run once, print "LABEL: S s (U user), K KiB"; sets secs, kib.
measure() {
	label=$1
	shift
	/usr/bin/time -f '%e %U %M' -o "$tmp/t" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -le 1 ] || { echo "$label: failed ($rc)"; cat "$tmp/err"; return 1; }
	tail -1 "$tmp/t" >"$tmp/t1"
	read -r secs user kib <"$tmp/t1"
	echo "$label: $secs s wall ($user s user), $kib KiB peak RSS"
}

python3 "$here/sav_scan_gen.py" "$tmp/cap.pcap" "$tmp/filters.json" "$tmp/bpf.txt" "$PACKETS" ||
	exit 1
echo "capture: $PACKETS packets, $(($(wc -c <"$tmp/cap.pcap") / 1048576)) MiB"
cat "$tmp/cap.pcap" >/dev/null # both tools read it from the page cache

measure "tcpdump -r FILE -w OUT 'BPF'" tcpdump -r "$tmp/cap.pcap" -w "$tmp/matched.pcap" \
	"$(cat "$tmp/bpf.txt")" || exit 1
t_secs=$secs t_kib=$kib
measure "manrs sav scan --filters F FILE" "$MANRS" sav scan --json --filters "$tmp/filters.json" \
	"$tmp/cap.pcap" || exit 1
m_secs=$secs m_kib=$kib
bpf_count=$(tcpdump -r "$tmp/matched.pcap" 2>/dev/null | wc -l)
manrs_count=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"]["spoofed"])' "$tmp/out")
echo "  spoofed packets: tcpdump $bpf_count, manrs $manrs_count"
[ "$bpf_count" = "$manrs_count" ] || { echo "bench/sav_scan: the counts differ"; exit 1; }
awk -v t="$t_secs" -v m="$m_secs" -v tk="$t_kib" -v mk="$m_kib" -v n="$PACKETS" 'BEGIN {
	if (m < 0.01) m = 0.01   # /usr/bin/time resolution
	printf "  manrs %.1fM packets/s; tcpdump/manrs: wall %.2fx, peak RSS %.2fx\n",
		n / m / 1e6, t / m, tk / mk }'

if command -v zstd >/dev/null 2>&1; then
	zstd -q -1 "$tmp/cap.pcap" -o "$tmp/cap.pcap.zst" && rm -f "$tmp/cap.pcap" || exit 1
	measure "manrs sav scan (same capture, zstd)" "$MANRS" sav scan --filters \
		"$tmp/filters.json" "$tmp/cap.pcap.zst" || exit 1
	awk -v m="$secs" -v n="$PACKETS" 'BEGIN { if (m < 0.01) m = 0.01
		printf "  manrs %.1fM packets/s from zstd\n", n / m / 1e6 }'
fi
