#!/bin/sh
# A running mogoplus holding the secret can dump no core (RLIMIT_CORE 0).
# It is looked at while the dev server holds its token request: the secret
# has been read and sent, the process is mid-exchange.
. "$top_srcdir/tests/lib.sh"

start_devserver --hold-file "$T/hold"
write_config
: >"$T/hold"
"$MOGOPLUS" token >/dev/null 2>"$T/err" &
pid=$!
track_pid $pid
wait_until "the token request at the dev server" stat_is token_requests 1
kill -0 $pid 2>/dev/null || fail "mogoplus finished before it could be inspected"
grep -E '^Max core file size +0 +0 ' "/proc/$pid/limits" >/dev/null ||
	{ cat "/proc/$pid/limits" >&2; fail "core dumps are possible"; }
rm "$T/hold"
wait $pid || { cat "$T/err" >&2; fail "the held exchange failed"; }
exit 0
