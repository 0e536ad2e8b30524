#!/bin/sh
# While mogoplus holds the client secret (a slow exchange), neither its argv nor its
# environment shows the secret to other processes.
. "$top_srcdir/tests/lib.sh"

start_devserver --delay-ms 2000
write_config
"$MOGOPLUS" -v token >"$T/out" 2>"$T/err" &
pid=$!
track_pid $pid
sleep 0.7
kill -0 $pid 2>/dev/null || fail "mogoplus finished before it could be inspected"
tr '\0' '\n' <"/proc/$pid/cmdline" >"$T/cmdline"
tr '\0' '\n' <"/proc/$pid/environ" >"$T/environ"
grep -q token "$T/cmdline" || fail "could not read the command line (the test is blind)"
grep -qF -- "$CLIENT_SECRET" "$T/cmdline" && fail "the secret is in argv"
grep -qF -- "$CLIENT_SECRET" "$T/environ" && fail "the secret is in the environment"
wait $pid || fail "the slow exchange failed"
exit 0
