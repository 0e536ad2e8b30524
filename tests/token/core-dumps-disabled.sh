#!/bin/sh
# A running mogoplus holding the secret can dump no core (RLIMIT_CORE 0).
. "$top_srcdir/tests/lib.sh"

start_devserver --delay-ms 3000
write_config
"$MOGOPLUS" token >/dev/null 2>&1 &
pid=$!
track_pid $pid
sleep 0.5
grep -E '^Max core file size +0 +0 ' "/proc/$pid/limits" >/dev/null ||
	{ cat "/proc/$pid/limits" >&2; fail "core dumps are possible"; }
