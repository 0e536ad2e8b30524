#!/bin/sh
# The server's error_description can quote the request, and under PAM the
# request's secret is what the user typed: the module logs the error code
# always and the description only with debug.
. "$top_srcdir/tests/lib-pam.sh"

# A 400 with {"error": "temporarily_unavailable", "error_description":
# "injected fault"}: rejected, PAM_AUTH_ERR.
start_devserver --fail 1000 --fail-status 400
write_config
pam_stack "auth required MODULE config=$CONFIG client_id=%u nodelay"
run_pam authenticate_wrong_secret_is_auth_err
expect_pass
pam_logged 'rejected: temporarily_unavailable' || fail "the server's error code was not logged"
if grep -q 'injected fault' "$PAMLOG"; then
	fail "the server's error_description reached the log without debug"
fi
pam_stack "auth required MODULE config=$CONFIG client_id=%u nodelay debug"
run_pam authenticate_wrong_secret_is_auth_err
expect_pass
grep -q 'injected fault' "$PAMLOG" || fail "with debug the server's error_description was not logged"
