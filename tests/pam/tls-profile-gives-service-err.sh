#!/bin/sh
# A profile with auth_method = tls sends no secret, so it cannot check the
# password: the module refuses it (PAM_SERVICE_ERR, before any prompt) even
# where the server would hand a token to the certificate alone. Without the
# refusal any password would log in.
. "$top_srcdir/tests/lib-pam.sh"

make_pki
subject=$(certtool -i --infile "$PKI/client.pem" | sed -n 's/^[[:space:]]*Subject: //p' | head -n 1)
printf 'tls-user subject=%s\n' "$subject" >"$T/tls-clients"
start_devserver --tls-clients "$T/tls-clients"
write_config "auth_method = tls"
pam_stack "auth required MODULE config=$CONFIG client_id=%u"
PAMT_USER=tls-user run_pam authenticate_bad_config_is_service_err
expect_pass
[ "$(ds_stat tokens_issued)" -eq 0 ] || fail "a token was issued to a PAM login"
pam_logged 'auth_method = tls sends no secret' || fail "the refusal was not logged"
