#!/bin/bash
# SPDX-License-Identifier: ISC
# Interop: 'manrs irr serve' answers Debian's bgpq4 and bgpq3 (and whois(1))
# on loopback. The expected ASNs and prefixes come from an independent RPSL
# reader in Python over the same files, not from manrs. Covers bgpq4's !a
# path (-4/-6, -A), its classic !i/!g path (-f, -t, -S, -L) and bgpq3's,
# plus SIGHUP reload with a client that stays connected.
# Env: MANRS (binary), SHARED (../shared). Ports 18400-18409.
set -u
command -v bgpq4 >/dev/null || { echo "skip: bgpq4 not installed"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 not installed"; exit 77; }
[ -x "${MANRS:-}" ] || { echo "skip: MANRS binary not built"; exit 77; }
SHARED=${SHARED:-../shared}
GEN=$SHARED/tools/gen_rpsl.py
DN42=$SHARED/data/irr/dn42-registry-2023-10-22/dn42-registry-all.rpsl
[ -f "$GEN" ] || { echo "skip: $GEN absent"; exit 77; }

T=$(mktemp -d /tmp/irr_serve_bgpq.XXXXXX)
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

timeout 60 python3 "$GEN" 3000 "$T/gen.db" || fail "gen_rpsl.py"

# Independent expectation: members/mp-members closure and routes per origin.
cat >"$T/expect.py" <<'EOF'
import sys, re, ipaddress
def objects(path):
    obj, last = [], None
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\r\n")
        if not line.strip():
            if obj: yield obj
            obj, last = [], None; continue
        if line[0] in "%#": continue
        if line[0] in " \t+":
            if obj: obj[-1][1] += " " + line[1:].split("#")[0].strip()
            continue
        k, _, v = line.partition(":")
        obj.append([k.strip().lower(), v.split("#")[0].strip()])
    if obj: yield obj
sets, routes = {}, {}
for path in sys.argv[3:]:
    for o in objects(path):
        cls, key = o[0]
        if cls == "as-set":
            m = sets.setdefault(key.upper(), [])
            for k, v in o:
                if k in ("members", "mp-members"):
                    m += [x.upper() for x in re.split(r"[,\s]+", v) if x]
        elif cls in ("route", "route6"):
            org = [v for k, v in o if k == "origin"]
            try: net = ipaddress.ip_network(key, strict=True)
            except ValueError: continue
            if org: routes.setdefault(org[0].upper(), set()).add(net)
def expand(name):
    seen, out, todo = set(), set(), [name.upper()]
    while todo:
        n = todo.pop()
        if n in seen: continue
        seen.add(n)
        for m in sets.get(n, []):
            if re.fullmatch(r"AS\d+", m): out.add(int(m[2:]))
            else: todo.append(m)
    return out
what, name = sys.argv[1], sys.argv[2]
asns = expand(name)
if what == "asns":
    print("\n".join(str(a) for a in sorted(asns)))
else:
    fam = 4 if what == "v4" else 6
    nets = set()
    for a in asns:
        nets |= {n for n in routes.get("AS%d" % a, ()) if n.version == fam}
    for n in sorted(nets): print(n)
EOF
expect() { timeout 60 python3 "$T/expect.py" "$@"; }

# command line: help 0, usage errors 2, unreadable input 1
$MANRS irr serve --help >/dev/null || fail "irr serve --help"
$MANRS irr load -h >/dev/null || fail "irr load -h"
$MANRS irr serve 2>/dev/null; [ $? = 2 ] || fail "irr serve without files: want exit 2"
$MANRS irr load --bogus x 2>/dev/null; [ $? = 2 ] || fail "irr load --bogus: want exit 2"
$MANRS irr load -q "$T/does-not-exist" 2>/dev/null; [ $? = 1 ] || fail "irr load missing file: want exit 1"
timeout 10 $MANRS irr serve -q -l 127.0.0.1:18408 "$T/does-not-exist" 2>/dev/null; [ $? = 1 ] || fail "irr serve missing file: want exit 1"
timeout 10 $MANRS irr serve -q -l 999.1.1.1:1 "$T/gen.db" 2>/dev/null; [ $? = 1 ] || fail "irr serve bad address: want exit 1"

PORT=18400
H=127.0.0.1:$PORT
FILES="$T/gen.db"
[ -f "$DN42" ] && FILES="$FILES $DN42"
$MANRS irr serve -q -l $H --check-interval 0 $FILES 2>"$T/serve.log" &
PIDS="$PIDS $!"
for i in $(seq 1 100); do
	(exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break
	sleep 0.1
done
(exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null || { cat "$T/serve.log"; fail "server did not start"; }

checks=0
same() { # label expected-file actual-file
	grep -v "^$" "$2" | sort -u >"$2.s"; grep -v "^$" "$3" | sort -u >"$3.s"
	cmp -s "$2.s" "$3.s" || { diff "$2.s" "$3.s" | head -10; fail "$1: differs"; }
	[ -s "$2.s" ] || fail "$1: empty expectation"
	checks=$((checks + 1))
}
B4="timeout 60 bgpq4 -h $H"

# bgpq4's !a path (one query per family)
expect v4 AS-TOP $FILES >"$T/e4"
$B4 -4 -F '%n/%l\n' AS-TOP >"$T/a4" || fail "bgpq4 -4"
same "bgpq4 -4 AS-TOP (!a)" "$T/e4" "$T/a4"
expect v6 AS-TOP $FILES >"$T/e6"
$B4 -6 -F '%n/%l\n' AS-TOP >"$T/a6" || fail "bgpq4 -6"
same "bgpq4 -6 AS-TOP (!a)" "$T/e6" "$T/a6"
# a set nested in another, a plain ASN, and -A (aggregation is client side)
expect v4 AS-SMALL $FILES >"$T/es"
$B4 -4 -F '%n/%l\n' AS-SMALL >"$T/as" || fail "bgpq4 AS-SMALL"
same "bgpq4 -4 AS-SMALL" "$T/es" "$T/as"
$B4 -4 -A -l X AS-TOP >"$T/agg" || fail "bgpq4 -A"
[ "$(grep -c permit "$T/agg")" -gt 0 ] && [ "$(grep -c permit "$T/agg")" -le "$(wc -l <"$T/e4")" ] ||
	fail "bgpq4 -A: unexpected line count"
checks=$((checks + 1))

# bgpq4's classic path: !i...,1 then !g/!6 per ASN (-t and -f send no !a probe)
expect asns AS-TOP $FILES >"$T/ea"
$B4 -j -t -l X AS-TOP | python3 -c 'import json,sys; print("\n".join(str(a) for a in json.load(sys.stdin)["X"]))' >"$T/aa" ||
	fail "bgpq4 -t"
same "bgpq4 -j -t AS-TOP (!i,1)" "$T/ea" "$T/aa"
$B4 -f 64500 -l X AS-SMALL >"$T/f" || fail "bgpq4 -f"
$B4 -G 64500 -l X AS-SMALL >"$T/g" || fail "bgpq4 -G"
$B4 -T -f 64500 -l X AS-SMALL >"$T/ft" || fail "bgpq4 -T -f (no pipelining)"
for a in $(expect asns AS-SMALL $FILES); do
	grep -q "$a" "$T/f" || fail "bgpq4 -f: AS$a missing"
	grep -q "$a" "$T/g" || fail "bgpq4 -G: AS$a missing"
done
cmp -s "$T/f" "$T/ft" || fail "bgpq4 -T -f differs from pipelined -f"
checks=$((checks + 1))
# -S: source selection (!s), known and unknown
$B4 -S TEST -4 -F '%n/%l\n' AS-SMALL >"$T/st" || fail "bgpq4 -S TEST"
same "bgpq4 -S TEST" "$T/es" "$T/st"
$B4 -S NOSUCH -4 -F '%n/%l\n' AS-SMALL >"$T/sn" 2>/dev/null
[ -s "$T/sn" ] && fail "bgpq4 -S NOSUCH returned prefixes"
checks=$((checks + 1))
# -L: client-side recursion with non-recursive !i. AS-TOP holds only sets,
# so depth 1 gives nothing; depth 2 a subset; unlimited depth everything.
$B4 -L 1 -4 -F '%n/%l\n' AS-TOP >"$T/l1" || fail "bgpq4 -L 1"
[ -s "$T/l1" ] && fail "bgpq4 -L 1 AS-TOP: expected nothing"
$B4 -L 2 -4 -F '%n/%l\n' AS-TOP | sort -u >"$T/l2" || fail "bgpq4 -L 2"
[ -s "$T/l2" ] && [ -z "$(comm -23 "$T/l2" "$T/e4.s")" ] || fail "bgpq4 -L 2 is not a subset"
$B4 -L 99 -4 -F '%n/%l\n' AS-TOP >"$T/l99" || fail "bgpq4 -L 99"
same "bgpq4 -L 99 AS-TOP (client recursion)" "$T/e4" "$T/l99"
checks=$((checks + 1))

# many clients at once: 8 bgpq4 in parallel (4 with !a, 4 classic) all get
# the full answer
par=""
for i in 1 2 3 4; do
	$B4 -4 -F '%n/%l\n' AS-TOP >"$T/par_a$i" &
	par="$par $!"
	$B4 -j -t -l X AS-TOP >"$T/par_t$i" &
	par="$par $!"
done
for p in $par; do wait "$p" || fail "parallel bgpq4 failed"; done
for i in 1 2 3 4; do
	same "parallel bgpq4 -4 #$i" "$T/e4" "$T/par_a$i"
	python3 -c 'import json,sys; print("\n".join(str(a) for a in json.load(sys.stdin)["X"]))' <"$T/par_t$i" >"$T/par_ta$i"
	same "parallel bgpq4 -t #$i" "$T/ea" "$T/par_ta$i"
done

# 300 raw clients at once, pipelining three queries each, reading only
# after all have sent: every one gets both answers and the close
timeout 60 python3 - "$PORT" <<'PY' || fail "300 concurrent clients"
import socket, sys, time, selectors
port, n = int(sys.argv[1]), 300
socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
for s in socks:
    s.sendall(b"!!\n!iAS-SMALL,1\n!iAS-NOTHERE\n!q\n")
    s.setblocking(False)
sel, bufs, done, t = selectors.DefaultSelector(), {}, 0, time.time()
for s in socks:
    sel.register(s, selectors.EVENT_READ); bufs[s] = b""
while done < n and time.time() - t < 40:
    for k, _ in sel.select(1):
        d = k.fileobj.recv(65536)
        if d: bufs[k.fileobj] += d
        else: sel.unregister(k.fileobj); done += 1
good = sum(1 for b in bufs.values() if b.startswith(b"A") and b.endswith(b"\nC\nD\n"))
print("concurrent clients: %d closed, %d complete" % (done, good))
sys.exit(0 if done == n and good == n else 1)
PY
checks=$((checks + 1))

# bgpq3: the classic dialogue only
if command -v bgpq3 >/dev/null; then
	timeout 60 bgpq3 -h $H -4 -F '%n/%l\n' AS-TOP >"$T/b3" || fail "bgpq3 -4"
	same "bgpq3 -4 AS-TOP" "$T/e4" "$T/b3"
	timeout 60 bgpq3 -h $H -6 -F '%n/%l\n' AS-TOP >"$T/b36" || fail "bgpq3 -6"
	same "bgpq3 -6 AS-TOP" "$T/e6" "$T/b36"
	timeout 60 bgpq3 -h $H -J -l X AS-SMALL >"$T/b3j" || fail "bgpq3 -J"
	grep -q "prefix-list X" "$T/b3j" && grep -q "31.178.208.0/22;" "$T/b3j" || fail "bgpq3 -J: no prefix-list"
	checks=$((checks + 1))
fi

# DN42 (real registry): private/4-byte ASNs need -p on the classic path
if [ -f "$DN42" ]; then
	for set in AS-NETRAVNEN:AS-DOWNSTREAM AS-FREIFUNK AS-NEO AS-MAGICNEKO; do
		grep -qi "^as-set: *$set\$" "$DN42" || continue
		expect v4 "$set" $FILES >"$T/d4"
		[ -s "$T/d4" ] || continue
		$B4 -p -4 -F '%n/%l\n' "$set" >"$T/dn4" || fail "bgpq4 DN42 $set"
		same "bgpq4 -4 $set (DN42, !a)" "$T/d4" "$T/dn4"
		$B4 -p -t -j -l X "$set" | python3 -c 'import json,sys; print("\n".join(str(a) for a in json.load(sys.stdin)["X"]))' >"$T/dna"
		expect asns "$set" $FILES >"$T/dea"
		same "bgpq4 -t $set (DN42, !i,1)" "$T/dea" "$T/dna"
	done
fi

# whois(1): one non-persistent query each, IRRd framing
if command -v whois >/dev/null; then
	asn=$(expect asns AS-SMALL $T/gen.db | sed -n 1p)
	want=$(python3 - "$T/gen.db" "$asn" <<'EOF'
import sys, re
pf = []
for blk in open(sys.argv[1]).read().split("\n\n"):
    if blk.startswith("route:") and re.search(r"^origin:\s+AS%s$" % sys.argv[2], blk, re.M):
        pf.append(blk.split()[1])
import ipaddress
pf = sorted(set(pf), key=lambda p: ipaddress.ip_network(p))
s = " ".join(pf)
print("A%d\n%s\nC" % (len(s) + 1, s))
EOF
)
	got=$(timeout 10 whois -h 127.0.0.1 -p $PORT "!gAS$asn")
	[ "$got" = "$want" ] || { echo "want: $want"; echo "got: $got"; fail "whois !g framing"; }
	got=$(timeout 10 whois -h 127.0.0.1 -p $PORT '!a')
	[ "$got" = "F Missing required set name for A query" ] || fail "whois !a probe reply: $got"
	got=$(timeout 10 whois -h 127.0.0.1 -p $PORT -i origin "AS$asn" 2>/dev/null | grep -c "^route")
	[ "$got" -ge 1 ] || fail "whois -i origin"
	checks=$((checks + 1))
fi

# reload on SIGHUP: a connected persistent client keeps its connection and
# sees the new data
printf 'route: 203.0.113.0/24\norigin: AS64999\nsource: EXTRA\n' >"$T/extra.db"
PORT2=18401
$MANRS irr serve -q -l 127.0.0.1:$PORT2 --check-interval 0 "$T/extra.db" 2>>"$T/serve.log" &
SPID=$!
PIDS="$PIDS $SPID"
for i in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT2) 2>/dev/null && break; sleep 0.1; done
exec 3<>/dev/tcp/127.0.0.1/$PORT2 || fail "connect $PORT2"
printf '!!\n!gAS64999\n' >&3
read -r -t 5 l1 <&3; read -r -t 5 l2 <&3; read -r -t 5 l3 <&3
[ "$l2" = "203.0.113.0/24" ] || fail "before reload: got '$l1' '$l2'"
printf 'route: 203.0.113.0/24\norigin: AS64999\nsource: EXTRA\n\nroute: 198.51.100.0/24\norigin: AS64999\nsource: EXTRA\n' >"$T/extra.db"
kill -HUP $SPID
ok=0
for i in $(seq 1 50); do
	printf '!gAS64999\n' >&3
	read -r -t 5 l1 <&3; read -r -t 5 l2 <&3; read -r -t 5 l3 <&3
	[ "$l2" = "198.51.100.0/24 203.0.113.0/24" ] && { ok=1; break; }
	sleep 0.1
done
[ $ok = 1 ] || fail "after SIGHUP: still '$l2'"
printf '!q\n' >&3
exec 3<&-
checks=$((checks + 1))
kill -0 $SPID || fail "server died"

# stop the servers cleanly (SIGTERM) and look for sanitizer reports when
# the binary was built with them
for p in $PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
PIDS=""
if grep -q 'AddressSanitizer\|LeakSanitizer\|runtime error' "$T/serve.log"; then
	head -30 "$T/serve.log"; fail "sanitizer report from the server"
fi
echo "irr_serve_bgpq: $checks checks passed"
exit 0
