#!/bin/sh
# SPDX-License-Identifier: ISC
# Install the Debian packages manrs needs to build and test. Idempotent: only
# calls apt-get when something is missing, so it is cheap on a ready machine.
# cmake builds rtrclient from rtrlib master (tests/interop/rtr_rtrlib_master.sh).
set -e
PKGS="build-essential clang clang-format pkg-config git python3 libcmocka-dev zlib1g-dev libbz2-dev
liblzma-dev libzstd-dev libjansson-dev libevent-dev libpcap-dev xz-utils bzip2 zstd gzip
bgpdump bgpq4 bgpq3 rtr-tools librtr-dev stayrtr bird2 gobgpd whois procps
time libclang-rt-14-dev openbgpd cmake libyaml-dev libsqlite3-dev libcurl4-openssl-dev
libssl-dev python3-websockets frr pmacct curl openssl
debhelper lintian debootstrap
nginx
nftables python3-scapy iptables ipset
tcpdump
libsystemd-dev chromium chromium-driver python3-selenium
exabgp iproute2 util-linux
librdkafka-dev kcat"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages:$missing (run as root, or install them)" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
# Debian starts bird2, openbgpd, frr, pmacct and nginx as services on install; tests start their own instance.
command -v systemctl >/dev/null 2>&1 && { systemctl stop bird; systemctl stop openbgpd; systemctl stop frr; systemctl stop pmacctd; systemctl stop nginx; } 2>/dev/null || true
