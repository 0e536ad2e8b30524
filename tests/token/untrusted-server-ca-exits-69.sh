#!/bin/sh
# A server whose certificate our CA did not sign is refused: exit 69, no request.
. "$top_srcdir/tests/lib.sh"

make_pki
# The server presents the rogue CA's certificate.
start_devserver --cert "$PKI/rogue-server.pem" --key "$PKI/rogue-server.key"
write_config
run_mogoplus token
expect_status 69
expect_err '^mogoplus: default: TLS failure: '
[ "$(ds_stat token_requests)" -eq 0 ] || fail "the secret was sent to an untrusted server"
