#!/bin/sh
# The right client secret as the password: PAM_SUCCESS after one real
# exchange, and the log shows no secret (and no user name without debug).
. "$top_srcdir/tests/lib-pam.sh"

start_devserver
write_config
pam_stack "auth required MODULE config=$CONFIG"
run_pam authenticate_succeeds
expect_pass
[ "$(ds_stat tokens_issued)" -eq 1 ] || fail "the server issued $(ds_stat tokens_issued) tokens"
if grep -qF -- "$PAM_USER" "$PAMLOG"; then fail "the user name was logged without debug"; fi
