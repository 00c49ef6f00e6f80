#!/bin/bash
# SPDX-License-Identifier: ISC
# Interop: 'manrs fetch' against a real nginx (Debian) and a faulty server of
# our own. nginx: every kind (VRP JSON, RPSL, MRT, PeeringDB, as-rel) from the
# lab and from ../shared/data is fetched (200), fetched again (304 by ETag,
# then by If-Modified-Since alone), checked against SHA256SUMS; a changed file
# is fetched again. Faulty server: a 500, a body cut short (then resumed with
# Range/If-Range), a server slower than --timeout, a shrunken file and a
# corrupt file each keep the last good copy, name the source and its URL and
# exit 1. Staleness: exit 1 and a log line. Env: MANRS, SHARED. Ports 19601-19602.
set -u
[ -x "${MANRS:-}" ] || { echo "skip: MANRS binary not built"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 not installed"; exit 77; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "skip: nginx not installed"; exit 77; }
SHARED=${SHARED:-$(cd "$(dirname "$0")/../../.." && pwd)/shared}
NPORT=19601
FPORT=19602

T=$(mktemp -d /tmp/fetch_http.XXXXXX)
chmod 755 "$T"
NPID=""
FPID=""
cleanup() {
	for p in $NPID $FPID; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- last stderr:"; cat "$T/err" 2>/dev/null; exit 1; }
pass=0
ok() { pass=$((pass + 1)); }

mkdir -p "$T/www" "$T/faulty" "$T/out" "$T/nginx/tmp"
"$MANRS" lab generate "$T/lab" --seed 1 >/dev/null 2>&1 || fail "lab generate"
cp "$T/lab/vrps.json" "$T/lab/irr.db" "$T/lab/as-rel.txt" "$T/lab/updates.mrt" "$T/www/"
chmod 644 "$T/www/"*

cat >"$T/nginx/nginx.conf" <<CONF
worker_processes 1;
error_log $T/nginx/error.log;
pid $T/nginx/nginx.pid;
events { worker_connections 64; }
http {
	access_log $T/nginx/access.log;
	client_body_temp_path $T/nginx/tmp/body;
	proxy_temp_path $T/nginx/tmp/proxy;
	fastcgi_temp_path $T/nginx/tmp/fastcgi;
	uwsgi_temp_path $T/nginx/tmp/uwsgi;
	scgi_temp_path $T/nginx/tmp/scgi;
	default_type application/octet-stream;
	server {
		listen 127.0.0.1:$NPORT;
		root $T/www;
	}
}
CONF
"$NGINX" -c "$T/nginx/nginx.conf" -p "$T/nginx" -g 'daemon off;' 2>"$T/nginx/stderr" &
NPID=$!
python3 "$(dirname "$0")/fetch_faulty_server.py" "$FPORT" "$T/faulty" "$T/faulty.log" &
FPID=$!
up() { timeout 1 bash -c "echo >/dev/tcp/127.0.0.1/$1" 2>/dev/null; }
for _ in $(seq 50); do up $NPORT && up $FPORT && break; sleep 0.1; done
up $NPORT || fail "nginx did not start: $(cat "$T/nginx/stderr" "$T/nginx/error.log" 2>/dev/null)"
up $FPORT || fail "faulty server did not start"

N="http://127.0.0.1:$NPORT"
F="http://127.0.0.1:$FPORT"
# fetch ARGS...: run manrs fetch (bounded), stdout to $T/out.txt, stderr to $T/err
fetch() { timeout 60 "$MANRS" fetch "$@" >"$T/out.txt" 2>"$T/err"; }
json_field() { python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).readline())[sys.argv[2]])" "$T/out.txt" "$1"; }

# 1. every kind from the lab over nginx: 200, then 304
for k in "vrps vrps.json" "irr irr.db" "asrel as-rel.txt" "mrt updates.mrt"; do
	set -- $k
	fetch --url "$N/$2" --out "$T/out/$2" --kind "$1" --json || fail "$1: first fetch"
	[ "$(json_field result)" = updated ] && [ "$(json_field http_status)" = 200 ] || fail "$1: not updated: $(cat "$T/out.txt")"
	cmp -s "$T/www/$2" "$T/out/$2" || fail "$1: copy differs"
	[ -s "$T/out/$2.fetch.json" ] || fail "$1: no state file"
	fetch --url "$N/$2" --out "$T/out/$2" --kind "$1" --json || fail "$1: second fetch"
	[ "$(json_field result)" = not-modified ] && [ "$(json_field http_status)" = 304 ] || fail "$1: no 304: $(cat "$T/out.txt")"
	ok
done

# 2. If-Modified-Since alone (no ETag remembered) also gives a 304
python3 - "$T/out/vrps.json.fetch.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); s.pop("etag", None); json.dump(s, open(sys.argv[1], "w"))
PY
fetch --url "$N/vrps.json" --out "$T/out/vrps.json" --kind vrps --json || fail "IMS fetch"
[ "$(json_field http_status)" = 304 ] || fail "If-Modified-Since gave no 304: $(cat "$T/out.txt")"
grep -q 'If-Modified-Since\|"GET /vrps.json HTTP/1.1" 304' "$T/nginx/access.log" || fail "nginx logged no 304"
ok

# 3. a changed file is fetched again; the wrong kind is refused
python3 - "$T/www/vrps.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["roas"].append({"asn": 64512, "prefix": "198.51.100.0/24", "maxLength": 24, "ta": "lab"})
json.dump(d, open(sys.argv[1], "w"))
PY
fetch --url "$N/vrps.json" --out "$T/out/vrps.json" --kind vrps --json || fail "changed file"
[ "$(json_field result)" = updated ] && cmp -s "$T/www/vrps.json" "$T/out/vrps.json" || fail "changed file not taken"
fetch --url "$N/irr.db" --out "$T/out/irr-as-vrps.json" --kind vrps && fail "RPSL accepted as VRPs"
[ ! -e "$T/out/irr-as-vrps.json" ] || fail "a bad first download left a file"
grep -q "irr-as-vrps.json ($N/irr.db)" "$T/err" || fail "error does not name source and URL: $(cat "$T/err")"
ok

# 3a. a partial file the server cannot continue (416 Range Not Satisfiable) is dropped
# and the fetch starts over in the same run
head -c 900000 /dev/zero >"$T/out/vrps.json.part"
python3 - "$T/out/vrps.json.fetch.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); s["part_url"] = s["url"]; s["part_etag"] = s["etag"]
json.dump(s, open(sys.argv[1], "w"))
PY
fetch --url "$N/vrps.json" --out "$T/out/vrps.json" --kind vrps --json || fail "416: $(cat "$T/out.txt")"
grep -q '"GET /vrps.json HTTP/1.1" 416' "$T/nginx/access.log" || fail "nginx sent no 416"
[ ! -e "$T/out/vrps.json.part" ] && cmp -s "$T/www/vrps.json" "$T/out/vrps.json" || fail "416: part kept or copy changed"
ok

# 3b. OUT a symlink (here to another file system when /dev/shm is one): the link stays,
# its target is replaced
R=$(mktemp -d /dev/shm/fetch_http.XXXXXX 2>/dev/null || mktemp -d "$T/real.XXXXXX")
ln -s "$R/v.json" "$T/out/link.json"
fetch --url "$N/vrps.json" --out "$T/out/link.json" --kind vrps
rc=$?
[ -L "$T/out/link.json" ] && cmp -s "$T/www/vrps.json" "$R/v.json" && [ ! -e "$T/out/link.json.part" ]
ok_link=$?
rm -rf "$R"
[ $rc = 0 ] && [ $ok_link = 0 ] || fail "symlinked out: rc $rc"
ok

# 4. published checksums (SHA256SUMS): a match is taken, a mismatch refused
(cd "$T/www" && sha256sum vrps.json as-rel.txt >SHA256SUMS)
rm -f "$T/out/sum.json" "$T/out/sum.json.fetch.json"
fetch --url "$N/vrps.json" --out "$T/out/sum.json" --kind vrps --sha256-url "$N/SHA256SUMS" || fail "checksum match refused: $(cat "$T/err")"
echo "0000000000000000000000000000000000000000000000000000000000000000  vrps.json" >"$T/www/SHA256SUMS"
rm -f "$T/out/sum.json.fetch.json"
cp "$T/out/sum.json" "$T/sum.good"
fetch --url "$N/vrps.json" --out "$T/out/sum.json" --kind vrps --sha256-url "$N/SHA256SUMS" && fail "checksum mismatch accepted"
grep -q "checksum mismatch" "$T/err" || fail "no checksum message: $(cat "$T/err")"
cmp -s "$T/sum.good" "$T/out/sum.json" || fail "checksum mismatch touched the copy"
ok

# 5. real data from ../shared/data, when present
if [ -d "$SHARED/data" ]; then
	r=$SHARED/data
	for k in "vrps rpki/rpkilog-rpki-client-2025-07-20/rpkiclient_summary_20250720T093135Z.json.bz2" \
		"asrel caida/as-rel-serial1-20161101/20161101.as-rel.txt.bz2" \
		"peeringdb peeringdb/papageno-2018-07/ix.json" \
		"peeringdb peeringdb/peeringdb-plus-2026-04/prod-net-page-1.json" \
		"irr irr/dn42-registry-2023-10-22/dn42-registry-all.rpsl" \
		"mrt mrt/dnas-tests/RRC1/rrc01.updates.20241001.0055.gz"; do
		set -- $k
		[ -f "$r/$2" ] || continue
		b=$(basename "$2")
		cp "$r/$2" "$T/www/$b" && chmod 644 "$T/www/$b"
		fetch --url "$N/$b" --out "$T/out/real-$b" --kind "$1" --json || fail "real $1 $b: $(cat "$T/err")"
		cmp -s "$r/$2" "$T/out/real-$b" || fail "real $b differs"
		fetch --url "$N/$b" --out "$T/out/real-$b" --kind "$1" --json || fail "real $b again"
		[ "$(json_field http_status)" = 304 ] || fail "real $b: no 304"
		echo "real $1: $b, $(json_field objects) objects"
	done
	ok
else
	echo "note: $SHARED/data absent; real-data part skipped"
fi

# 6. the faulty server: each failure keeps the last good copy, names source and URL, exits 1
cp "$T/lab/vrps.json" "$T/faulty/v.json"
good=$T/out/f.json
fetch --url "$F/good/v.json" --out "$good" --kind vrps --name labvrps || fail "faulty/good"
cp "$good" "$T/f.good"
for mode in status500 slow; do
	fetch --url "$F/$mode/v.json" --out "$good" --kind vrps --name labvrps --timeout 2 && fail "$mode: exit 0"
	grep -q "labvrps ($F/$mode/v.json)" "$T/err" || fail "$mode: error names no source/URL: $(cat "$T/err")"
	grep -q "keeping the last good copy" "$T/err" || fail "$mode: not said"
	cmp -s "$T/f.good" "$good" || fail "$mode: copy touched"
done
grep -q "HTTP status 500" <(fetch --url "$F/status500/v.json" --out "$good" --kind vrps; cat "$T/err") || fail "500 not named"
grep -q "timed out" <(fetch --url "$F/slow/v.json" --out "$good" --kind vrps --timeout 1; cat "$T/err") || fail "timeout not named"
ok

# 7. a body cut short (Content-Length larger than sent), then resumed
python3 - "$T/faulty/big.json" <<'PY'
import json, sys
roas = [{"asn": 64500 + i % 50, "prefix": "10.%d.%d.0/24" % (i // 256, i % 256), "maxLength": 24, "ta": "t"} for i in range(3000)]
json.dump({"roas": roas}, open(sys.argv[1], "w"))
PY
fetch --url "$F/truncate-once/big.json" --out "$T/out/big.json" --kind vrps --json && fail "truncated: exit 0"
grep -q "cut short" "$T/err" || fail "truncation not named: $(cat "$T/err")"
[ ! -e "$T/out/big.json" ] || fail "truncated body became the copy"
[ -s "$T/out/big.json.part" ] || fail "no partial file kept"
fetch --url "$F/truncate-once/big.json" --out "$T/out/big.json" --kind vrps --json || fail "resume: $(cat "$T/err")"
[ "$(json_field resumed)" = True ] && [ "$(json_field http_status)" = 206 ] || fail "not resumed: $(cat "$T/out.txt")"
cmp -s "$T/faulty/big.json" "$T/out/big.json" || fail "resumed file differs"
grep -q 'range=bytes=[0-9]*- if-range="' "$T/faulty.log" || fail "no Range/If-Range sent: $(cat "$T/faulty.log")"
[ ! -e "$T/out/big.json.part" ] || fail "partial file left"
ok

# 8. a shrunken file is refused (the last good copy stays), --force takes it
cp "$T/out/big.json" "$T/big.good"
python3 - "$T/faulty/big.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["roas"] = d["roas"][:100]; json.dump(d, open(sys.argv[1], "w"))
PY
fetch --url "$F/truncate-once/big.json" --out "$T/out/big.json" --kind vrps --name big && fail "shrunk: exit 0"
grep -q "big ($F/truncate-once/big.json): shrank suspiciously" "$T/err" || fail "shrink not named: $(cat "$T/err")"
cmp -s "$T/big.good" "$T/out/big.json" || fail "shrunk file replaced the copy"
fetch --url "$F/truncate-once/big.json" --out "$T/out/big.json" --kind vrps --force || fail "--force refused"
cmp -s "$T/faulty/big.json" "$T/out/big.json" || fail "--force did not take it"
ok

# 9. a corrupt file (cut mid-JSON, served whole) is refused
head -c 5000 "$T/lab/vrps.json" >"$T/faulty/v.json"
fetch --url "$F/good/v.json" --out "$good" --kind vrps --name labvrps && fail "corrupt: exit 0"
grep -q "labvrps ($F/good/v.json)" "$T/err" || fail "corrupt: not named: $(cat "$T/err")"
cmp -s "$T/f.good" "$good" || fail "corrupt file replaced the copy"
ok

# 10. staleness: content unchanged for longer than --max-age -> log line, exit 1
python3 - "$T/out/as-rel.txt.fetch.json" <<'PY'
import json, sys, time
s = json.load(open(sys.argv[1])); s["last_change"] = int(time.time()) - 7200; json.dump(s, open(sys.argv[1], "w"))
PY
fetch --url "$N/as-rel.txt" --out "$T/out/as-rel.txt" --kind asrel --max-age 1h --json && fail "stale: exit 0"
[ "$(json_field stale)" = True ] && [ "$(json_field http_status)" = 304 ] || fail "not stale: $(cat "$T/out.txt")"
grep -q "as-rel.txt ($N/as-rel.txt): stale: content last changed 7[0-9]* s ago (max-age 3600 s)" "$T/err" || fail "no stale line: $(cat "$T/err")"
fetch --url "$N/as-rel.txt" --out "$T/out/as-rel.txt" --kind asrel --max-age 3h || fail "fresh enough: exit 1"
ok

# 11. a config file: every source once, Prometheus text
cat >"$T/fetch.yml" <<YML
sources:
  - name: lab-vrps
    kind: vrps
    url: $N/vrps.json
    out: $T/out/c-vrps.json
    max-age: 1d
  - name: lab-irr
    kind: irr
    url: $N/irr.db
    out: $T/out/c-irr.db
    interval: 10m
YML
fetch --config "$T/fetch.yml" --once --metrics-file "$T/metrics.prom" || fail "config run: $(cat "$T/err")"
grep -q '^manrs_fetch_stale{source="lab-vrps"} 0$' "$T/metrics.prom" || fail "metrics: $(cat "$T/metrics.prom")"
grep -q '^manrs_fetch_runs_total{source="lab-irr",result="updated"} 1$' "$T/metrics.prom" || fail "metrics runs"
printf 'sources:\n  - name: x\n    kind: vrpz\n' >"$T/bad.yml"
timeout 10 "$MANRS" fetch --config "$T/bad.yml" --once 2>"$T/err"
[ $? = 2 ] && grep -q "bad.yml:3:11: kind" "$T/err" || fail "bad config: $(cat "$T/err")"
ok

# 12. without --once: each source runs when due (both at once here, then not for an
# hour), and SIGTERM ends the loop with exit 0
sed "s|c-vrps.json|l-vrps.json|; s|c-irr.db|l-irr.db|; s|interval: 10m|interval: 1h|" "$T/fetch.yml" >"$T/loop.yml"
timeout 60 "$MANRS" fetch --config "$T/loop.yml" --json >"$T/loop.out" 2>"$T/err" &
LP=$!
for _ in $(seq 200); do [ "$(wc -l <"$T/loop.out")" -ge 2 ] && break; sleep 0.1; done
kill -TERM $LP
wait $LP
rc=$?
[ $rc = 0 ] || fail "loop: exit $rc"
[ "$(grep -c '"result":"updated"' "$T/loop.out")" = 2 ] && [ "$(wc -l <"$T/loop.out")" = 2 ] || fail "loop runs: $(cat "$T/loop.out")"
ok

echo "fetch_http: $pass checks passed"
exit 0
