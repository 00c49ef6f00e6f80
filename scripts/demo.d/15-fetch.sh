# SPDX-License-Identifier: ISC
# Demo section 15 (sourced by scripts/demo.sh): 'manrs fetch' keeps a data
# file fresh. The lab's vrps.json is served by python3's http.server on
# 127.0.0.1 port $PORT+30; the first fetch downloads and checks it, the
# second is a conditional GET answered 304 (nothing downloaded).
if section fetch "15. Fresh data by itself (manrs fetch)" fetch; then
	fport=$((PORT + 30))
	mkdir -p "$work/fetch-www" "$work/fetch-out"
	cp "$DIR/vrps.json" "$work/fetch-www/"
	(cd "$work/fetch-www" && exec timeout 30 python3 -m http.server --bind 127.0.0.1 "$fport") \
		>/dev/null 2>&1 &
	hpid=$!
	i=0
	until timeout 1 bash -c "echo >/dev/tcp/127.0.0.1/$fport" 2>/dev/null || [ $i -ge 30 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	url="http://127.0.0.1:$fport/vrps.json"
	out="$work/fetch-out/vrps.json"
	say "A local web server publishes the lab's VRPs at $url."
	show fetch --url "$url" --out "$out" --kind vrps --max-age 1h
	say "Again: the server answers 304 Not Modified to the ETag/Last-Modified kept in vrps.json.fetch.json:"
	show fetch --url "$url" --out "$out" --kind vrps --max-age 1h
	grep -q '^vrps.json: not-modified (HTTP 304' "$work/out" || step_failed=1
	say "A shrunken or broken file would be refused and the last good copy kept (see manrs-fetch(1))."
	kill "$hpid" 2>/dev/null
	wait "$hpid" 2>/dev/null
	done_section fetch
fi
