#!/bin/sh
# A password meant for another module never leaves the host: a line with
# neither client_id= nor map= maps nobody, and users=/groups= limit a
# template to the users they name. Whoever is not named gets
# PAM_USER_UNKNOWN at once, is never asked, and the token server hears
# nothing, whatever they typed (even the right secret, even handed on by
# an earlier module with try_first_pass); one log line says why.
. "$top_srcdir/tests/lib-pam.sh"

start_devserver
write_config
no_request() {
	[ "$(ds_stat token_requests)" -eq 0 ] || fail "$1: an unnamed user made a request"
}

pam_stack "auth required MODULE config=$CONFIG"
run_pam authenticate_unnamed_user_is_user_unknown_unasked
expect_pass
no_request "no client_id= or map="
pam_logged 'authentication failed: neither client_id= nor map= is on the module.s line, so it maps nobody.*result=PAM_USER_UNKNOWN' ||
	fail "the refusal of a line that names nobody was not logged"

# The pam-auth-update stack: after pam_unix, the password it was given.
if [ -f "$PAM_WRAPPER_MODULES/pam_set_items.so" ]; then
	PAM_AUTHTOK=$(cat "$T/secret")
	export PAM_AUTHTOK
	pam_stack "auth required $PAM_WRAPPER_MODULES/pam_set_items.so" \
		"auth [success=done default=ignore] MODULE config=$CONFIG try_first_pass"
	run_pam authenticate_unnamed_user_is_user_unknown_unasked
	unset PAM_AUTHTOK
	no_request "try_first_pass with the earlier password"
else
	note "pam_set_items.so not found: the earlier-password case not run"
fi

pam_stack "auth required MODULE config=$CONFIG client_id=%u users=alice,bob"
run_pam authenticate_unnamed_user_is_user_unknown_unasked
expect_pass
no_request "users= without the user"
pam_logged 'authentication failed: the user is not named by users= or groups=' ||
	fail "the refusal of a user users= does not name was not logged"
pam_stack "auth required MODULE config=$CONFIG client_id=%u groups=root"
run_pam authenticate_unnamed_user_is_user_unknown_unasked
expect_pass
no_request "groups= without the user"

# Named: by users=, and (root being in group root) by groups=.
pam_stack "auth required MODULE config=$CONFIG client_id=%u users=alice,$PAM_USER"
run_pam authenticate_succeeds
expect_pass
pam_stack "auth required MODULE config=$CONFIG client_id=$CLIENT_ID groups=nogroup-x,root"
PAMT_USER=root run_pam authenticate_succeeds
expect_pass
[ "$(ds_stat tokens_issued)" -eq 2 ] || fail "$(ds_stat tokens_issued) tokens for named users, want 2"
