#!/bin/sh
# A wrong secret: the server says invalid_client and PAM gets PAM_AUTH_ERR.
. "$top_srcdir/tests/lib-pam.sh"

start_devserver
write_config
pam_stack "auth required MODULE config=$CONFIG client_id=%u"
run_pam authenticate_wrong_secret_is_auth_err
expect_pass
[ "$(ds_stat token_requests)" -eq 1 ] || fail "$(ds_stat token_requests) requests, want 1"
[ "$(ds_stat tokens_issued)" -eq 0 ] || fail "a token was issued for a wrong secret"
pam_logged 'authentication failed: default: token request rejected: invalid_client' ||
	fail "the rejection was not logged"
