#!/bin/sh
# A token without token_type, or of another type, is refused: exit 76.
. "$top_srcdir/tests/lib.sh"

start_devserver --no-token-type
write_config
run_mogoplus token
expect_status 76
expect_err '^mogoplus: default: invalid token response: no token_type$'
[ ! -s "$OUT" ] || fail "a half token was printed"
kill "$DS_PID"; wait "$DS_PID" 2>/dev/null
start_devserver --token-type mac
write_config
run_mogoplus token
expect_status 76
expect_err 'token_type is "mac", not Bearer$'
# Bearer in any case is fine (RFC 6749 7.1: case-insensitive).
kill "$DS_PID"; wait "$DS_PID" 2>/dev/null
start_devserver --token-type bEaReR
write_config
run_mogoplus token
expect_status 0
