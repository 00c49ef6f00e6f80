#!/bin/bash
# SPDX-License-Identifier: ISC
# `manrs sav` filters on real packets. Network namespaces joined by veth
# pairs: a router, two customers (cust-a, cust-b; AS64503 is multihomed to
# both) and an upstream receiver. The router loads the nftables output
# with nft -f; each customer sends legitimate and spoofed UDP packets
# (scapy, raw sockets) to the receiver. Asserts that every legitimate packet
# arrived and every spoofed one was dropped, both from the receiver's log
# and from the router's nft counters; then the same with the iptables/ipset
# script instead (when ipset and iptables are installed) and its DROP
# counters. Only documentation addresses, only
# inside the namespaces made here; they are deleted on exit.
# Skips (77) when namespaces, nft or scapy are not available.
# Env: MANRS (binary).
set -u
[ -x "${MANRS:-}" ] || { echo "skip: MANRS binary not built"; exit 77; }
PY=/usr/bin/python3
command -v nft >/dev/null || { echo "skip: nft (nftables) not installed"; exit 77; }
$PY -c 'import scapy.all' 2>/dev/null || { echo "skip: python3-scapy not installed"; exit 77; }
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d /tmp/sav_netns.XXXXXX)
R=savr$$ A=sava$$ B=savb$$ U=savu$$
cleanup() {
	[ -n "${RECV:-}" ] && kill "$RECV" 2>/dev/null
	for n in $R $A $B $U; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

ip netns add "$R" 2>/dev/null || { echo "skip: cannot create network namespaces (need root)"; exit 77; }
# `ip netns exec` remounts /sys for the namespace (scapy reads interfaces
# there); that needs / to be a mount point, which a plain chroot lacks.
ip netns exec "$R" true 2>/dev/null ||
	{ echo "skip: ip netns exec does not work here (is / a mount point? not in a plain chroot)"; exit 77; }
for n in $A $B $U; do ip netns add "$n" || fail "ip netns add $n"; done
rx() { ip netns exec "$R" "$@"; }

# router side ra/rb/rup, far side eth0 in each namespace
link() { # router-if ns ns-addr4 router-addr4 ns-addr6 router-addr6
	ip link add "$1" netns "$R" type veth peer name eth0 netns "$2" || fail "veth $1"
	rx ip addr add "$4" dev "$1"
	rx ip -6 addr add "$6" dev "$1" nodad
	rx ip link set "$1" up
	ip netns exec "$2" ip addr add "$3" dev eth0
	ip netns exec "$2" ip -6 addr add "$5" dev eth0 nodad
	ip netns exec "$2" ip link set eth0 up
	ip netns exec "$2" ip link set lo up
	ip netns exec "$2" ip route add default via "${4%/*}"
	ip netns exec "$2" ip -6 route add default via "${6%/*}"
	ip netns exec "$2" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.eth0.rp_filter=0
}
link ra "$A" 192.0.2.2/30 192.0.2.1/30 2001:db8:1::2/64 2001:db8:1::1/64
link rb "$B" 192.0.2.6/30 192.0.2.5/30 2001:db8:2::2/64 2001:db8:2::1/64
link rup "$U" 192.0.2.10/30 192.0.2.9/30 2001:db8:3::2/64 2001:db8:3::1/64
ip netns exec "$U" ip addr add 203.0.113.129/25 dev eth0
ip netns exec "$U" ip -6 addr add 2001:db8:ff::1/48 dev eth0 nodad
rx sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
	net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.ra.rp_filter=0 net.ipv4.conf.rb.rp_filter=0
rx ip route add 203.0.113.128/25 via 192.0.2.10
rx ip -6 route add 2001:db8:ff::/48 via 2001:db8:3::2

# --- the filters ----------------------------------------------------------------
cat >"$T/irr.db" <<'RPSL'
as-set:  AS-CUSTA
members: AS64501, AS64503
source:  TEST

as-set:  AS-CUSTB
members: AS64502, AS64503
source:  TEST

route:   198.51.100.0/25
origin:  AS64501
source:  TEST

route6:  2001:db8:a::/48
origin:  AS64501
source:  TEST

route:   198.51.100.128/25
origin:  AS64502
source:  TEST

route6:  2001:db8:b::/48
origin:  AS64502
source:  TEST

route:   203.0.113.0/25
origin:  AS64503
source:  TEST

route6:  2001:db8:c::/48
origin:  AS64503
source:  TEST
RPSL
cat >"$T/sav.yml" <<'YML'
asn: 64500
customers:
  - {name: cust-a, asn: 64501, as_set: AS-CUSTA, interface: ra}
  - {name: cust-b, asn: 64502, as_set: AS-CUSTB, interface: rb}
  - {name: upstream, asn: 64510, relation: provider, interface: rup}
YML
$MANRS sav --config "$T/sav.yml" --method irr --irr-db "$T/irr.db" >"$T/sav.nft" ||
	fail "manrs sav: exit $?"
grep -q 'sav_cust_a_v4' "$T/sav.nft" || fail "no set for cust-a: $(cat "$T/sav.nft")"
rx nft -f "$T/sav.nft" || fail "nft -f rejected the output: $(cat "$T/sav.nft")"

# --- traffic --------------------------------------------------------------------
# Static neighbour entries: packets queued behind neighbour discovery may be
# lost, which would look like a filter drop.
mac() { ip netns exec "$1" cat "/sys/class/net/$2/address"; }
neigh() { # ns if addr4 addr6 other-ns other-if
	local m
	m=$(mac "$5" "$6")
	ip netns exec "$1" ip neigh replace "$3" lladdr "$m" dev "$2" nud permanent
	ip netns exec "$1" ip -6 neigh replace "$4" lladdr "$m" dev "$2" nud permanent
}
neigh "$A" eth0 192.0.2.1 2001:db8:1::1 "$R" ra
neigh "$B" eth0 192.0.2.5 2001:db8:2::1 "$R" rb
neigh "$R" rup 192.0.2.10 2001:db8:3::2 "$U" eth0
ip netns exec "$U" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.eth0.rp_filter=0

send() { ip netns exec "$1" timeout 20 $PY "$HERE/sav_send.py" 203.0.113.129 2001:db8:ff::1 "${@:2}" ||
	fail "sender in $1: exit $?"; }

# traffic LABEL: every customer sends legitimate and spoofed packets; the
# receiver must see exactly the legitimate ones, with their sources intact.
traffic() {
	ip netns exec "$U" timeout 30 $PY "$HERE/sav_recv.py" 203.0.113.129 2001:db8:ff::1 20 \
		>"$T/recv" 2>"$T/recv.err" &
	RECV=$!
	for _ in $(seq 1 300); do grep -q READY "$T/recv" && break; sleep 0.1; done
	grep -q READY "$T/recv" || fail "$1: receiver did not start: $(cat "$T/recv.err")"
	# legitimate: own space and the multihomed AS64503's, both families
	send "$A" a-own4=198.51.100.10 a-mh4=203.0.113.10 a-own6=2001:db8:a::10 a-mh6=2001:db8:c::10 \
		a-spoof-b4=198.51.100.200 a-spoof-up4=203.0.113.200 a-spoof-b6=2001:db8:b::66 \
		a-spoof-up6=2001:db8:ff::99
	send "$B" b-own4=198.51.100.130 b-mh4=203.0.113.20 b-own6=2001:db8:b::1 b-mh6=2001:db8:c::20 \
		b-spoof-a4=198.51.100.5 b-spoof-a6=2001:db8:a::5 b-spoof-link4=192.0.2.77
	rx timeout 5 $PY "$HERE/sav_send.py" 203.0.113.129 2001:db8:ff::1 END=192.0.2.9
	wait "$RECV"
	RECV=
	got=$(grep -v READY "$T/recv" | awk '{print $1}' | sort | tr '\n' ' ')
	want="a-mh4 a-mh6 a-own4 a-own6 b-mh4 b-mh6 b-own4 b-own6 "
	[ "$got" = "$want" ] || fail "$1: receiver got [$got], want [$want]"
	grep -q '^a-mh6 2001:db8:c::10$' "$T/recv" || fail "$1: source rewritten: $(cat "$T/recv")"
}

traffic nftables
counter() { rx nft list counter inet manrs_sav "$1" | awk '/packets/ {for (i = 1; i < NF; i++) if ($i == "packets") print $(i + 1)}'; }
for c in sav_cust_a_pass:4 sav_cust_a_drop:4 sav_cust_b_pass:4 sav_cust_b_drop:3; do
	n=$(counter "${c%%:*}")
	[ "$n" = "${c##*:}" ] || fail "counter ${c%%:*}: $n packets, want ${c##*:}"
done
echo "nftables: 8 legitimate packets arrived, 7 spoofed dropped (nft counters agree)"

# --- the iptables/ipset script, same traffic ------------------------------------------
if command -v ipset >/dev/null && command -v iptables-restore >/dev/null &&
	command -v ip6tables-restore >/dev/null; then
	rx nft delete table inet manrs_sav || fail "nft delete table"
	$MANRS sav --config "$T/sav.yml" --method irr --irr-db "$T/irr.db" --format iptables \
		>"$T/sav.sh" || fail "manrs sav --format iptables: exit $?"
	rx sh "$T/sav.sh" >"$T/ipt.log" 2>&1 || fail "the iptables script failed: $(cat "$T/ipt.log")"
	traffic iptables
	drops() { rx "$1" -L MANRS-SAV -v -x -n | awk -v i="$2" '$3 == "DROP" && $6 == i { print $1 }'; }
	d4a=$(drops iptables ra) d6a=$(drops ip6tables ra) d4b=$(drops iptables rb) d6b=$(drops ip6tables rb)
	[ "$d4a/$d6a/$d4b/$d6b" = "2/2/2/1" ] || fail "iptables DROP counters $d4a/$d6a/$d4b/$d6b, want 2/2/2/1"
	echo "iptables: 8 legitimate packets arrived, 7 spoofed dropped (DROP counters agree)"
else
	echo "iptables: skipped (ipset, iptables-restore or ip6tables-restore not installed)"
fi
echo "ok"
exit 0
