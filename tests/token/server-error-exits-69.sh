#!/bin/sh
# A server that keeps answering 500 is unavailable: exit 69, after retries.
. "$top_srcdir/tests/lib.sh"

start_devserver --fail 1000 --fail-status 500 --retry-after 0
write_config
run_mogoplus token
expect_status 69
expect_err '^mogoplus: default: token endpoint unavailable: HTTP 500$'
n=$(ds_stat token_requests)
[ "$n" -ge 2 ] || fail "a 500 was not retried ($n requests)"
[ "$n" -le 4 ] || fail "too many attempts ($n)"
