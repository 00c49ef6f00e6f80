#!/bin/sh
# SPDX-License-Identifier: ISC
# The router side of manrs (rtr dump, lib/rtr/rtr_client.c) against scripted
# caches: version downgrade on Error Report 4 (v2 -> v1, and v2 straight to
# the v0 the report names), an Error Report back to the cache for a
# malformed PDU, and a Cache Reset answered to a Reset Query failing the
# dump with the reason; a Serial Notify in the middle of the answer does
# not keep the dump from ending at End of Data. Ports 18540-18544.
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
TMP=$(mktemp -d /tmp/rtr_dump_negotiate.XXXXXX)
. "$(dirname "$0")/rtr_lib.inc"
trap rtr_cleanup EXIT INT TERM
FAKE=$(dirname "$0")/rtr_fake_cache.py

# fake PORT MODE: start the scripted cache and wait until it listens
fake() {
	python3 "$FAKE" "$1" "$2" "$TMP/fake.$1.log" &
	PIDS="$PIDS $!"
	wait_for 10 grep -q listening "$TMP/fake.$1.log" 2>/dev/null || fail "fake cache $2 did not start"
}

printf 'ASN,IP Prefix,Max Length\nAS64496,10.0.0.0/8,8\nAS64497,11.0.0.0/8,8\n' > "$TMP/want.csv"

fake 18540 v1only
"$MANRS" rtr dump -V 2 --timeout 20 127.0.0.1:18540 > "$TMP/v1.csv" 2> "$TMP/v1.err" || fail "dump -V 2 from a v1 cache: $(cat "$TMP/v1.err")"
cmp -s "$TMP/want.csv" "$TMP/v1.csv" || fail "dump after downgrade: $(cat "$TMP/v1.csv")"
"$MANRS" rtr dump -V 2 --count --timeout 20 127.0.0.1:18540 > "$TMP/v1.count" || fail "dump --count from a v1 cache"
grep -q ' version=1 ' "$TMP/v1.count" || fail "version after downgrade: $(cat "$TMP/v1.count")"
grep -q 'query type 2 version 2' "$TMP/fake.18540.log" && grep -q 'query type 2 version 1' "$TMP/fake.18540.log" ||
	fail "expected a v2 then a v1 Reset Query: $(cat "$TMP/fake.18540.log")"
echo "ok v2 -> v1 on Unsupported Version"

fake 18541 v0only
"$MANRS" rtr dump -V 2 --count --timeout 20 127.0.0.1:18541 > "$TMP/v0.count" || fail "dump from a v0 cache"
grep -q ' version=0 ' "$TMP/v0.count" || fail "version after downgrade to 0: $(cat "$TMP/v0.count")"
[ "$(grep -c 'query type 2' "$TMP/fake.18541.log")" = 2 ] || fail "expected two Reset Queries: $(cat "$TMP/fake.18541.log")"
echo "ok v2 -> v0 when the report says version 0"

fake 18542 badpdu
"$MANRS" rtr dump --timeout 20 127.0.0.1:18542 > /dev/null 2> "$TMP/bad.err" && fail "a malformed PDU did not fail the dump"
grep -q 'manrs rtr dump: bad PDU from the cache' "$TMP/bad.err" || fail "no reason for the bad PDU: $(cat "$TMP/bad.err")"
wait_for 10 grep -q 'router sent type 10 code 0' "$TMP/fake.18542.log" || fail "no Error Report (Corrupt Data) to the cache: $(cat "$TMP/fake.18542.log")"
echo "ok malformed PDU: Error Report 0 to the cache, dump fails with the reason"

fake 18543 reset
"$MANRS" rtr dump --timeout 20 127.0.0.1:18543 > /dev/null 2> "$TMP/reset.err"; rc=$?
[ "$rc" = 1 ] || fail "Cache Reset to a Reset Query: exit $rc"
grep -qx 'manrs rtr dump: cache sent Cache Reset to a Reset Query' "$TMP/reset.err" || fail "reason: $(cat "$TMP/reset.err")"
echo "ok Cache Reset to a Reset Query fails the dump"

fake 18544 notify
"$MANRS" rtr dump --timeout 20 127.0.0.1:18544 > "$TMP/notify.csv" 2> "$TMP/notify.err" || fail "dump with a Serial Notify inside the answer: $(cat "$TMP/notify.err")"
cmp -s "$TMP/want.csv" "$TMP/notify.csv" || fail "dump with a notify: $(cat "$TMP/notify.csv")"
echo "ok a Serial Notify during the sync: the dump still ends at End of Data"
