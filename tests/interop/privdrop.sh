#!/bin/sh
# SPDX-License-Identifier: ISC
# Privilege drop of 'manrs rtr serve' and 'manrs irr serve' started as root
# with --user nobody:
#  0. an unknown user: exit 1 and a clear error before anything is served;
#  1. /proc/PID/status shows nobody's uid and gid (all four), no groups but
#     nobody's, and NoNewPrivs;
#  2. rtrclient still syncs the full data, bgpq4 gets the same answer as
#     from a server that kept root;
#  3. a reload of a file readable by nobody still works (new serial / route);
#  4. Landlock: the data file is a symbolic link; pointed at a folder outside
#     the allowed ones (readable by nobody), the reload fails with
#     "Permission denied" and the old data stays; the same with
#     --no-landlock reloads (so it was Landlock, not file modes).
# Needs root (CI runs as root). Exits 77 with a reason when rtrclient, bgpq4
# or root is missing, or when the kernel has no Landlock (after checking 1-3).
# Ports 18530-18535.
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
# 0. an unknown user is an error (exit 1) before anything is loaded or bound
U=$(mktemp -d /tmp/privdrop_user.XXXXXX)
"$MANRS" rtr serve --vrps "$U/none.json" --user manrs-no-such-user --ready-file "$U/ready" \
	--listen 127.0.0.1:18534 2>"$U/err"
rc=$?
[ $rc = 1 ] && grep -q "manrs-no-such-user: no such user" "$U/err" && [ ! -e "$U/ready" ] ||
	{ cat "$U/err"; rm -rf "$U"; echo "FAIL: rtr serve --user unknown: rc $rc"; exit 1; }
"$MANRS" irr serve --user manrs-no-such-user --pidfile "$U/pid" --listen 127.0.0.1:18534 \
	"$U/none.rpsl" 2>"$U/err"
rc=$?
[ $rc = 1 ] && grep -q "manrs-no-such-user: no such user" "$U/err" && [ ! -e "$U/pid" ] ||
	{ cat "$U/err"; rm -rf "$U"; echo "FAIL: irr serve --user unknown: rc $rc"; exit 1; }
rm -rf "$U"
echo "unknown --user: exit 1 with a clear error, nothing loaded or served"
command -v rtrclient >/dev/null || { echo "rtrclient (rtr-tools) not installed"; exit 77; }
command -v bgpq4 >/dev/null || { echo "bgpq4 not installed"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "needs root to switch to user nobody"; exit 77; }
NOBODY_UID=$(id -u nobody 2>/dev/null) || { echo "no user nobody"; exit 77; }
NOBODY_GID=$(id -g nobody)
TMP=$(mktemp -d /tmp/privdrop.XXXXXX)
SMALL=1 GEN_COUNT=3000
. "$(dirname "$0")/rtr_lib.inc"
trap rtr_cleanup EXIT INT TERM
DATA=$(cd "$(dirname "$0")/data" && pwd)
RTR_PY=$(cd "$(dirname "$0")" && pwd)/rtr_vrps.py
# nobody must reach the data (mktemp -d makes 0700) and write its ready file
chmod 755 "$TMP"
mkdir "$TMP/data" "$TMP/outside" "$TMP/run"
chown nobody "$TMP/run"
rtr_data
cp "$A" "$TMP/data/a.json"
cp "$B" "$TMP/data/b.json"
cp "$B" "$TMP/outside/b.json"

# check_ids PID: every uid and gid is nobody's, no other group, no_new_privs
check_ids() {
	st=/proc/$1/status
	[ "$(awk '/^Uid:/ {print $2, $3, $4, $5}' "$st")" = "$NOBODY_UID $NOBODY_UID $NOBODY_UID $NOBODY_UID" ] ||
		fail "pid $1: $(grep '^Uid:' "$st")"
	[ "$(awk '/^Gid:/ {print $2, $3, $4, $5}' "$st")" = "$NOBODY_GID $NOBODY_GID $NOBODY_GID $NOBODY_GID" ] ||
		fail "pid $1: $(grep '^Gid:' "$st")"
	for g in $(awk '/^Groups:/ {$1 = ""; print}' "$st"); do
		id -G nobody | tr ' ' '\n' | grep -qx "$g" || fail "pid $1: group $g is not nobody's"
	done
	if grep -q "landlock: file access restricted" "$2"; then
		grep -q '^NoNewPrivs:[[:space:]]*1' "$st" || fail "pid $1: no_new_privs not set"
	fi
}

# rtr_up PORT LOG ARGS...: start rtr serve on cur.json, wait for the ready file
rtr_up() {
	port=$1 log=$2; shift 2
	"$MANRS" rtr serve --vrps cur.json --listen "127.0.0.1:$port" --check-interval 1 \
		--ignore-expires --ready-file "$TMP/run/ready.$port" -v "$@" 2>"$log" &
	SRV_PID=$!
	PIDS="$PIDS $SRV_PID"
	wait_for 30 test -s "$TMP/run/ready.$port" || { cat "$log"; fail "rtr serve $* not ready"; }
}

# export_is PORT EXPECT: a fresh rtrclient -e export equals EXPECT
export_is() {
	rm -f "$TMP/export.csv"
	timeout 60 rtrclient -e -t csv -o "$TMP/export.csv" tcp 127.0.0.1 "$1" >/dev/null 2>&1 &&
		python3 "$RTR_PY" rtrclient-csv "$TMP/export.csv" | cmp -s - "$2"
}

# --- rtr serve ---
cd "$TMP/data" || fail "cd"
ln -s a.json cur.json
rtr_up 18530 "$TMP/rtr.log" --user nobody
check_ids "$SRV_PID" "$TMP/rtr.log"
export_is 18530 "$TMP/expect_a.txt" || fail "rtrclient after the drop: data differs from the file"
echo "rtr: runs as nobody (uid $NOBODY_UID), rtrclient syncs all $(wc -l < "$TMP/expect_a.txt") VRPs"

ln -sfn b.json cur.json
wait_for 20 grep -q "serial 1:" "$TMP/rtr.log" || { cat "$TMP/rtr.log"; fail "no reload as nobody"; }
export_is 18530 "$TMP/expect_b.txt" || fail "after the reload rtrclient differs from the new file"
echo "rtr: reload as nobody: serial 1 served"

LANDLOCK=1
grep -q "landlock: not available" "$TMP/rtr.log" && LANDLOCK=0
if [ $LANDLOCK = 1 ]; then
	ln -sfn ../outside/b.json cur.json
	touch "$TMP/outside/b.json"
	wait_for 20 grep -q "reload (file changed) failed.*Permission denied" "$TMP/rtr.log" ||
		{ cat "$TMP/rtr.log"; fail "a file outside the data folder was read under Landlock"; }
	export_is 18530 "$TMP/expect_b.txt" || fail "data changed after a refused reload"
	echo "rtr: landlock: reading ../outside/b.json denied, serial 1 still served"
	ln -sfn a.json cur.json
	rtr_up 18531 "$TMP/rtr_nl.log" --user nobody --no-landlock
	ln -sfn ../outside/b.json cur.json
	wait_for 20 grep -q "serial 1:" "$TMP/rtr_nl.log" ||
		{ cat "$TMP/rtr_nl.log"; fail "--no-landlock: the outside file was not read"; }
	echo "rtr: --no-landlock: the same reload works (the denial was Landlock's)"
fi

# --chroot: paths relative to the chroot folder, reloads read inside it
ln -sfn a.json cur.json
mkdir run
chown nobody run
"$MANRS" rtr serve --vrps cur.json --listen 127.0.0.1:18535 --check-interval 1 --ignore-expires \
	--ready-file run/ready --user nobody --chroot "$TMP/data" -v 2>"$TMP/rtr_chroot.log" &
SRV_PID=$!
PIDS="$PIDS $SRV_PID"
wait_for 30 test -s run/ready || { cat "$TMP/rtr_chroot.log"; fail "rtr serve --chroot not ready"; }
[ "$(readlink /proc/$SRV_PID/root)" = "$TMP/data" ] || fail "root is $(readlink /proc/$SRV_PID/root)"
check_ids "$SRV_PID" "$TMP/rtr_chroot.log"
export_is 18535 "$TMP/expect_a.txt" || fail "rtrclient after --chroot: data differs from the file"
ln -sfn b.json cur.json
wait_for 20 grep -q "serial 1:" "$TMP/rtr_chroot.log" || { cat "$TMP/rtr_chroot.log"; fail "no reload in the chroot"; }
export_is 18535 "$TMP/expect_b.txt" || fail "after the reload in the chroot rtrclient differs"
echo "rtr: --chroot $TMP/data: root is the folder, full sync and reload work"

# --- irr serve ---
cp "$DATA/irr_filter.rpsl" "$TMP/data/db.rpsl"
{ cat "$DATA/irr_filter.rpsl"; printf '\nroute: 198.51.100.0/24\norigin: AS100\n'; } >"$TMP/data/db2.rpsl"
cp "$TMP/data/db2.rpsl" "$TMP/outside/db2.rpsl"
printf '\nroute: 203.0.113.0/24\norigin: AS100\n' >>"$TMP/outside/db2.rpsl"
ln -s db.rpsl irr.rpsl
# irr_up PORT LOG ARGS...: start irr serve on irr.rpsl, wait for "listening"
irr_up() {
	port=$1 log=$2; shift 2
	"$MANRS" irr serve --listen "127.0.0.1:$port" --check-interval 1 -v "$@" \
		--source TEST irr.rpsl 2>"$log" &
	SRV_PID=$!
	PIDS="$PIDS $SRV_PID"
	wait_for 30 grep -qs "listening on" "$log" || { cat "$log"; fail "irr serve $* not listening"; }
}
q() { timeout 20 bgpq4 -h "127.0.0.1:$1" -S TEST -4 -l L AS-TEST 2>&1; }
irr_up 18532 "$TMP/irr_root.log" --no-landlock
ROOT_PID=$SRV_PID
irr_up 18533 "$TMP/irr.log" --user nobody
check_ids "$SRV_PID" "$TMP/irr.log"
[ "$(awk '/^Uid:/ {print $2}' /proc/$ROOT_PID/status)" = 0 ] || fail "the reference server is not root"
q 18532 >"$TMP/bgpq_root.txt"
q 18533 >"$TMP/bgpq_nobody.txt"
grep -q "10.0.1.0/24" "$TMP/bgpq_nobody.txt" || fail "bgpq4 after the drop: $(cat "$TMP/bgpq_nobody.txt")"
cmp -s "$TMP/bgpq_root.txt" "$TMP/bgpq_nobody.txt" || fail "bgpq4 answers differ: root vs nobody"
echo "irr: runs as nobody, bgpq4 gets the same $(grep -c permit "$TMP/bgpq_nobody.txt") lines as from root"

ln -sfn db2.rpsl irr.rpsl
has_new_route() { q 18533 | grep -q 198.51.100.0/24; }
wait_for 20 has_new_route ||
	{ cat "$TMP/irr.log"; fail "irr reload as nobody"; }
echo "irr: reload as nobody: the new route is served"
if [ $LANDLOCK = 1 ]; then
	ln -sfn ../outside/db2.rpsl irr.rpsl
	wait_for 20 grep -q "reload failed.*Permission denied" "$TMP/irr.log" ||
		{ cat "$TMP/irr.log"; fail "irr: a file outside the data folder was read under Landlock"; }
	q 18533 | grep -q 203.0.113.0/24 && fail "irr: data from the outside file is served"
	q 18533 | grep -q 198.51.100.0/24 || fail "irr: the last good data is gone"
	echo "irr: landlock: reading ../outside/db2.rpsl denied, the last good data still served"
fi

[ $LANDLOCK = 1 ] || { echo "landlock not available in this kernel: ids and reloads checked, file restriction not"; exit 77; }
exit 0
