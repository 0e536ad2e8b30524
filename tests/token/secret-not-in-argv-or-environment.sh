#!/bin/sh
# While mogoplus holds the client secret (a held exchange), neither its argv nor its
# environment shows the secret to other processes.
. "$top_srcdir/tests/lib.sh"

start_devserver --hold-file "$T/hold"
write_config
: >"$T/hold"
"$MOGOPLUS" -v token >"$T/out" 2>"$T/err" &
pid=$!
track_pid $pid
# The marker: the dev server holds the request, so the secret was read and
# sent and mogoplus still runs.
wait_until "the token request at the dev server" stat_is token_requests 1
kill -0 $pid 2>/dev/null || fail "mogoplus finished before it could be inspected"
tr '\0' '\n' <"/proc/$pid/cmdline" >"$T/cmdline"
tr '\0' '\n' <"/proc/$pid/environ" >"$T/environ"
grep -q token "$T/cmdline" || fail "could not read the command line (the test is blind)"
grep -qF -- "$CLIENT_SECRET" "$T/cmdline" && fail "the secret is in argv"
grep -qF -- "$CLIENT_SECRET" "$T/environ" && fail "the secret is in the environment"
rm "$T/hold"
wait $pid || fail "the held exchange failed"
exit 0
