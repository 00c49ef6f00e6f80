#!/bin/bash
# SPDX-License-Identifier: ISC
# Run tests/interop/*.sh [NAMES...]. Each exits 0 (pass), 77 (skipped: peer or
# data missing, with a reason on stdout) or anything else (fail).
# Scripts use fixed loopback ports, so two can only run at once when each has
# its own network namespace: as root (unshare -n works) INTEROP_JOBS scripts
# (default: twice the number of CPUs) run side by side, each in a fresh namespace
# with only lo; otherwise one at a time in the host's namespace.
# A script with the line "# interop: network" (it needs Debian's mirror) runs
# in the host's namespace; it must use no loopback port.
# The slowest scripts start first so the pool drains evenly.
BUILD=${1:-build}
shift
export MANRS="$(pwd)/$BUILD/manrs" SHARED="${SHARED:-$(cd .. && pwd)/shared}"
SLOW_FIRST="package.sh rtr_gobgp.sh rtr_rtrlib_master.sh rtr_stayrtr.sh rtr_rtrclient.sh rtr_bird.sh rtr_hostile.sh"

isolate=""
jobs=1
if unshare -n true 2>/dev/null && command -v ip >/dev/null; then
	isolate=1
	# most scripts wait on peers and timers, not on the CPU: two per CPU
	jobs=${INTEROP_JOBS:-$((2 * $(nproc 2>/dev/null || echo 1)))}
fi

scripts=()
for s in $SLOW_FIRST; do [ -x "tests/interop/$s" ] && scripts+=("tests/interop/$s"); done
for t in tests/interop/*.sh; do
	[ -x "$t" ] || continue
	case " $SLOW_FIRST " in *" ${t##*/} "*) continue;; esac
	scripts+=("$t")
done
if [ $# -gt 0 ]; then # only the named scripts
	want=" $* "
	kept=()
	for t in "${scripts[@]}"; do
		case $want in *" ${t##*/} "* | *" $t "*) kept+=("$t");; esac
	done
	scripts=("${kept[@]}")
fi

out=$(mktemp -d) || exit 1
trap 'rm -rf "$out"' EXIT
pass=0 skip=0 fail=0 failed=""

# run_one T N: run script T, its output in $out/N.log, exit code in $out/N.rc.
run_one() {
	local begin=$SECONDS rc
	if [ -n "$isolate" ] && ! grep -q '^# interop: network' "$1"; then
		timeout 600 unshare -n sh -c 'ip link set lo up && exec "$0"' "$1" >"$out/$2.log" 2>&1
	else
		timeout 600 "$1" >"$out/$2.log" 2>&1
	fi
	rc=$?
	echo "$rc $((SECONDS - begin))" >"$out/$2.rc"
}

# report N T: print the result of finished script number N.
report() {
	local rc secs
	read -r rc secs <"$out/$1.rc"
	case $rc in
	0) pass=$((pass + 1)); echo "ok   $2 (${secs} s)";;
	77) skip=$((skip + 1)); echo "skip $2: $(tail -1 "$out/$1.log")";;
	*) fail=$((fail + 1)); failed="$failed $2"; echo "FAIL $2 (rc $rc, ${secs} s)"
		grep -m 5 '^FAIL' "$out/$1.log"; tail -40 "$out/$1.log";;
	esac
}

declare -A running=()
begin=$SECONDS
n=0
for t in "${scripts[@]}"; do
	while [ ${#running[@]} -ge "$jobs" ]; do
		wait -n
		for k in "${!running[@]}"; do
			[ -e "$out/$k.rc" ] && { report "$k" "${running[$k]}"; unset "running[$k]"; }
		done
	done
	n=$((n + 1))
	run_one "$t" "$n" &
	running[$n]=$t
done
wait
for k in "${!running[@]}"; do report "$k" "${running[$k]}"; done
echo "interop: $pass passed, $skip skipped, $fail failed$failed" \
	"in $((SECONDS - begin)) s (${jobs} at a time${isolate:+, one network namespace each})"
[ "$fail" = 0 ]
