#!/bin/sh
# A failed authentication asks libpam for a 2 s delay, as pam_unix does, so
# a password guesser does not run at the token server's speed; nodelay
# asks for none. The test program sets PAM_FAIL_DELAY, so libpam reports
# the delay it would sleep instead of sleeping it: no timing here.
. "$top_srcdir/tests/lib-pam.sh"

start_devserver
write_config
pam_stack "auth required MODULE config=$CONFIG client_id=%u"
run_pam failure_asks_for_fail_delay
expect_pass
pam_stack "auth required MODULE config=$CONFIG client_id=%u nodelay"
run_pam nodelay_asks_for_no_delay
expect_pass
[ "$(ds_stat token_requests)" -eq 2 ] || fail "$(ds_stat token_requests) requests, want 2"
