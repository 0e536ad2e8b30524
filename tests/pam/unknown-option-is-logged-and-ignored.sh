#!/bin/sh
# An unknown option is logged and ignored: authentication still works.
. "$top_srcdir/tests/lib-pam.sh"

start_devserver
write_config
pam_stack "auth required MODULE config=$CONFIG client_id=%u no_such_option=1"
run_pam authenticate_succeeds
expect_pass
pam_logged 'unknown option ignored: no_such_option=1' || fail "the option was not logged"
