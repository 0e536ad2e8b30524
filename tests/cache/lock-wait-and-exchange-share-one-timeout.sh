#!/bin/sh
# The wait for another process's lock and the exchange share the one timeout: after waiting most of it for the lock, a call does not start a fresh full-length exchange, it gives up (exit 69, timed out) instead of blocking for up to twice the time the user set.
. "$top_srcdir/tests/lib.sh"
CACHE_MODE=file
command -v flock >/dev/null 2>&1 || skip "flock(1) is not installed (util-linux)"

# The server takes 2 s to answer; the timeout is 4 s.
start_devserver --delay-ms 2000
write_config
sed -i 's/^timeout = .*/timeout = 4/' "$CONFIG"
MOGOPLUS_CACHE_DIR=$T/cache
export MOGOPLUS_CACHE_DIR
# The control: alone, a call gets its token from this slow server in time.
run_mogoplus token
expect_status 0
lock=$(ls "$T/cache"/*.lock 2>/dev/null | head -n 1)
[ -n "$lock" ] || fail "no lock file in the cache folder"
rm -f "$T/cache"/t-*		# a miss again; the lock file stays
ls "$T/cache"/t-* >/dev/null 2>&1 && fail "the cached token is still there"
# Another process holds the lock for 3.6 s of the 4 and never writes a
# token (flock(1) on the same file). The call then has 0.4 s left for an
# exchange that takes 2 s: it must give up. With a fresh 4 s budget after
# the lock, it would wait 3.6 s and then get a token at about 5.6 s.
flock -x "$lock" sh -c ": >'$T/held'; sleep 3.6" &
holder=$!
track_pid "$holder"
i=0
while [ ! -e "$T/held" ]; do
	i=$((i + 1)); [ "$i" -lt 200 ] || fail "flock(1) did not take the lock"
	sleep 0.05
done
run_mogoplus token
expect_status 69
expect_err '^mogoplus: default: token request timed out: '
wait "$holder"
