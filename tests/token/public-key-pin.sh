#!/bin/sh
# pin = sha256//... accepts the server's key and refuses any other: exit 69.
. "$top_srcdir/tests/lib.sh"

start_devserver
pin=$(certtool --pubkey-info --load-certificate "$PKI/server.pem" --outder 2>/dev/null |
	openssl dgst -sha256 -binary 2>/dev/null | base64) || true
if [ -z "$pin" ]; then
	pin=$(certtool -i --infile "$PKI/server.pem" 2>/dev/null | sed -n 's/.*pin-sha256:\([A-Za-z0-9+/=]*\).*/\1/p' | head -n1)
fi
[ -n "$pin" ] || skip "cannot compute the pin"
write_config "pin = sha256//$pin"
run_mogoplus token
expect_status 0
write_config "pin = sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
run_mogoplus token
expect_status 69
expect_err '^mogoplus: default: TLS failure: '
[ "$(ds_stat token_requests)" -eq 1 ] || fail "the secret went to a server that failed the pin"
