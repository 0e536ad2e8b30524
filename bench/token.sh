#!/bin/sh
# bench/token.sh: mogoplus token against the local dev server, with peers in
# the same run. Prints one line per measurement, and the
# bench-result lines bench/run collects. RUNS=N overrides the run counts.
#   cold: 10 real exchanges (cache = none) vs 10 curl runs of the same request
#   warm: 200 runtime-cache hits; peak RSS of one warm get
#   single-flight: requests reaching the server for N concurrent cold gets
. "$(dirname "$0")/lib.sh"

start_server
write_profile none
cold=$(runs_or 10)
if command -v curl >/dev/null 2>&1; then
	hyperfine -N --warmup 2 --runs "$cold" --export-json "$B/cold.json" \
		"$BIN/mogoplus token" \
		"curl -sS -o /dev/null --cert $B/pki/client.pem --key $B/pki/client.key --cacert $B/pki/ca.pem -H 'Accept: application/json' --data @$B/form $URL?grant_type=client_credentials" \
		>/dev/null
	set -- $(median "$B/cold.json")
	echo "cold get (real mTLS exchange), median of $cold: mogoplus token $1 ms, curl $2 ms"
	result cold-get "$1" "$2" ms
else
	skipped cold-get "the peer, the curl CLI, is not installed (Debian: curl)"
fi

write_profile file
"$BIN/mogoplus" token >/dev/null
warm=$(runs_or 200)
hyperfine -N --warmup 10 --runs "$warm" --export-json "$B/warm.json" "$BIN/mogoplus token" >/dev/null
ms=$(median "$B/warm.json")
echo "warm get (runtime-cache hit), median of $warm: $ms ms"
result warm-get "$ms" - ms
if [ -x /usr/bin/time ]; then
	rss=$(/usr/bin/time -f %M "$BIN/mogoplus" token 2>&1 >/dev/null | tail -n 1)
	echo "peak RSS of a warm get: $rss KiB"
	result warm-rss "$(awk -v k="$rss" 'BEGIN { printf "%.2f", k / 1024 }')" - MiB
else
	skipped warm-rss "GNU time (/usr/bin/time) is not installed (Debian: time)"
fi

for n in 32 64; do
	"$BIN/mogoplus" logout
	before=$(stat_of token_requests)
	i=0; pids=""; m=$(many "$n")
	while [ $i -lt "$m" ]; do "$BIN/mogoplus" token >/dev/null & pids="$pids $!"; i=$((i + 1)); done
	for p in $pids; do wait "$p"; done
	made=$(( $(stat_of token_requests) - before ))
	echo "single-flight: $n concurrent cold gets made $made request(s)"
	result "single-flight-$n" "$made" - requests
done
