#!/bin/sh
# SPDX-License-Identifier: ISC
# manrs monitor alerts: lists a store's alert versions as a table and as
# JSON lines, filters by --since/--type/--state/--latest/--limit, and fails
# with a message naming the file (exit 1) on a missing or corrupt store, 2
# on bad usage. The store is written here with python3's sqlite3 in the
# version 1 schema of lib/detect/alert_store.c (before alerts.nth), which
# is still read as it is.
MANRS=${MANRS:-build/manrs}
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

timeout 30 python3 - "$tmp/a.db" <<'PY' || fail "python3 could not write the store"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""
CREATE TABLE alerts(id INTEGER NOT NULL, version INTEGER NOT NULL, key TEXT NOT NULL,
 type TEXT NOT NULL, code TEXT NOT NULL, state TEXT NOT NULL, severity TEXT NOT NULL,
 prefix TEXT NOT NULL, affected_as INTEGER NOT NULL, offender_as INTEGER NOT NULL,
 peers INTEGER NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
 resolved_at INTEGER NOT NULL, description TEXT NOT NULL, stored_at INTEGER NOT NULL,
 json TEXT NOT NULL, PRIMARY KEY(id, version));
PRAGMA user_version=1;
""")
rows = [(1, 1, "hijack", "open", "192.0.2.0/24", 64511, 1700000000),
        (1, 2, "hijack", "resolved", "192.0.2.0/24", 64511, 1700000100),
        (2, 1, "visibility", "open", "198.51.100.0/24", 0, 1700086400)]
for i, v, t, s, p, off, seen in rows:
    j = {"id": i, "key": "%s|%s|%d" % (t, p, off), "type": t, "code": "E|0|-|-", "state": s,
         "severity": "critical", "prefix": p, "monitored": None, "affected_as": 64500,
         "offender_as": off, "description": "%s of %s" % (t, p), "rule": "", "peers": 3,
         "max_peers": 3, "first_seen_unix": 1700000000, "last_seen_unix": seen,
         "resolved_at_unix": 0, "version": v, "rpki": "unchecked", "irr": "unchecked",
         "score": 0, "samples": []}
    db.execute("INSERT INTO alerts VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
               (i, v, j["key"], t, "E|0|-|-", s, "critical", p, 64500, off, 3, 1700000000,
                seen, 0, j["description"], 0, json.dumps(j)))
db.commit()
PY

out=$(timeout 30 "$MANRS" monitor alerts --db "$tmp/a.db") || fail "listing exited $?"
[ "$(printf '%s\n' "$out" | wc -l)" = 4 ] || fail "expected a header and 3 rows: $out"
printf '%s\n' "$out" | head -1 | grep -q '^ID .*DESCRIPTION$' || fail "no header: $out"
printf '%s\n' "$out" | grep -q '^1 *2 *resolved *hijack .*192.0.2.0/24 *AS64511 .*2023-11-14T22:15:00Z' \
	|| fail "row 1 v2 wrong: $out"

n=$(timeout 30 "$MANRS" monitor alerts --db "$tmp/a.db" --json | wc -l) || fail "--json"
[ "$n" = 3 ] || fail "--json gave $n lines"
timeout 30 "$MANRS" monitor alerts --db "$tmp/a.db" --json --type visibility \
	| grep -q '"type": *"visibility"' || fail "--type visibility"
n=$(timeout 30 "$MANRS" monitor alerts --db "$tmp/a.db" --json --state open | wc -l)
[ "$n" = 2 ] || fail "--state open gave $n"
n=$(timeout 30 "$MANRS" monitor alerts --db "$tmp/a.db" --json --latest | wc -l)
[ "$n" = 2 ] || fail "--latest gave $n"
n=$(timeout 30 "$MANRS" monitor alerts --db "$tmp/a.db" --json --since 2023-11-15 | wc -l)
[ "$n" = 1 ] || fail "--since 2023-11-15 gave $n"
n=$(timeout 30 "$MANRS" monitor alerts --db "$tmp/a.db" --json --since 1700000050 --limit 1 | wc -l)
[ "$n" = 1 ] || fail "--since N --limit 1 gave $n"
n=$(timeout 30 "$MANRS" monitor alerts --db "$tmp/a.db" --json --since 1d | wc -l)
[ "$n" = 0 ] || fail "--since 1d gave $n (the alerts are from 2023)"

timeout 30 "$MANRS" monitor alerts --db "$tmp/a.db" --since yesterday 2>"$tmp/err"; rc=$?
[ $rc = 2 ] || fail "bad --since exited $rc"
grep -q "bad time 'yesterday'" "$tmp/err" || fail "bad --since message: $(cat "$tmp/err")"
timeout 30 "$MANRS" monitor alerts --db "$tmp/a.db" --state gone 2>/dev/null; rc=$?
[ $rc = 2 ] || fail "bad --state exited $rc"

timeout 30 "$MANRS" monitor alerts --db "$tmp/none.db" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] || fail "missing store exited $rc"
grep -q "none.db" "$tmp/err" || fail "missing store message: $(cat "$tmp/err")"
[ ! -e "$tmp/none.db" ] || fail "listing created a store"
head -c 8192 /dev/urandom >"$tmp/bad.db"
timeout 30 "$MANRS" monitor alerts --db "$tmp/bad.db" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] || fail "corrupt store exited $rc"
grep -q "bad.db: .*not a database" "$tmp/err" || fail "corrupt store message: $(cat "$tmp/err")"
timeout 30 "$MANRS" monitor alerts --help | grep -q -- '--since TIME' || fail "--help"
echo "ok: monitor alerts lists, filters and reports bad stores"
exit 0
