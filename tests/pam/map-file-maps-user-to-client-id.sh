#!/bin/sh
# map=FILE: the user's line names the client_id (first match wins), and the
# client_id= template builds one from %u; a map others can write is refused.
. "$top_srcdir/tests/lib-pam.sh"

start_devserver
write_config
printf '# comment\n\nalice %s  # trailing comment\nalice someone-else\n' "$CLIENT_ID" >"$T/etc/map"
chmod 644 "$T/etc/map"
pam_stack "auth required MODULE config=$CONFIG map=$T/etc/map"
PAMT_USER=alice run_pam authenticate_succeeds
expect_pass
# Template: user "client" becomes "test-client".
pam_stack "auth required MODULE config=$CONFIG client_id=test-%u"
PAMT_USER=client run_pam authenticate_succeeds
expect_pass
[ "$(ds_stat tokens_issued)" -eq 2 ] || fail "$(ds_stat tokens_issued) tokens, want 2"
# Anyone who can write the map can choose who logs in: refused.
chmod 666 "$T/etc/map"
pam_stack "auth required MODULE config=$CONFIG map=$T/etc/map"
PAMT_USER=alice run_pam authenticate_bad_config_is_service_err
expect_pass
pam_logged "map(=|: )$T/etc/map: .*writable by group or others" || fail "the unsafe map was not logged"
