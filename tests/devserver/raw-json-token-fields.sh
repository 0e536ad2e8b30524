#!/bin/sh
# --access-token-json and --expires-in-json put raw JSON values in the
# answer: a token holding an escaped newline never reaches stdout (exit 76),
# and neither does a token whose expires_in is 0.
. "$top_srcdir/tests/lib.sh"

start_devserver --access-token-json '"abc\ndef"'
write_config
run_mogoplus token
expect_status 76
expect_err '^mogoplus: default: invalid token response: '
[ ! -s "$OUT" ] || fail "a token with a newline was printed"
kill "$DS_PID" && wait "$DS_PID" 2>/dev/null

# The same value from a file, so a test need not put a token in argv.
printf '%s\n' '"fixed-token-123"' >"$T/tok.json"
start_devserver --access-token-json-file "$T/tok.json"
write_config
run_mogoplus token
expect_status 0
[ "$(cat "$OUT")" = fixed-token-123 ] || fail "got '$(cat "$OUT")', not the fixed token"
kill "$DS_PID" && wait "$DS_PID" 2>/dev/null

start_devserver --expires-in-json 0
write_config
run_mogoplus token
expect_status 76
expect_err '^mogoplus: default: invalid token response: '
[ ! -s "$OUT" ] || fail "a token with expires_in 0 was printed"
