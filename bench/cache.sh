#!/bin/sh
# bench/cache.sh: the cache tiers under a real, unlocked gnome-keyring, with
# secret-tool as the peer, in one run:
#   warm get (runtime-cache hit), keyring-tier get (runtime file removed
#   before each run), secret-tool lookup of one item, and the requests that
#   32 concurrent cold gets make.
# RUNS=N overrides the run counts (100).
if [ -z "${MP_BENCH_IN_BUS:-}" ]; then
	for c in dbus-run-session gnome-keyring-daemon secret-tool gdbus; do
		command -v "$c" >/dev/null 2>&1 && continue
		echo "bench-skip: keyring-tier-get $c is not installed (scripts/install-deps)"
		echo "bench-skip: single-flight-32-keyring $c is not installed (scripts/install-deps)"
		exit 77
	done
	MP_BENCH_IN_BUS=1 env -u DBUS_SESSION_BUS_ADDRESS dbus-run-session -- sh "$0" "$@" 2>&1 |
		grep -v 'Failed to set fd limit'
	exit 0
fi
. "$(dirname "$0")/lib.sh"
export XDG_DATA_HOME=$B/data XDG_RUNTIME_DIR=$B/run
mkdir -p "$XDG_DATA_HOME"; mkdir -m 700 "$XDG_RUNTIME_DIR"
printf %s bench-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null
until gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true; do
	sleep 0.05
done
printf %s bench-value | secret-tool store --label=bench bench-item 1

start_server
write_profile auto
"$BIN/mogoplus" token >/dev/null
rt=$(ls "$XDG_RUNTIME_DIR/mogoplus"/t-* | grep -v '\.lock$')
runs=$(runs_or 100)
hyperfine -N --warmup 10 --runs "$runs" --export-json "$B/tiers.json" \
	-n "warm get (runtime hit)" "$BIN/mogoplus token" \
	-n "secret-tool lookup" "secret-tool lookup bench-item 1" >/dev/null
hyperfine -N --warmup 5 --runs "$runs" --prepare "rm -f $rt" --export-json "$B/kr.json" \
	-n "keyring-tier get" "$BIN/mogoplus token" >/dev/null
set -- $(median "$B/tiers.json")
kr=$(median "$B/kr.json")
echo "median of $runs: warm get (runtime hit) $1 ms; secret-tool lookup $2 ms; keyring-tier get $kr ms"
result keyring-tier-get "$kr" "$2" ms
[ "$(stat_of token_requests)" -eq 1 ] || echo "note: the timed gets made requests"

"$BIN/mogoplus" logout
before=$(stat_of token_requests)
i=0; pids=""; m=$(many 32)
while [ $i -lt "$m" ]; do "$BIN/mogoplus" token >/dev/null & pids="$pids $!"; i=$((i + 1)); done
for p in $pids; do wait "$p"; done
made=$(( $(stat_of token_requests) - before ))
echo "32 concurrent cold gets: $made request(s) at the dev server"
result single-flight-32-keyring "$made" - requests
