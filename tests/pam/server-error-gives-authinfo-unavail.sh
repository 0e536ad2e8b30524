#!/bin/sh
# A server answering 500 to every request: PAM_AUTHINFO_UNAVAIL, not AUTH_ERR.
. "$top_srcdir/tests/lib-pam.sh"

start_devserver --fail 1000 --fail-status 500 --retry-after 0
write_config
pam_stack "auth required MODULE config=$CONFIG client_id=%u timeout=3"
run_pam authenticate_unavailable_is_authinfo_unavail
expect_pass
[ "$(ds_stat token_requests)" -ge 1 ] || fail "no request reached the server"
pam_logged 'HTTP 500' || fail "the 500 was not logged"
