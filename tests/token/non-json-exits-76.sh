#!/bin/sh
# A 200 whose body is not JSON is a protocol error: exit 76, no token printed.
. "$top_srcdir/tests/lib.sh"

start_devserver --non-json
write_config
run_mogoplus token
expect_status 76
expect_err '^mogoplus: default: invalid token response: '
[ ! -s "$OUT" ] || fail "something was printed on stdout"
