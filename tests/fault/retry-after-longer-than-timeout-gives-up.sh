#!/bin/sh
# A 429 whose Retry-After (an hour) is longer than the whole timeout: the
# client gives up at once instead of sleeping into its deadline, and says
# why: exit 69, one line naming Retry-After, one request at the server.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-fault.sh"

start_devserver --fail 5 --fail-status 429 --retry-after 3600
write_config "timeout = 600"
run_mogoplus token
expect_failure 69 '^mogoplus: default: .*429.*Retry-After'
note "$(cat "$ERR")"
[ "$(ds_stat token_requests)" -eq 1 ] || fail "$(ds_stat token_requests) requests: the client retried"
