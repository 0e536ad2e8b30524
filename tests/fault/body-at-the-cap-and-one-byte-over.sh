#!/bin/sh
# A token answer of exactly the 64 KiB cap is taken (and cached); one byte
# more is refused: exit 76, one line, nothing printed or cached.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-fault.sh"

start_devserver --body-bytes 65537
write_config
run_mogoplus token
expect_failure 76 '^mogoplus: default: .*(64 KiB|too large|over)'

restart_devserver --body-bytes 65536
run_mogoplus token
expect_status 0
[ -s "$OUT" ] || fail "no token for an answer of exactly 64 KiB"
[ -n "$(cache_files)" ] || fail "the token of a 64 KiB answer was not cached"
