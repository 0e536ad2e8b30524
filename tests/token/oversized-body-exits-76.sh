#!/bin/sh
# A response body over 64 KiB is refused: exit 76.
. "$top_srcdir/tests/lib.sh"

start_devserver --oversize
write_config
run_mogoplus token
expect_status 76
expect_err '^mogoplus: default: invalid token response: response body over 64 KiB$'
[ ! -s "$OUT" ] || fail "something was printed on stdout"
