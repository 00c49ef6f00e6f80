#!/bin/bash
# SPDX-License-Identifier: ISC
# Interop: 'manrs fetch nrtm' mirrors an IRR source from our own NRTM v3
# server (tests/interop/nrtm_server.py, IRRd's answers): a first run without
# a serial loads the dump (CURRENTSERIAL over HTTP) and catches up on the
# journal; later runs apply ADD/DEL and 'manrs irr filter' on the mirror
# shows the change; "no newer updates" changes nothing; a journal that no
# longer reaches back (%ERROR:401) fails without --full-url (mirror and serial
# kept) and falls back to a full reload with it; a cut-short answer (no %END)
# changes nothing. Env: MANRS. Ports 19611-19612.
set -u
[ -x "${MANRS:-}" ] || { echo "skip: MANRS binary not built"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 not installed"; exit 77; }
NPORT=19611
HPORT=19612
T=$(mktemp -d /tmp/fetch_nrtm.XXXXXX)
NPID=""
HPID=""
cleanup() {
	for p in $NPID $HPID; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- stderr:"; cat "$T/err" 2>/dev/null; exit 1; }
mkdir -p "$T/www"

route() { printf 'route: %s\norigin: %s\nmnt-by: MNT-T\nsource: TEST\n' "$1" "$2"; }
# journal FIRST [truncate] < ops (lines "SERIAL ADD|DEL PREFIX ORIGIN")
journal() {
	local ops
	ops=$(cat)
	python3 - "$T/journal.json" "$1" "${2:-}" "$ops" <<'PY'
import json, sys
ops = []
for line in sys.argv[4].splitlines():
    s, op, pfx, origin = line.split()
    cls = "route6" if ":" in pfx else "route"
    ops.append({"serial": int(s), "op": op,
                "obj": "%s: %s\norigin: %s\nmnt-by: MNT-T\nsource: TEST\n" % (cls, pfx, origin)})
json.dump({"source": "TEST", "first": int(sys.argv[2]), "truncate": sys.argv[3] == "truncate",
           "ops": ops}, open(sys.argv[1], "w"))
PY
}
{ route 10.0.0.0/24 AS64500; echo; route 10.0.1.0/24 AS64500; echo
  printf 'as-set: AS-TEST\nmembers: AS64500\nsource: TEST\n'; } >"$T/www/TEST.db"
echo 100 >"$T/www/TEST.CURRENTSERIAL"
journal 90 <<'J'
101 ADD 10.0.2.0/24 AS64500
102 DEL 10.0.0.0/24 AS64500
103 ADD 2001:db8::/32 AS64500
J

python3 "$(dirname "$0")/nrtm_server.py" $NPORT "$T/journal.json" "$T/queries.log" &
NPID=$!
(cd "$T/www" && exec python3 -m http.server --bind 127.0.0.1 $HPORT) >/dev/null 2>&1 &
HPID=$!
up() { timeout 1 bash -c "echo >/dev/tcp/127.0.0.1/$1" 2>/dev/null; }
for _ in $(seq 50); do up $NPORT && up $HPORT && break; sleep 0.1; done
up $NPORT && up $HPORT || fail "servers did not start"

DB=$T/mirror.db
H="http://127.0.0.1:$HPORT"
full=(--full-url "$H/TEST.db" --serial-url "$H/TEST.CURRENTSERIAL")
nrtm() { timeout 30 "$MANRS" fetch nrtm "127.0.0.1:$NPORT" TEST --db "$DB" --json "$@" >"$T/out" 2>"$T/err"; }
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$T/out" "$1"; }
prefixes() { timeout 20 "$MANRS" irr filter --db "$DB" -p -4 -l x AS64500 2>/dev/null | grep -o '10\.0\.[0-9]*\.0/24' | sort | tr '\n' ' '; }

# 1. no serial yet: full reload from the dump (serial 100), then the journal 101-103
nrtm "${full[@]}" || fail "first run"
[ "$(field full_reload)" = True ] && [ "$(field serial)" = 103 ] || fail "first run: $(cat "$T/out")"
[ "$(field adds)" = 2 ] && [ "$(field dels)" = 1 ] || fail "first run ops: $(cat "$T/out")"
grep -q '^-g TEST:3:101-LAST$' "$T/queries.log" || fail "query: $(cat "$T/queries.log")"
[ "$(prefixes)" = "10.0.1.0/24 10.0.2.0/24 " ] || fail "mirror after first run: $(prefixes)"
grep -q '"serial": 103' "$DB.nrtm.json" || fail "serial not kept"
timeout 20 "$MANRS" irr filter --db "$DB" -p -6 -l x AS64500 | grep -q '2001:db8::/32' || fail "route6 not mirrored"

# 2. new journal entries: ADD and DEL applied, the irr query shows the change
journal 90 <<'J'
101 ADD 10.0.2.0/24 AS64500
102 DEL 10.0.0.0/24 AS64500
103 ADD 2001:db8::/32 AS64500
104 DEL 10.0.1.0/24 AS64500
105 ADD 10.0.3.0/24 AS64500
106 ADD 10.0.2.0/24 AS64500
J
nrtm || fail "journal run"
[ "$(field full_reload)" = False ] && [ "$(field serial_before)" = 103 ] && [ "$(field serial)" = 106 ] || fail "journal run: $(cat "$T/out")"
[ "$(field adds)" = 2 ] && [ "$(field dels)" = 1 ] && [ "$(field replaced)" = 1 ] || fail "journal ops: $(cat "$T/out")"
[ "$(prefixes)" = "10.0.2.0/24 10.0.3.0/24 " ] || fail "mirror after journal: $(prefixes)"
tail -1 "$T/queries.log" | grep -q '^-g TEST:3:104-LAST$' || fail "second query: $(tail -1 "$T/queries.log")"

# 3. nothing newer: nothing changes
cp "$DB" "$T/db.good"
nrtm || fail "up-to-date run"
[ "$(field serial)" = 106 ] && [ "$(field adds)" = 0 ] || fail "up to date: $(cat "$T/out")"
cmp -s "$DB" "$T/db.good" || fail "up-to-date run changed the mirror"

# 4. a cut-short answer (no %END) changes nothing
journal 90 truncate <<'J'
107 ADD 10.0.9.0/24 AS64500
J
nrtm && fail "truncated answer accepted"
grep -q "no \"%END TEST\"" "$T/err" || fail "truncation not named: $(cat "$T/err")"
cmp -s "$DB" "$T/db.good" && grep -q '"serial": 106' "$DB.nrtm.json" || fail "truncated answer changed the mirror"

# 5. the journal no longer reaches back (%ERROR:401): without --full-url an error, mirror kept
journal 200 <<'J'
211 ADD 10.0.7.0/24 AS64500
J
nrtm && fail "401 without --full-url: exit 0"
grep -q "ERROR:401" "$T/err" && grep -q "full reload needs --full-url" "$T/err" || fail "401 not named: $(cat "$T/err")"
cmp -s "$DB" "$T/db.good" || fail "401 changed the mirror"

# 6. ... and with it: a full reload from the new dump (serial 210), then the journal from 211
{ route 10.0.5.0/24 AS64500; echo; route 10.0.6.0/24 AS64500; echo; route 10.0.8.0/24 AS64501; } >"$T/www/TEST.db"
echo 210 >"$T/www/TEST.CURRENTSERIAL"
nrtm "${full[@]}" || fail "fallback run"
[ "$(field full_reload)" = True ] && [ "$(field serial)" = 211 ] || fail "fallback: $(cat "$T/out")"
grep -q "401" <<<"$(field reload_reason)" || fail "reason: $(field reload_reason)"
[ "$(prefixes)" = "10.0.5.0/24 10.0.6.0/24 10.0.7.0/24 " ] || fail "mirror after reload: $(prefixes)"

# 7. a dump that lost most objects is refused
printf 'route: 10.0.5.0/24\norigin: AS64500\nsource: TEST\n' >"$T/www/TEST.db"
echo 300 >"$T/www/TEST.CURRENTSERIAL"
journal 250 </dev/null
cp "$DB" "$T/db.good"
nrtm "${full[@]}" && fail "shrunken dump accepted"
grep -q "shrank suspiciously" "$T/err" || fail "shrink not named: $(cat "$T/err")"
cmp -s "$DB" "$T/db.good" || fail "shrunken dump replaced the mirror"

echo "fetch_nrtm: passed"
exit 0
