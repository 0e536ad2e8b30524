#!/bin/sh
# The process that holds the single-flight lock is killed (SIGKILL) while
# it waits for the server: the lock dies with it, and the next caller gets
# a token within its timeout instead of waiting out the dead one.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-fault.sh"

command -v flock >/dev/null 2>&1 || skip "flock(1) not installed (util-linux)"
start_devserver --delay-ms 2000
write_config "timeout = 30"
"$MOGOPLUS" token >/dev/null 2>"$T/holder.err" &
holder=$!
track_pid "$holder"
# Wait (bounded) until the holder has the lock: flock -n then fails.
i=0
while :; do
	lock=$(ls "$CACHE_DIR"/*.lock 2>/dev/null | head -n 1)
	if [ -n "$lock" ] && ! flock -n -x "$lock" true; then
		break
	fi
	i=$((i + 1))
	[ "$i" -le 400 ] || fail "the first caller never took the lock"
	kill -0 "$holder" 2>/dev/null || fail "the first caller ended before it was killed"
	sleep 0.05
done
kill -KILL "$holder"
wait "$holder" 2>/dev/null
run_mogoplus token
expect_status 0
[ -s "$OUT" ] || fail "no token after the lock holder was killed"
[ "$(cache_files | grep -c '^t-')" -eq 1 ] || fail "the new token was not cached"
[ -z "$(cache_files | grep '^\.')" ] || fail "a temporary file was left: $(cache_files)"
