#!/bin/sh
# SPDX-License-Identifier: ISC
# manrs monitor's roa channel on a replay (BGPalerter monitorROAS):
# --vrps is the VRP state during the updates, --vrps-next a later one; at
# the end of the data the monitor raises standing "roa" alerts for watched
# ROAs gone between the two ("R|roa-gone") and for watched VRPs of the
# later set expiring within roaExpirationAlertHours of the last data time
# ("R|roa-expiring"). Monitored mode watches prefixes.yml's space, global
# mode everything; config.yml's enableExpirationAlerts: false silences the
# expiry alerts; --vrps-next without --vrps is a usage error. Tiny VRP files,
# no network.
MANRS=${MANRS:-build/manrs}
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

T=1700000000
cat >"$tmp/prefixes.yml" <<'EOF'
192.0.2.0/24:
  description: web
  asn: 64496
  ignoreMorespecifics: false
EOF
cat >"$tmp/config.yml" <<'EOF'
monitors:
  - file: monitorROAS
    channel: roa
    name: rpki-diff
    params:
      enableExpirationAlerts: false
EOF
# Before: the /24, its two /25s, and someone else's space.
cat >"$tmp/a.json" <<EOF
{"roas":[
 {"asn":"AS64496","prefix":"192.0.2.0/24","maxLength":24,"ta":"ripe","expires":$((T + 86400))},
 {"asn":"AS64496","prefix":"192.0.2.0/25","maxLength":25,"ta":"ripe","expires":$((T + 86400))},
 {"asn":"AS64496","prefix":"192.0.2.128/25","maxLength":25,"ta":"ripe","expires":$((T + 86400))},
 {"asn":"AS64497","prefix":"198.51.100.0/24","maxLength":24,"ta":"arin","expires":$((T + 86400))}]}
EOF
# After: 192.0.2.128/25 and 198.51.100.0/24 gone; the /25 left expires in
# an hour of the last update (T+100), the /24 in three.
cat >"$tmp/b.json" <<EOF
{"roas":[
 {"asn":"AS64496","prefix":"192.0.2.0/24","maxLength":24,"ta":"ripe","expires":$((T + 100 + 3 * 3600))},
 {"asn":"AS64496","prefix":"192.0.2.0/25","maxLength":25,"ta":"ripe","expires":$((T + 100 + 3600))}]}
EOF
for t in 0 50 100; do
	printf '{"type":"ris_message","data":{"timestamp":%s,"peer":"203.0.113.1","peer_asn":"65001","host":"rrc00","type":"UPDATE","path":[65001,3356,64496],"origin":"IGP","announcements":[{"next_hop":"203.0.113.1","prefixes":["192.0.2.0/24"]}],"withdrawals":[]}}\n' $((T + t))
done >"$tmp/ris.jsonl"

# check OUT WANT...: the roa alerts (key code) are exactly WANT.
check() {
	out=$1
	shift
	python3 - "$out" "$@" <<'PY'
import json, sys
got = sorted((a["key"], a["code"]) for a in map(json.loads, open(sys.argv[1]))
             if a["type"] == "roa" and a["state"] == "open")
want = sorted(tuple(w.split(" ")) for w in sys.argv[2:])
if got != want:
    sys.exit("got %s, want %s" % (got, want))
PY
}

"$MANRS" monitor --prefixes "$tmp/prefixes.yml" --vrps "$tmp/a.json" --vrps-next "$tmp/b.json" \
	--json --ris "$tmp/ris.jsonl" >"$tmp/mon.jsonl" 2>"$tmp/err" || fail "monitored: exit $?: $(cat "$tmp/err")"
check "$tmp/mon.jsonl" "roa|192.0.2.128/25|64496 R|roa-gone" \
	"roa|192.0.2.0/25|64496 R|roa-expiring" || fail "monitored mode"
grep -q 'roa: 4 -> 2 VRPs at the end of the data: 1 ROAs gone, 1 expiring within 2 h' "$tmp/err" ||
	fail "summary line: $(cat "$tmp/err")"
grep -q 'expires in 1h00m' "$tmp/mon.jsonl" || fail "expiry text: $(cat "$tmp/mon.jsonl")"

"$MANRS" monitor --vrps "$tmp/a.json" --vrps-next "$tmp/b.json" --json \
	--ris "$tmp/ris.jsonl" >"$tmp/glob.jsonl" 2>"$tmp/err" || fail "global: exit $?: $(cat "$tmp/err")"
check "$tmp/glob.jsonl" "roa|192.0.2.128/25|64496 R|roa-gone" "roa|198.51.100.0/24|64497 R|roa-gone" \
	"roa|192.0.2.0/25|64496 R|roa-expiring" || fail "global mode"

"$MANRS" monitor --prefixes "$tmp/prefixes.yml" --config "$tmp/config.yml" --vrps "$tmp/a.json" \
	--vrps-next "$tmp/b.json" --json --ris "$tmp/ris.jsonl" >"$tmp/cfg.jsonl" 2>"$tmp/err" ||
	fail "config: exit $?: $(cat "$tmp/err")"
check "$tmp/cfg.jsonl" "roa|192.0.2.128/25|64496 R|roa-gone" || fail "enableExpirationAlerts: false"

# The same files in the other order: nothing gone, so the ROAs that came
# back are no alert at all (no earlier one to resolve).
"$MANRS" monitor --prefixes "$tmp/prefixes.yml" --vrps "$tmp/b.json" --vrps-next "$tmp/a.json" \
	--json --ris "$tmp/ris.jsonl" >"$tmp/rev.jsonl" 2>"$tmp/err" || fail "reverse: exit $?"
check "$tmp/rev.jsonl" || fail "reverse order"

"$MANRS" monitor --vrps-next "$tmp/b.json" --ris "$tmp/ris.jsonl" >/dev/null 2>&1
[ $? -eq 2 ] || fail "--vrps-next without --vrps: want exit 2"
"$MANRS" monitor --vrps "$tmp/a.json" --vrps-next "$tmp/missing.json" --ris "$tmp/ris.jsonl" \
	>/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q missing.json "$tmp/err" || fail "unreadable --vrps-next: want exit 1 naming it"
echo "ok: monitor roa channel (gone, expiring, global, config, usage)"
