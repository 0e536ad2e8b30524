#!/bin/sh
# account: with the option, acct_mgmt lets mapped users pass and says
# PAM_USER_UNKNOWN for the rest; it asks no server.
. "$top_srcdir/tests/lib-pam.sh"

start_devserver
write_config
printf 'alice %s\n' "$CLIENT_ID" >"$T/etc/map"
pam_stack "account required MODULE account map=$T/etc/map"
PAMT_USER=alice run_pam account_mapped_user_passes
expect_pass
PAMT_USER=bob run_pam account_unmapped_user_is_user_unknown
expect_pass
[ "$(ds_stat token_requests)" -eq 0 ] || fail "acct_mgmt asked the server"
# Without `account` the module stays out of it: bob is not refused by it.
pam_stack "account required MODULE map=$T/etc/map" \
	"account required $PAM_WRAPPER_MODULES/pam_matrix.so passdb=$T/etc/passdb"
printf 'bob:x:mogoplus\n' >"$T/etc/passdb"
PAMT_USER=bob run_pam account_mapped_user_passes
expect_pass
