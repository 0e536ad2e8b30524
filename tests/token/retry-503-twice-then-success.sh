#!/bin/sh
# Two 503s with Retry-After, then a token: three requests, exit 0.
. "$top_srcdir/tests/lib.sh"

start_devserver --fail 2 --fail-status 503 --retry-after 1
write_config
t0=$(now_ms)
run_mogoplus token
t1=$(now_ms)
expect_status 0
[ "$(ds_stat token_requests)" -eq 3 ] || fail "expected 3 requests, got $(ds_stat token_requests)"
# Retry-After: 1 was honoured twice.
[ $((t1 - t0)) -ge 2000 ] || fail "Retry-After was not honoured ($((t1 - t0)) ms)"
