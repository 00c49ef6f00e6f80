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

# measure LABEL CMD...: run once, print wall, CPU (user + system) and peak RSS;
# sets secs, cpu, kib. On a shared machine the CPU time is the fair one-core
# figure: the wall time also holds the waits for other work.
measure() {
	label=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/t" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -le 1 ] || { echo "$label: failed ($rc)"; cat "$tmp/err"; return 1; }
	tail -1 "$tmp/t" >"$tmp/t1"
	read -r secs user sys kib <"$tmp/t1"
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
	echo "$label: $secs s wall, $cpu s CPU ($user user + $sys system), $kib KiB peak RSS"
}

python3 "$here/sav_scan_gen.py" "$tmp/cap.pcap" "$tmp/filters.json" "$tmp/bpf.txt" "$PACKETS" ||
	exit 1
echo "capture: $PACKETS packets, $(($(wc -c <"$tmp/cap.pcap") / 1048576)) MiB"
cat "$tmp/cap.pcap" >/dev/null # both tools read it from the page cache

measure "tcpdump -r FILE -w OUT 'BPF'" tcpdump -r "$tmp/cap.pcap" -w "$tmp/matched.pcap" \
	"$(cat "$tmp/bpf.txt")" || exit 1
t_secs=$secs t_cpu=$cpu t_kib=$kib
measure "manrs sav scan --filters F FILE" "$MANRS" sav scan --json --filters "$tmp/filters.json" \
	"$tmp/cap.pcap" || exit 1
m_secs=$secs m_cpu=$cpu m_kib=$kib
bpf_count=$(tcpdump -r "$tmp/matched.pcap" 2>/dev/null | wc -l)
manrs_count=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"]["spoofed"])' "$tmp/out")
echo "  spoofed packets: tcpdump $bpf_count, manrs $manrs_count"
[ "$bpf_count" = "$manrs_count" ] || { echo "bench/sav_scan: the counts differ"; exit 1; }
awk -v t="$t_secs" -v m="$m_secs" -v tc="$t_cpu" -v mc="$m_cpu" -v tk="$t_kib" -v mk="$m_kib" \
	-v n="$PACKETS" 'BEGIN {
	if (m < 0.01) m = 0.01   # /usr/bin/time resolution
	if (mc < 0.01) mc = 0.01
	printf "  manrs %.1fM packets per CPU second (%.1fM/s wall); tcpdump %.1fM per CPU second\n",
		n / mc / 1e6, n / m / 1e6, n / tc / 1e6
	printf "  tcpdump/manrs: CPU %.2fx, wall %.2fx, peak RSS %.2fx\n", tc / mc, t / m, tk / mk }'

if command -v zstd >/dev/null 2>&1; then
	zstd -q -1 "$tmp/cap.pcap" -o "$tmp/cap.pcap.zst" && rm -f "$tmp/cap.pcap" || exit 1
	measure "manrs sav scan (same capture, zstd)" "$MANRS" sav scan --filters \
		"$tmp/filters.json" "$tmp/cap.pcap.zst" || exit 1
	awk -v m="$cpu" -v n="$PACKETS" 'BEGIN { if (m < 0.01) m = 0.01
		printf "  manrs %.1fM packets per CPU second from zstd\n", n / m / 1e6 }'
fi
