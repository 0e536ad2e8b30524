#!/bin/sh
# The right client secret as the password: PAM_SUCCESS after one real
# exchange, one log line that says who logged in through which service,
# profile and token server, with what result and how fast, and no secret.
. "$top_srcdir/tests/lib-pam.sh"

start_devserver
write_config
pam_stack "auth required MODULE config=$CONFIG client_id=%u"
run_pam authenticate_succeeds
expect_pass
[ "$(ds_stat tokens_issued)" -eq 1 ] || fail "the server issued $(ds_stat tokens_issued) tokens"
pam_logged "authentication succeeded \(service=mogoplus user=$PAM_USER profile=default server=127.0.0.1:$PORT result=PAM_SUCCESS time=[0-9]+ms\)" ||
	fail "no summary line for the authentication"
[ "$(grep -c 'SYSLOG.*authentication succeeded' "$PAMLOG")" -eq 1 ] ||
	fail "not exactly one summary line"
