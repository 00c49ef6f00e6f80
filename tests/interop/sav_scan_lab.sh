#!/bin/sh
# SPDX-License-Identifier: ISC
# 'manrs sav scan' on the lab's traffic.pcap finds exactly the planted
# spoofed packets of spoofed.json (same frame numbers, ingress, sources and
# reasons) and nothing else, for several seeds and sizes; the same from
# gzip, bzip2, xz and zstd; a capture without the planted packets exits 0;
# a truncated one reports file and offset and prints its partial counts; a
# pcapng names its interface, which maps to a customer; tcpdump reads the
# lab's capture frame for frame. The lab's verdicts come from its own
# brute-force code (lib/lab/lab_traffic.c), not from lib/sav.
MANRS=${MANRS:-build/manrs}
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 not installed"; exit 77; }
[ -x "$MANRS" ] || { echo "skip: $MANRS not built"; exit 77; }
"$MANRS" sav scan --help >/dev/null 2>&1 || { echo "skip: 'manrs sav scan' not available"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

for args in "--seed 1" "--seed 3" "--seed 7 --ases 60" "--seed 2 --ases 1000"; do
	d="$tmp/lab"
	rm -rf "$d"
	# shellcheck disable=SC2086
	timeout 60 "$MANRS" lab generate "$d" $args -q || { echo "FAIL: lab generate $args"; exit 1; }
	timeout 30 "$MANRS" sav scan --filters "$d/sav-filters.json" --list --json "$d/traffic.pcap" \
		>"$tmp/scan.json" 2>"$tmp/scan.err"
	rc=$?
	[ $rc = 1 ] || { echo "FAIL: lab $args: exit $rc, want 1 (spoofed found)"; cat "$tmp/scan.err"; exit 1; }
	grep -q "unmapped" "$tmp/scan.err" || { echo "FAIL: lab $args: unmapped packets not said on stderr"; exit 1; }
	python3 - "$tmp/scan.json" "$d/spoofed.json" "$args" <<'PY' || exit 1
import json, sys
got, want, args = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
key = lambda p: (p["index"], p["ingress"], p["source"], p["reason"])
g = sorted(map(key, got["spoofed_packets"]))
w = sorted(map(key, want["spoofed"]))
if g != w:
    print(f"FAIL: lab {args}: scan and spoofed.json differ")
    print("  only in scan:", sorted(set(g) - set(w))[:10])
    print("  only in spoofed.json:", sorted(set(w) - set(g))[:10])
    sys.exit(1)
t = got["total"]
reasons = {}
for p in want["spoofed"]:
    reasons[p["reason"]] = reasons.get(p["reason"], 0) + 1
for r, field in (("foreign", "foreign"), ("other-customer", "other_customer"), ("bogon", "bogon"), ("martian", "martian")):
    if t[field] != reasons.get(r, 0):
        print(f"FAIL: lab {args}: {r}: {t[field]} counted, {reasons.get(r, 0)} planted"); sys.exit(1)
    if not reasons.get(r):
        print(f"FAIL: lab {args}: no {r} packet planted"); sys.exit(1)
if t["packets"] != want["packets"] or got["unmapped"]["packets"] != want["unmapped_packets"]:
    print(f"FAIL: lab {args}: packets {t['packets']} / unmapped {got['unmapped']['packets']}"); sys.exit(1)
if got["partial"] or t["malformed"]:
    print(f"FAIL: lab {args}: partial or malformed"); sys.exit(1)
print(f"ok: lab {args}: {len(g)} spoofed packets of {t['packets']} found exactly ({reasons})")
PY
done

# Compressed captures give the same counts.
d="$tmp/lab"
"$MANRS" sav scan --filters "$d/sav-filters.json" --json "$d/traffic.pcap" 2>/dev/null |
	sed 's/"file":"[^"]*"//' >"$tmp/plain.json"
for z in gzip bzip2 xz zstd; do
	command -v $z >/dev/null 2>&1 || continue
	$z -c "$d/traffic.pcap" >"$tmp/traffic.pcap.$z"
	"$MANRS" sav scan --filters "$d/sav-filters.json" --json "$tmp/traffic.pcap.$z" 2>/dev/null |
		sed 's/"file":"[^"]*"//' >"$tmp/$z.json"
	cmp -s "$tmp/plain.json" "$tmp/$z.json" || { echo "FAIL: $z capture counts differ"; exit 1; }
done
$z -c "$d/traffic.pcap" | "$MANRS" sav scan --filters "$d/sav-filters.json" --json - 2>/dev/null |
	sed 's/"file":"[^"]*"//' >"$tmp/stdin.json"
cmp -s "$tmp/plain.json" "$tmp/stdin.json" || { echo "FAIL: capture on stdin counts differ"; exit 1; }
echo "ok: gzip, bzip2, xz, zstd and stdin captures count the same"

# Helpers: the capture without its spoofed packets, cut short, as pcapng.
python3 - "$d" "$tmp" <<'PY' || exit 1
import json, struct, sys
d, tmp = sys.argv[1], sys.argv[2]
raw = open(f"{d}/traffic.pcap", "rb").read()
spoofed = {p["index"] for p in json.load(open(f"{d}/spoofed.json"))["spoofed"]}
recs, off = [], 24
while off < len(raw):
    caplen = struct.unpack_from("<I", raw, off + 8)[0]
    recs.append(raw[off:off + 16 + caplen])
    off += 16 + caplen
open(f"{tmp}/clean.pcap", "wb").write(raw[:24] + b"".join(r for i, r in enumerate(recs, 1) if i not in spoofed))
cut = 24 + sum(map(len, recs[:100])) + 10  # ten bytes into record 101's header
open(f"{tmp}/cut.pcap", "wb").write(raw[:cut])
open(f"{tmp}/cut.offset", "w").write(str(cut - 10))
def block(t, body):
    body += b"\0" * (-len(body) % 4)
    return struct.pack("<II", t, len(body) + 12) + body + struct.pack("<I", len(body) + 12)
name = b"eth2"
opts = struct.pack("<HH", 2, len(name)) + name + b"\0" * (-len(name) % 4) + struct.pack("<HH", 0, 0)
shb = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
idb = block(1, struct.pack("<HHI", 1, 0, 65535) + opts)
epbs = b""
for r in recs:
    sec, usec, caplen, wire = struct.unpack_from("<IIII", r)
    ts = sec * 1000000 + usec
    epbs += block(6, struct.pack("<IIIII", 0, ts >> 32, ts & 0xffffffff, caplen, wire) + r[16:])
open(f"{tmp}/traffic.pcapng", "wb").write(shb + idb + epbs)
# the same with a second interface described before the packets
open(f"{tmp}/two.pcapng", "wb").write(shb + idb + idb + epbs)
f = json.load(open(f"{d}/sav-filters.json"))
for c in f["customers"]:
    c.pop("vlan", None); c.pop("mac", None)
json.dump(f, open(f"{tmp}/byif.json", "w"))
PY

"$MANRS" sav scan --filters "$d/sav-filters.json" "$tmp/clean.pcap" >"$tmp/clean.out" 2>&1
rc=$?
[ $rc = 0 ] || { echo "FAIL: capture without spoofed packets: exit $rc, want 0"; cat "$tmp/clean.out"; exit 1; }
grep -q "^0 packets with a spoofed source" "$tmp/clean.out" || { echo "FAIL: clean capture summary"; cat "$tmp/clean.out"; exit 1; }
echo "ok: the capture without the planted packets exits 0"

"$MANRS" sav scan --filters "$d/sav-filters.json" "$tmp/cut.pcap" >"$tmp/cut.out" 2>"$tmp/cut.err"
rc=$?
off=$(cat "$tmp/cut.offset")
[ $rc = 1 ] || { echo "FAIL: truncated capture: exit $rc, want 1"; exit 1; }
grep -q "cut.pcap: offset $off: .*after packet 100" "$tmp/cut.err" ||
	{ echo "FAIL: truncated capture: no file and offset $off in:"; cat "$tmp/cut.err"; exit 1; }
grep -q "100 packets (PARTIAL" "$tmp/cut.out" || { echo "FAIL: partial counts not printed"; cat "$tmp/cut.out"; exit 1; }
"$MANRS" sav scan --json "$tmp/cut.pcap" 2>/dev/null | grep -q '"partial":true' ||
	{ echo "FAIL: --json does not say partial"; exit 1; }
gzip -c "$d/traffic.pcap" | head -c 3000 >"$tmp/cut.pcap.gz"
"$MANRS" sav scan "$tmp/cut.pcap.gz" >"$tmp/cut.out" 2>"$tmp/cut.err"
[ $? = 1 ] && grep -q "cut.pcap.gz: offset 3000: gzip data corrupt or truncated.*counts are partial" \
	"$tmp/cut.err" && grep -q "PARTIAL" "$tmp/cut.out" ||
	{ echo "FAIL: truncated gzip capture:"; cat "$tmp/cut.err"; exit 1; }
echo "ok: a truncated capture names file and offset $off and prints 100 packets as partial (gzip too)"

"$MANRS" sav scan --filters "$tmp/byif.json" --json "$tmp/traffic.pcapng" >"$tmp/ng.json" 2>"$tmp/ng.err"
python3 - "$tmp/ng.json" "$tmp/plain.json" <<'PY' || { cat "$tmp/ng.err"; exit 1; }
import json, sys
ng = json.load(open(sys.argv[1]))
by = {c["name"]: c["packets"] for c in ng["ingress"]}
eth2 = [c for c in ng["ingress"] if c["packets"]]
if len(eth2) != 1 or eth2[0]["packets"] != ng["total"]["packets"] or ng["unmapped"]["packets"]:
    print("FAIL: pcapng interface eth2 did not map every packet to one customer:", by); sys.exit(1)
print(f"ok: pcapng: interface eth2 maps all {ng['total']['packets']} packets to {eth2[0]['name']}")
PY

"$MANRS" sav scan --filters "$tmp/byif.json" "$tmp/two.pcapng" >/dev/null 2>"$tmp/two.err"
grep -q "two.pcapng: 2 capture interfaces; libpcap does not say" "$tmp/two.err" &&
	grep -q "284 of 284 packets came in on no known customer" "$tmp/two.err" ||
	{ echo "FAIL: a two-interface pcapng is not said to be unmapped:"; cat "$tmp/two.err"; exit 1; }
"$MANRS" sav scan --filters "$tmp/byif.json" --interface eth1 --json "$tmp/two.pcapng" 2>/dev/null |
	grep -q '"unmapped":{"packets":0,' || { echo "FAIL: --interface eth1 on a two-interface pcapng"; exit 1; }
echo "ok: a pcapng with two interfaces is said unmapped, and --interface names it"

# Bad input and usage.
printf 'hello, not a capture\n' >"$tmp/text.pcap"
"$MANRS" sav scan "$tmp/text.pcap" >/dev/null 2>"$tmp/err"
[ $? = 1 ] && grep -q "text.pcap: not a pcap or pcapng capture" "$tmp/err" ||
	{ echo "FAIL: not a capture:"; cat "$tmp/err"; exit 1; }
printf 'vlan:101 nobody\n' >"$tmp/bad.map"
"$MANRS" sav scan --filters "$d/sav-filters.json" --map "$tmp/bad.map" "$d/traffic.pcap" >/dev/null 2>"$tmp/err"
[ $? = 1 ] && grep -q "bad.map:1: no customer" "$tmp/err" || { echo "FAIL: bad map:"; cat "$tmp/err"; exit 1; }
"$MANRS" sav scan >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: no file is not a usage error"; exit 1; }
"$MANRS" sav scan --top x "$d/traffic.pcap" >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: --top x is not a usage error"; exit 1; }
echo "ok: bad captures, bad maps and usage errors"

# The filters 'manrs sav' computes from the lab's sav.yml (with sav-map.txt
# for the ingress): EFP-uRPF algorithm A and BAR-SAV let every customer's
# legitimate packets through, so they find exactly the planted packets;
# strict uRPF (what the router's own RIB selects over each interface) also
# flags legitimate traffic of multihomed customers as another customer's.
d="$tmp/lab1"
"$MANRS" lab generate "$d" --seed 1 -q
if [ -r "$d/sav.yml" ] && [ -r "$d/sav-rib.mrt" ] &&
	"$MANRS" sav --config "$d/sav.yml" --rib "$d/sav-rib.mrt" --json >"$tmp/efp.json" 2>/dev/null; then
	for m in efp-a bar-sav strict; do
		"$MANRS" sav --config "$d/sav.yml" --rib "$d/sav-rib.mrt" --rpki "$d/vrps.json" \
			--as-rel "$d/as-rel.txt" --method $m --json >"$tmp/$m.json" 2>"$tmp/$m.err" ||
			{ echo "FAIL: manrs sav --method $m:"; cat "$tmp/$m.err"; exit 1; }
		"$MANRS" sav scan --filters "$tmp/$m.json" --map "$d/sav-map.txt" --list --json \
			"$d/traffic.pcap" >"$tmp/scan-$m.json" 2>/dev/null
	done
	python3 - "$tmp" "$d/spoofed.json" <<'PY' || exit 1
import json, sys
tmp, truth = sys.argv[1], json.load(open(sys.argv[2]))
key = lambda p: (p["index"], p["source"], p["reason"])
want = sorted(map(key, truth["spoofed"]))
for m in ("efp-a", "bar-sav"):
    got = sorted(map(key, json.load(open(f"{tmp}/scan-{m}.json"))["spoofed_packets"]))
    if got != want:
        print(f"FAIL: filters of method {m}: {len(got)} spoofed packets, {len(want)} planted")
        print("  only found:", sorted(set(got) - set(want))[:5], "missed:", sorted(set(want) - set(got))[:5])
        sys.exit(1)
strict = json.load(open(f"{tmp}/scan-strict.json"))
extra = set(map(key, strict["spoofed_packets"])) - set(want)
if not set(want) <= set(map(key, strict["spoofed_packets"])) or not extra:
    print("FAIL: strict uRPF filters should flag the planted packets and some legitimate ones"); sys.exit(1)
print(f"ok: manrs sav filters: efp-a and bar-sav find exactly the {len(want)} planted packets; "
      f"strict uRPF also flags {len(extra)} legitimate ones (multihomed customers)")
PY
else
	echo "note: 'manrs sav' filters or the lab's sav.yml not available; methods not compared"
fi

if command -v tcpdump >/dev/null 2>&1; then
	n=$(tcpdump -nn -r "$d/traffic.pcap" 2>/dev/null | wc -l)
	want=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["packets"])' "$d/spoofed.json")
	[ "$n" = "$want" ] || { echo "FAIL: tcpdump reads $n frames of traffic.pcap, want $want"; exit 1; }
	tcpdump -nn -e -r "$d/traffic.pcap" 2>/dev/null | grep -q "ethertype 802.1Q-QinQ" ||
		{ echo "FAIL: tcpdump sees no QinQ frame in traffic.pcap"; exit 1; }
	echo "ok: tcpdump reads the $n frames of traffic.pcap (QinQ included)"
else
	echo "note: tcpdump not installed; its cross-read skipped"
fi
exit 0
