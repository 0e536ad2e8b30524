#!/bin/sh
# A ca file that is missing or holds no certificate is named before any
# connection: exit 78.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-ux.sh"

start_devserver
write_config
set_key "ca=$T/missing-ca.pem"
expect_token_fails 78 "^mogoplus: default: CA file: $T/missing-ca.pem: No such file or directory \(fix ca = in the profile\)\$"

printf '# my CA goes here\n' >"$T/empty-ca.pem"
set_key "ca=$T/empty-ca.pem"
expect_token_fails 78 "^mogoplus: default: CA file: $T/empty-ca.pem: holds no PEM certificate \(found text without a '-----BEGIN' line\)\$"

set_key "ca=$PKI/ca.key"
expect_token_fails 78 "^mogoplus: default: CA file: $PKI/ca.key: holds no PEM certificate \(found a PEM 'EC PRIVATE KEY' block\)\$"
