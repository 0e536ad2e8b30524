#!/bin/sh
# A key from another certificate is named as not matching (the public keys
# are compared) before any connection: exit 78.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-ux.sh"

start_devserver
write_config
set_key "key=$PKI/rogue-client.key"
expect_token_fails 78 "^mogoplus: default: client key: $PKI/rogue-client.key: does not match the certificate $PKI/client.pem \(another public key; use the key issued with that certificate\)\$"
