#!/bin/sh
# use_first_pass and try_first_pass take the password an earlier module put
# on the stack (pam_wrapper's pam_set_items sets PAM_AUTHTOK from the
# environment of the test program): no prompt. With a wrong earlier
# password, use_first_pass fails without prompting; try_first_pass prompts
# once and succeeds.
. "$top_srcdir/tests/lib-pam.sh"

[ -f "$PAM_WRAPPER_MODULES/pam_set_items.so" ] || skip "pam_set_items.so not found"
start_devserver
write_config
PAM_AUTHTOK=$(cat "$T/secret")
export PAM_AUTHTOK
pam_stack "auth required $PAM_WRAPPER_MODULES/pam_set_items.so" \
	"auth required MODULE config=$CONFIG client_id=%u use_first_pass"
run_pam first_pass_is_used_without_prompting
expect_pass
[ "$(ds_stat tokens_issued)" -eq 1 ] || fail "the earlier password did not get a token"

PAM_AUTHTOK=not-the-secret
run_pam use_first_pass_never_prompts
expect_pass
[ "$(ds_stat token_requests)" -eq 2 ] || fail "use_first_pass: $(ds_stat token_requests) requests, want 2"

pam_stack "auth required $PAM_WRAPPER_MODULES/pam_set_items.so" \
	"auth required MODULE config=$CONFIG client_id=%u try_first_pass"
run_pam try_first_pass_prompts_after_rejection
expect_pass
[ "$(ds_stat token_requests)" -eq 4 ] || fail "try_first_pass: $(ds_stat token_requests) requests, want 4"
[ "$(ds_stat tokens_issued)" -eq 2 ] || fail "try_first_pass: the prompted secret got no token"
