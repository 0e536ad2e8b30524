#!/bin/sh
# bench/refresh-ahead.sh: what refresh ahead costs the caller (target: a
# get inside the window at most 1.2x a warm get, as it only forks), with
# the get it saves (a stale one that waits for the exchange) in the same
# hyperfine run. Before every timed run the cache file is put back as
# fresh, due (inside the window) or stale, after waiting on the profile's
# lock until the previous run's background refresher has finished, so no
# refresher competes with a measured run and every due get starts one.
# Prints the bench-result lines bench/run collects. RUNS=N: run count (200).
. "$(dirname "$0")/lib.sh"

export MOGOPLUS_CACHE_DIR=$B/cache
start_server
write_profile file
"$BIN/mogoplus" token >/dev/null
file=$(ls "$B/cache"/t-* | grep -v '\.lock$')

# variant NAME EXPIRES_IN_FROM_NOW: the cached token with a lifetime of an
# hour (refresh_margin 300 s, default window 360 s) ending then.
variant() {
	now=$(date +%s)
	sed -e "s/^obtained_at=.*/obtained_at=$((now + $2 - 3600))/" \
	    -e "s/^expires_at=.*/expires_at=$((now + $2))/" "$file" >"$B/$1"
	chmod 600 "$B/$1"
}
variant fresh 3600	# just fetched: a plain warm get
# Stale in 100 s or a little more, inside the 360 s window and past this
# host's refresh point in it (core/refresh.c), which status says.
e=400
while :; do
	variant due "$e"
	cp -p "$B/due" "$file"
	"$BIN/mogoplus" status --json >"$B/due.json"
	at=$(sed -n 's/.*"refresh_at":\([0-9]*\).*/\1/p' "$B/due.json")
	[ -n "$at" ] || { echo "bench: status --json shows no refresh_at" >&2; exit 1; }
	[ "$at" -le "$(date +%s)" ] && break
	e=$((e + 1))
	[ "$e" -le 600 ] || { echo "bench: no token age from 400 to 600 s is past the refresh point" >&2; exit 1; }
done
variant stale 200	# stale 100 s ago: the get waits for an exchange

put() { echo "flock $file.lock cp -p $B/$1 $file"; }
runs=${RUNS:-200}
before=$(stat_of token_requests)
hyperfine -N --warmup 5 --runs "$runs" --export-json "$B/ahead.json" \
	--prepare "$(put fresh)" --command-name "warm get" "$BIN/mogoplus token" \
	--prepare "$(put due)" --command-name "due get" "$BIN/mogoplus token" \
	--prepare "$(put stale)" --command-name "stale get" "$BIN/mogoplus token" \
	>/dev/null
flock "$file.lock" true
set -- $(median "$B/ahead.json")
echo "median of $runs each: warm get $1 ms; get inside the refresh-ahead window $2 ms" \
	"($(python3 -c "print('%.2f' % ($2 / $1))")x warm); stale get (waits for the exchange) $3 ms" \
	"($(python3 -c "print('%.2f' % ($3 / $1))")x warm)"
mins=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(" / ".join("%.2f" % (x["min"]*1000) for x in r))' "$B/ahead.json")
echo "bench-result: refresh-due ours=$2 peer=$1 unit=ms"
echo "bench-result: refresh-stale ours=$3 peer=$1 unit=ms"
echo "min (the least disturbed run) warm / due / stale: $mins ms"
echo "token requests: $(( $(stat_of token_requests) - before )) for $(( 2 * (runs + 5) )) due and stale gets (one each)"
