#!/bin/sh
# --nest N answers with a valid token response N levels deep: a shallow one
# is a token like any other, 10,000 levels are refused with exit 76 and one
# line, not a crash.
. "$top_srcdir/tests/lib.sh"

start_devserver --nest 3
write_config
run_mogoplus token
expect_status 0
[ -s "$OUT" ] || fail "no token for a 3-level answer"
kill "$DS_PID" && wait "$DS_PID" 2>/dev/null

start_devserver --nest 10000
write_config
run_mogoplus token
expect_status 76
expect_err '^mogoplus: default: invalid token response: '
[ ! -s "$OUT" ] || fail "something was printed on stdout"
