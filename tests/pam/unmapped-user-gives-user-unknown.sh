#!/bin/sh
# A user the map file does not name, or a name no template can turn into a
# client_id: asked for the password like anyone else (as pam_unix does, so
# the prompt does not tell which names are mapped), then PAM_USER_UNKNOWN
# without a request, and the reason logged.
. "$top_srcdir/tests/lib-pam.sh"

start_devserver
write_config
printf '# user client_id\nsomeone-else %s\n' "$CLIENT_ID" >"$T/etc/map"
pam_stack "auth required MODULE config=$CONFIG map=$T/etc/map"
run_pam authenticate_unmapped_user_is_user_unknown
expect_pass
pam_logged 'authentication failed: no client_id for the user; the server was not asked .*result=PAM_USER_UNKNOWN' ||
	fail "the refusal was not logged"
# The template %u: a name with a space is no client_id.
pam_stack "auth required MODULE config=$CONFIG client_id=%u"
PAMT_USER="bad user" run_pam authenticate_unmapped_user_is_user_unknown
expect_pass
[ "$(ds_stat token_requests)" -eq 0 ] || fail "an unmapped user caused a request"
