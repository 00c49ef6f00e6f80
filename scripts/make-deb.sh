#!/bin/sh
# SPDX-License-Identifier: ISC
# make-deb.sh [OUTDIR]: build the Debian package of the committed tree
# (`git archive HEAD`; uncommitted changes are not in it) into OUTDIR
# (default build/deb). The package version is the release of git describe,
# in Debian's form: 0.9.0 on the tag, 0.9.0+git12.gabc1234 twelve commits on.
set -e
out=${1:-build/deb}
for t in dpkg-buildpackage dh; do
	command -v $t >/dev/null || { echo "make-deb: $t missing: apt-get install dpkg-dev debhelper" >&2; exit 1; }
done
ver=$(git describe --tags --match 'v[0-9]*' 2>/dev/null | sed 's/^v//') || ver=""
[ -n "$ver" ] || ver=$(cat VERSION)
debver=$(echo "$ver" | sed 's/-\([0-9]*\)-g/+git\1.g/')
src="$out/manrs-$debver"
rm -rf "$out"
mkdir -p "$src"
if git rev-parse --verify -q HEAD >/dev/null; then
	git archive HEAD | tar -x -C "$src"
else
	tar -c --exclude=./build --exclude=./build-asan --exclude=./build-fuzz --exclude=./.git . | tar -x -C "$src"
fi
echo "$ver" >"$src/VERSION" # manrs --version says what git describe said
if [ "$debver" != "$(sed -n '1s/.*(\(.*\)).*/\1/p' debian/changelog)" ]; then
	{
		printf 'manrs (%s) unstable; urgency=medium\n\n  * Snapshot of %s.\n\n' "$debver" "$ver"
		printf ' -- The manrs authors <manrs@example.org>  %s\n\n' "$(date -R)"
		cat debian/changelog
	} >"$src/debian/changelog"
fi
(cd "$src" && dpkg-buildpackage -us -uc -b -j"$(nproc 2>/dev/null || echo 2)") >"$out/build.log" 2>&1 ||
	{ tail -30 "$out/build.log" >&2; echo "make-deb: dpkg-buildpackage failed (log: $out/build.log)" >&2; exit 1; }
ls "$out"/manrs_*.deb
