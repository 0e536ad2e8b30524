#!/bin/sh
# A server slower than the timeout: exit 69 within the timeout plus 1 s.
. "$top_srcdir/tests/lib.sh"

start_devserver --delay-ms 10000
write_config
sed -i 's/^timeout = .*/timeout = 2/' "$CONFIG"
t0=$(now_ms)
run_mogoplus token
t1=$(now_ms)
expect_status 69
expect_err '^mogoplus: default: token request timed out: '
[ $((t1 - t0)) -le 3000 ] || fail "took $((t1 - t0)) ms for a 2 s timeout"
