#!/bin/sh
# The connection reset in the middle of the token answer, every time: exit
# 69 with one line naming the cause, no half token printed, nothing cached.
# Reset once only, the retry gets the whole token.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-fault.sh"

start_devserver --reset-mid-body
write_config
run_mogoplus token
expect_failure 69 '^mogoplus: default: .*(reset|receiv|recv|connection)'
[ "$(ds_stat tokens_issued)" -eq 0 ] || fail "the dev server kept a cut token"

restart_devserver --reset-mid-body=1
run_mogoplus token
expect_status 0
[ -s "$OUT" ] || fail "no token from the retry after one reset"
