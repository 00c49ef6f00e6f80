#!/bin/bash
# SPDX-License-Identifier: ISC
# bench/fetch.sh - 'manrs fetch' against curl, both downloading the same
# files from the same local nginx (Debian): wall time, CPU and peak RSS of
#  1. a full download (curl -o; manrs also hashes, parses the file as its
#     kind and replaces the copy atomically),
#  2. the conditional re-check (curl --etag-compare; manrs: If-None-Match
#     and If-Modified-Since, a 304).
# Inputs: the real files of ../shared/data (VRPs 723k, dn42 RPSL, RIS MRT,
# CAIDA as-rel) and, with FETCH_FULL=1, an 800k-VRP gen_vrps.py JSON.
# Usage: bench/fetch.sh [BUILD]   (port 19690, in its own network namespace
# when run as root; runs each thing once, niced)
set -u
BUILD=${1:-build}
MANRS=${MANRS:-$(pwd)/$BUILD/manrs}
SHARED=${SHARED:-$(cd .. && pwd)/shared}
PORT=19690
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$MANRS" ] || { echo "bench/fetch: build $MANRS first"; exit 1; }
[ -x "$NGINX" ] || { echo "bench/fetch: nginx not installed, skipped"; exit 0; }
command -v curl >/dev/null || { echo "bench/fetch: curl not installed, skipped"; exit 0; }
[ -d "$SHARED/data" ] || { echo "bench/fetch: $SHARED/data absent, skipped"; exit 0; }
if [ "$(id -u)" = 0 ] && [ -z "${FETCH_BENCH_NS:-}" ] && command -v unshare >/dev/null; then
	exec unshare -n env FETCH_BENCH_NS=1 MANRS="$MANRS" SHARED="$SHARED" \
		bash -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi
T=$(mktemp -d /tmp/bench_fetch.XXXXXX)
chmod 755 "$T"
NPID=""
cleanup() { [ -n "$NPID" ] && kill "$NPID" 2>/dev/null && wait "$NPID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
TIME="/usr/bin/time -f %e:%M:%U:%S"
calc() { awk "BEGIN { printf \"%.4f\", $1 }"; }
# run LABEL CMD...: wall, cpu, peak RSS into W C R and printed
run() {
	local label=$1
	shift
	nice $TIME -o "$T/time" "$@" >"$T/stdout" 2>"$T/err" || { echo "  $label: FAILED"; tail -3 "$T/err"; return 1; }
	W=$(cut -d: -f1 "$T/time")
	R=$(calc "$(cut -d: -f2 "$T/time") / 1024")
	C=$(calc "$(cut -d: -f3 "$T/time") + $(cut -d: -f4 "$T/time")")
	printf '  %-34s %7.2f s wall %6.2f s cpu %8.1f MB\n' "$label" "$W" "$C" "$R"
}

mkdir -p "$T/www" "$T/out" "$T/nginx/tmp"
add() { [ -f "$2" ] && cp "$2" "$T/www/$(basename "$2")" && echo "$1 $(basename "$2")" >>"$T/list"; }
d=$SHARED/data
add vrps "$d/rpki/rpkilog-rpki-client-2025-07-20/rpkiclient_summary_20250720T093135Z.json.bz2"
add irr "$d/irr/dn42-registry-2023-10-22/dn42-registry-all.rpsl"
add mrt "$d/mrt/dnas-tests/RRC1/rrc01.updates.20241001.0055.gz"
add asrel "$d/caida/as-rel-serial1-20161101/20161101.as-rel.txt.bz2"
if [ "${FETCH_FULL:-0}" = 1 ] && [ -f "$SHARED/tools/gen_vrps.py" ]; then
	python3 "$SHARED/tools/gen_vrps.py" --count 800000 --aspa 2000 "$T/www/vrps-800k.json" >/dev/null &&
		echo "vrps vrps-800k.json" >>"$T/list"
fi
chmod 644 "$T/www/"*
cat >"$T/nginx/nginx.conf" <<CONF
worker_processes 1;
error_log $T/nginx/error.log;
pid $T/nginx/nginx.pid;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $T/nginx/tmp/body;
	proxy_temp_path $T/nginx/tmp/proxy;
	fastcgi_temp_path $T/nginx/tmp/fastcgi;
	uwsgi_temp_path $T/nginx/tmp/uwsgi;
	scgi_temp_path $T/nginx/tmp/scgi;
	default_type application/octet-stream;
	server { listen 127.0.0.1:$PORT; root $T/www; }
}
CONF
"$NGINX" -c "$T/nginx/nginx.conf" -p "$T/nginx" -g 'daemon off;' 2>"$T/nginx/stderr" &
NPID=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done

while read -r kind f; do
	size=$(stat -c %s "$T/www/$f")
	url="http://127.0.0.1:$PORT/$f"
	echo "== $f ($kind, $(calc "$size / 1048576") MB)"
	run "curl -o (download only)" curl -s -o "$T/out/curl-$f" --etag-save "$T/out/etag-$f" "$url"
	cw=$W cc=$C
	run "manrs fetch (download+check)" "$MANRS" fetch --url "$url" --out "$T/out/$f" --kind "$kind"
	echo "  ratio wall manrs/curl: $(calc "$W / ($cw + 0.0001)")  (manrs parses $(grep -o "[0-9]* objects" "$T/stdout"))"
	cmp -s "$T/www/$f" "$T/out/$f" || echo "  DIFFERENT COPY"
	run "curl --etag-compare (304)" curl -s -o "$T/out/curl2-$f" --etag-compare "$T/out/etag-$f" "$url"
	run "manrs fetch again (304)" "$MANRS" fetch --url "$url" --out "$T/out/$f" --kind "$kind"
	grep -q "not-modified (HTTP 304" "$T/stdout" || echo "  NO 304: $(cat "$T/stdout")"
done <"$T/list"
