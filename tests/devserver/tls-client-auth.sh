#!/bin/sh
# --tls-clients (RFC 8705): a client listed by subject gets a token with
# client_id alone when its CA-issued certificate has that subject; one
# listed by SHA-256 fingerprint gets one with its self-signed certificate.
# Without the matching certificate, or with a secret, it is 401
# invalid_client. curl is the client: mogoplus has no auth_method = tls yet.
. "$top_srcdir/tests/lib.sh"

make_pki
certtool --generate-privkey --key-type ecdsa --outfile "$T/ss.key" >/dev/null 2>&1 ||
	skip "certtool cannot make a key"
printf 'cn = self-signed-client\nexpiration_days = 2\ntls_www_client\nsigning_key\n' >"$T/ss.tmpl"
certtool --generate-self-signed --load-privkey "$T/ss.key" --template "$T/ss.tmpl" \
	--outfile "$T/ss.pem" >/dev/null 2>&1 || fail "certtool cannot self-sign"
fp=$(certtool --fingerprint --hash sha256 --infile "$T/ss.pem") || fail "no fingerprint"
{
	echo "by-subject subject=CN=mogoplus-test-client"
	echo "by-print sha256=$fp"
	echo "other-subject subject=CN=someone-else"
} >"$T/tls-clients"
start_devserver --tls-clients "$T/tls-clients"

# ask ID CERT KEY [EXTRA FORM]: the HTTP status of a token request.
ask() {
	curl -s -o "$T/answer" -w '%{http_code}' --cacert "$PKI/ca.pem" --cert "$2" --key "$3" \
		-d "client_id=$1${4:+&$4}" "$URL?grant_type=client_credentials"
}
[ "$(ask by-subject "$PKI/client.pem" "$PKI/client.key")" = 200 ] ||
	fail "subject client refused: $(cat "$T/answer")"
grep -q '"access_token"' "$T/answer" || fail "no token for the subject client"
[ "$(ask by-print "$T/ss.pem" "$T/ss.key")" = 200 ] ||
	fail "self-signed client refused: $(cat "$T/answer")"
[ "$(ds_stat tokens_issued)" -eq 2 ] || fail "issued $(ds_stat tokens_issued) tokens, not 2"

for c in "other-subject $PKI/client.pem $PKI/client.key" \
	"by-print $PKI/client.pem $PKI/client.key" \
	"by-subject $T/ss.pem $T/ss.key" \
	"by-subject $PKI/rogue-client.pem $PKI/rogue-client.key"; do
	set -- $c
	[ "$(ask "$1" "$2" "$3")" = 401 ] || fail "$1 with $(basename "$2"): not 401"
	grep -q '"invalid_client"' "$T/answer" || fail "$1 with $(basename "$2"): $(cat "$T/answer")"
done
[ "$(ask by-subject "$PKI/client.pem" "$PKI/client.key" client_secret=x)" = 401 ] ||
	fail "a secret for a certificate-only client was accepted"
# The secret clients of --clients still work beside them.
write_config
run_mogoplus token
expect_status 0
[ "$(ds_stat tokens_issued)" -eq 3 ] || fail "issued $(ds_stat tokens_issued) tokens, not 3"
