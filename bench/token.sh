#!/bin/sh
# bench/token.sh: mogoplus token against the local dev server, with peers in
# the same run (DESIGN section 9). Prints one line per measurement.
#   cold: 10 real exchanges (cache = none) vs 10 curl runs of the same request
#   warm: 200 runtime-cache hits; peak RSS of one warm get
#   single-flight: requests reaching the server for N concurrent cold gets
. "$(dirname "$0")/lib.sh"

start_server
write_profile none
hyperfine -N --warmup 2 --runs 10 --export-json "$B/cold.json" \
	"$BIN/mogoplus token" \
	"curl -sS -o /dev/null --cert $B/pki/client.pem --key $B/pki/client.key --cacert $B/pki/ca.pem -H 'Accept: application/json' --data @$B/form $URL?grant_type=client_credentials" \
	>/dev/null
set -- $(median "$B/cold.json")
echo "cold get (real mTLS exchange), median of 10: mogoplus token $1 ms, curl $2 ms"

write_profile file
"$BIN/mogoplus" token >/dev/null
hyperfine -N --warmup 10 --runs 200 --export-json "$B/warm.json" "$BIN/mogoplus token" >/dev/null
echo "warm get (runtime-cache hit), median of 200: $(median "$B/warm.json") ms"
rss=$(/usr/bin/time -f %M "$BIN/mogoplus" token 2>&1 >/dev/null | tail -n 1)
echo "peak RSS of a warm get: $rss KiB"

for n in 32 64; do
	"$BIN/mogoplus" logout
	before=$(stat_of token_requests)
	i=0; pids=""
	while [ $i -lt $n ]; do "$BIN/mogoplus" token >/dev/null & pids="$pids $!"; i=$((i + 1)); done
	for p in $pids; do wait "$p"; done
	echo "single-flight: $n concurrent cold gets made $(( $(stat_of token_requests) - before )) request(s)"
done
