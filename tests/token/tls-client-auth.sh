#!/bin/sh
# auth_method = tls (RFC 8705 section 2): the certificate alone authenticates
# a client registered for it; the profile has no client_secret at all, none
# is sent, login says none is needed, and another certificate is refused.
. "$top_srcdir/tests/lib.sh"

make_pki
# The subject DN as GnuTLS prints it (RFC 4514), the way a server registers it.
subject=$(certtool -i --infile "$PKI/client.pem" | sed -n 's/^[[:space:]]*Subject: //p' | head -n 1)
[ -n "$subject" ] || fail "no subject in client.pem"
# An id the secret clients file does not know: a secret sent by mistake
# could not authenticate it.
printf 'tls-client subject=%s\n' "$subject" >"$T/tls-clients"
start_devserver --tls-clients "$T/tls-clients"
write_config "auth_method = tls"
sed -i "/^client_secret = /d; s/^client_id = .*/client_id = tls-client/" "$CONFIG"
grep -q secret "$CONFIG" && fail "the profile still names a secret"
run_mogoplus token
expect_status 0
[ -s "$OUT" ] || fail "no token printed"
[ "$(ds_stat tokens_issued)" -eq 1 ] || fail "no token issued"

# login has nothing to store, and says so.
run_mogoplus login </dev/null
expect_status 0
expect_err 'no client secret is needed'

# The same id with a certificate that is not the registered one: refused.
kill "$DS_PID"; wait "$DS_PID" 2>/dev/null
fpr=$(certtool -i --infile "$PKI/client.pem" --outder | sha256sum | cut -d' ' -f1)
printf 'tls-client sha256=%s\n' "$fpr" >"$T/tls-clients"
start_devserver --tls-clients "$T/tls-clients"
write_config "auth_method = tls"
sed -i "/^client_secret = /d; s/^client_id = .*/client_id = tls-client/" "$CONFIG"
run_mogoplus token
expect_status 0
sed -i "s|^cert = .*|cert = $PKI/client-soon.pem|; s|^key = .*|key = $PKI/client-soon.key|" "$CONFIG"
run_mogoplus token
expect_status 77
# (client-soon.pem also earns an expiry warning line first.)
tail -n 1 "$ERR" | grep -q '^mogoplus: default: token request rejected: invalid_client$' ||
	{ cat "$ERR" >&2; fail "no invalid_client line"; }
[ "$(ds_stat tokens_issued)" -eq 1 ] || fail "the other certificate got a token"
