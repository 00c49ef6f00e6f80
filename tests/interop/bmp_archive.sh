#!/bin/sh
# SPDX-License-Identifier: ISC
# MRT archives of manrs bmp serve, read by bgpdump and by manrs mrt dump: a
# generated router stream goes in (bench/bmp_replay.c); the update file
# must give, under 'bgpdump -m' and 'manrs mrt dump -m', exactly the lines
# manrs printed live with -m; a RIB snapshot (SIGUSR1) must hold exactly
# the routes manrs held (its /rib), and bgpdump and manrs must read it
# alike. The update file appears only once closed (here: at shutdown).
# Ports: 18730 (BMP), 18731 (HTTP).
command -v bgpdump >/dev/null || { echo "bgpdump not installed"; exit 77; }
command -v curl >/dev/null || { echo "curl not installed"; exit 77; }
command -v cc >/dev/null || { echo "cc not installed (builds bench/bmp_replay.c)"; exit 77; }
[ -x "$MANRS" ] || { echo "MANRS binary not found"; exit 77; }
GEN=$SHARED/tools/gen_bmp.py
[ -f "$GEN" ] || { echo "$GEN not found (the BMP stream generator)"; exit 77; }
TMP=$(mktemp -d /tmp/bmp_archive.XXXXXX)
. "$(dirname "$0")/bmp_lib.inc"
trap bmp_cleanup EXIT INT TERM
BMP=18730 HTTP=18731
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cc -O2 -o "$TMP/replay" "$ROOT/bench/bmp_replay.c" || fail "cannot build bmp_replay"

python3 "$GEN" --out "$TMP/s.bmp" --peers 3 --prefixes 4000 --updates 6000 >/dev/null || fail "gen_bmp.py"
TAIL=$(python3 -c "
import json; m = json.load(open('$TMP/s.bmp.json'))
print([s for s in m['segments'] if s['name'] == 'tail'][0]['offset'])")
mkdir "$TMP/arch"
bmp_start $BMP $HTTP --archive "$TMP/arch" --rib-interval 0 -m -o "$TMP/live.m"
"$TMP/replay" -S 127.0.1.1 -c "$TAIL" "$TMP/s.bmp" 127.0.0.1 $BMP 2>/dev/null || fail "replay"
msgs=$(python3 -c "
import json; m = json.load(open('$TMP/s.bmp.json')); s = {x['name']: x for x in m['segments']}
print(s['setup']['messages'] + s['dump']['messages'] + s['updates']['messages'])")
applied() { [ "$(status_field $HTTP "d['messages']")" = "$msgs" ]; }
wait_for 60 applied || fail "want $msgs messages applied, got $(status_field $HTTP "d['messages']")"
ls "$TMP"/arch/updates.* >/dev/null 2>&1 && fail "an update file is visible before it was closed"

kill -USR1 "$BMP_PID"
wait_for 60 sh -c "ls '$TMP'/arch/rib.*.mrt >/dev/null 2>&1" || fail "no RIB snapshot after SIGUSR1"
rib $HTTP "$TMP/rib.jsonl"
kill "$BMP_PID"
wait "$BMP_PID" 2>/dev/null

U=$(ls "$TMP"/arch/updates.*.mrt) R=$(ls "$TMP"/arch/rib.*.mrt)
echo "archive: $(basename "$U"), $(basename "$R")"
"$MANRS" mrt dump -m "$U" > "$TMP/u.manrs" || fail "manrs mrt dump $U"
bgpdump -m "$U" > "$TMP/u.bgpdump" 2>/dev/null || fail "bgpdump $U"
cmp -s "$TMP/live.m" "$TMP/u.manrs" || fail "live -m output differs from manrs mrt dump of the archive:
$(diff "$TMP/live.m" "$TMP/u.manrs" | head -6)"
cmp -s "$TMP/u.manrs" "$TMP/u.bgpdump" || fail "bgpdump and manrs read the update file differently:
$(diff "$TMP/u.bgpdump" "$TMP/u.manrs" | head -6)"
echo "update file: $(wc -l < "$TMP/u.manrs") lines, live -m = manrs mrt dump -m = bgpdump -m"

"$MANRS" mrt dump -m "$R" > "$TMP/r.manrs" || fail "manrs mrt dump $R"
bgpdump -m "$R" > "$TMP/r.bgpdump" 2>/dev/null || fail "bgpdump $R"
cmp -s "$TMP/r.manrs" "$TMP/r.bgpdump" || fail "bgpdump and manrs read the RIB snapshot differently:
$(diff "$TMP/r.bgpdump" "$TMP/r.manrs" | head -6)"
# the snapshot's routes (peer|prefix|path|next hop) equal what manrs held
awk -F'|' '{print $4 "|" $6 "|" $7 "|" $9}' "$TMP/r.manrs" | sort > "$TMP/r.routes"
python3 -c "
import json
for l in open('$TMP/rib.jsonl'):
    r = json.loads(l)
    if r['view'] == 'pre-policy':
        print('%s|%s|%s|%s' % (r['peer_ip'], r['prefix'], ' '.join(map(str, r['as_path'])), r['next_hop']))
" | sort > "$TMP/h.routes"
[ -s "$TMP/h.routes" ] && cmp -s "$TMP/r.routes" "$TMP/h.routes" || fail "the RIB snapshot differs from the routes held:
$(diff "$TMP/h.routes" "$TMP/r.routes" | head -6)"
echo "RIB snapshot: $(wc -l < "$TMP/r.routes") routes, equal to the routes held; bgpdump -m = manrs mrt dump -m"
exit 0
