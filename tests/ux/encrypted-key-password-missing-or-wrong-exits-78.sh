#!/bin/sh
# An encrypted key without key_password, or with a wrong one: exit 78, a
# line saying which, and never the password.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-ux.sh"

start_devserver
write_config
set_key "key=$PKI/client-enc.key"
expect_token_fails 78 "^mogoplus: default: client key: $PKI/client-enc.key: encrypted, and the profile has no key_password \(add key_password = file:PATH, env:VAR or keyring\)\$"

printf 'wrong-password-42\n' >"$T/badpass"; chmod 600 "$T/badpass"
set_key "key_password=file:$T/badpass"
expect_token_fails 78 "^mogoplus: default: client key: $PKI/client-enc.key: cannot decrypt it with key_password \(wrong password\?\)\$"
grep -q wrong-password-42 "$ERR" && fail "the key password is in the message"

set_key "key_password=file:$PKI/client-enc.key.pass"
run_mogoplus token
expect_status 0
exit 0
