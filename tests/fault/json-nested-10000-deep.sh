#!/bin/sh
# A token answer nested 10,000 levels deep: refused without a crash (no
# recursion to the stack's end): exit 76, one line, nothing cached.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-fault.sh"

start_devserver --nest 10000
write_config
run_mogoplus token
expect_failure 76 '^mogoplus: default: invalid token response: '
