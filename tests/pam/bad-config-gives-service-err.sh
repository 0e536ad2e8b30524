#!/bin/sh
# Bad configuration is PAM_SERVICE_ERR, never AUTH_ERR: a missing config=
# file, a missing profile=, a bad timeout=, a relative path.
. "$top_srcdir/tests/lib-pam.sh"

start_devserver
write_config
for opts in "config=$T/etc/none.conf client_id=%u" \
    "config=$CONFIG profile=nope client_id=%u" \
    "config=$CONFIG timeout=soon" "config=etc/mogoplus.conf" \
    "config=$CONFIG client_id=%x"; do
	pam_stack "auth required MODULE $opts"
	run_pam authenticate_bad_config_is_service_err
	expect_pass
done
[ "$(ds_stat token_requests)" -eq 0 ] || fail "a broken setup made a request"
pam_logged "no \\[profile nope\\] in $CONFIG" || fail "the missing profile was not logged"
pam_logged 'timeout=soon: want whole seconds' || fail "the bad timeout was not logged"
