#!/bin/sh
# SPDX-License-Identifier: ISC
# interop: network (Debian's mirror, for debootstrap and apt-get)
# The Debian package, installed as an operator would: `make deb` builds it,
# a fresh Debian 12 chroot (debootstrap minbase) installs it with
# `apt-get install ./manrs_*.deb` (dependencies from Debian), runs
# `manrs --version` and `manrs rpki validate` there, verifies the systemd
# units with systemd-analyze and, with the daemon's default config,
# `manrs serve --check-config`; then purges it and checks that no file is
# left that was not there before it was installed (its dependencies stay:
# they were installed, and the package purged, before that snapshot).
# Skips without root, dpkg-buildpackage/debhelper or debootstrap, or when
# the mirror cannot be reached. The chroot's base is cached in
# build/package-test/ (make clean removes it).
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
[ "$(id -u)" = 0 ] || { echo "skip: needs root (debootstrap, chroot)"; exit 77; }
for t in dpkg-buildpackage dh debootstrap chroot wget; do
	command -v $t >/dev/null || { echo "skip: $t not installed"; exit 77; }
done
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here" || exit 1
cache=$here/build/package-test
mkdir -p "$cache"
root=$(mktemp -d "$cache/root.XXXXXX") || exit 1
out=$(mktemp -d) || exit 1
cleanup() {
	for m in proc dev/pts dev sys; do umount -l "$root/$m" 2>/dev/null; done
	rm -rf "$root" "$out"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
inchroot() { timeout 600 chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
	DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@"; }

# 1. The package.
scripts/make-deb.sh "$out/deb" >"$out/make-deb.log" 2>&1 || { tail -20 "$out/make-deb.log"; fail "make deb"; }
deb=$(ls "$out"/deb/manrs_*.deb) || fail "no .deb built"
echo "built $(basename "$deb")"
if command -v lintian >/dev/null; then
	lintian --allow-root "$deb" >"$out/lintian" 2>&1
	grep -E '^[EW]:' "$out/lintian" && fail "lintian errors or warnings (above)"
	echo "lintian: no errors or warnings"
fi

# 2. A fresh Debian 12 (its base tarball cached between runs).
# One quick look at the mirror first: debootstrap retries for minutes
# without a network, and apt-get update can exit 0 with nothing fetched.
wget -q -T 20 -t 1 -O /dev/null "$MIRROR/dists/bookworm/Release" ||
	{ echo "skip: Debian mirror $MIRROR not reachable"; exit 77; }
base=$cache/bookworm-minbase.tgz
if [ ! -s "$base" ]; then
	timeout 900 debootstrap --variant=minbase bookworm "$root" "$MIRROR" >"$out/debootstrap.log" 2>&1 || {
		grep -q -i 'resolve\|connect\|download\|release file' "$out/debootstrap.log" &&
			{ echo "skip: Debian mirror $MIRROR not reachable"; exit 77; }
		tail -20 "$out/debootstrap.log"; fail "debootstrap"; }
	tar -C "$root" -czf "$base.tmp" . && mv "$base.tmp" "$base"
else
	tar -C "$root" -xzf "$base" || fail "unpack $base"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
mount -t proc proc "$root/proc" && mount --bind /dev "$root/dev" && mount --bind /dev/pts "$root/dev/pts" ||
	fail "mounts in the chroot"
inchroot apt-get update -qq >"$out/apt.log" 2>&1 || {
	echo "skip: apt-get update in the chroot failed: $(tail -1 "$out/apt.log")"; exit 77; }
# systemd only for systemd-analyze (it does not run in a chroot).
inchroot apt-get install -y -qq --no-install-recommends systemd >>"$out/apt.log" 2>&1 ||
	{ tail -5 "$out/apt.log"; fail "installing systemd in the chroot"; }
files() { (cd "$root" && find . -xdev \( -path ./proc -o -path ./dev -o -path ./sys -o -path ./tmp \
	-o -path ./var/cache -o -path ./var/lib/apt -o -path ./var/lib/dpkg -o -path ./var/log \
	-o -path ./run -o -path ./root \) -prune -o -print | sort); }
# Dependencies first (installed with the package, then the package purged):
# what they leave (CA certificates, dbus) is theirs, not ours.
cp "$deb" "$root/tmp/"
inchroot apt-get install -y -qq "/tmp/$(basename "$deb")" >"$out/install.log" 2>&1 &&
	inchroot apt-get purge -y -qq manrs >>"$out/install.log" 2>&1 ||
	{ tail -20 "$out/install.log"; fail "apt-get install ./$(basename "$deb") (dependencies)"; }
files >"$out/before"

# 3. Install, as the README says.
inchroot apt-get install -y -qq "/tmp/$(basename "$deb")" >"$out/install.log" 2>&1 ||
	{ tail -20 "$out/install.log"; fail "apt-get install ./$(basename "$deb")"; }
v=$(inchroot manrs --version) || fail "manrs --version"
echo "installed: $v"
want=$(dpkg-deb -f "$deb" Version | sed 's/+git\([0-9]*\)\.g/-\1-g/')
[ "$v" = "manrs $want" ] || fail "manrs --version says '$v', the package is $want"
inchroot id manrs >/dev/null || fail "no system user manrs"
[ "$(inchroot stat -c %U /var/lib/manrs)" = manrs ] || fail "/var/lib/manrs not owned by manrs"
printf '{"roas":[{"prefix":"192.0.2.0/24","maxLength":24,"asn":"AS64500"}]}\n' >"$root/tmp/vrps.json"
r=$(inchroot manrs rpki validate --vrps /tmp/vrps.json 192.0.2.0/24 64500) || fail "rpki validate: $r"
echo "rpki validate: $r"
inchroot manrs rpki validate --vrps /tmp/vrps.json 192.0.2.0/24 64501 >/dev/null && fail "an invalid route validated"
inchroot man -w manrs >/dev/null 2>&1 || [ -f "$root/usr/share/man/man1/manrs.1.gz" ] || fail "no man page"
units=$(cd "$root" && ls lib/systemd/system/manrs*.service 2>/dev/null)
if [ -n "$units" ]; then
	for u in $units; do
		# --man=no: the chroot has no man-db; the pages named in Documentation=
		# are checked as files below.
		inchroot systemd-analyze verify --man=no "/$u" >"$out/verify" 2>&1 ||
			{ cat "$out/verify"; fail "systemd-analyze verify /$u"; }
		for page in $(sed -n 's/^Documentation=//p' "$root/$u"); do
			f=$(echo "$page" | sed -n 's/^man:\(.*\)(\([0-9]\))$/usr\/share\/man\/man\2\/\1.\2.gz/p')
			[ -z "$f" ] || [ -f "$root/$f" ] || fail "$u names $page, not in the package"
		done
		echo "systemd-analyze verify /$u: ok"
	done
else
	echo "note: the package has no systemd unit yet"
fi
if [ -f "$root/etc/manrs/manrs.yml" ]; then
	inchroot manrs serve --check-config --config /etc/manrs/manrs.yml ||
		fail "manrs serve --check-config rejects the installed default config"
	echo "manrs serve --check-config /etc/manrs/manrs.yml: accepted"
else
	echo "note: the package has no /etc/manrs/manrs.yml yet"
fi

# 4. Purge: nothing of ours is left.
inchroot apt-get purge -y -qq manrs >"$out/purge.log" 2>&1 ||
	{ tail -20 "$out/purge.log"; fail "apt-get purge manrs"; }
files >"$out/after"
left=$(comm -13 "$out/before" "$out/after")
[ -z "$left" ] || { echo "$left" | head -20; fail "files left after purge (above)"; }
echo "purged: no file left behind"
echo "ok: package $(basename "$deb")"
