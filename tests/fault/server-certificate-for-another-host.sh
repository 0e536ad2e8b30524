#!/bin/sh
# A token server whose certificate names another host (other.example.com,
# not 127.0.0.1): exit 69, one line naming the mismatch, nothing sent,
# nothing cached.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-fault.sh"

make_pki
start_devserver --cert "$PKI/server-otherhost.pem" --key "$PKI/server-otherhost.key"
write_config
run_mogoplus token
expect_failure 69 '^mogoplus: default: .*(does not match|host ?name|other\.example\.com)'
note "$(cat "$ERR")"
[ "$(ds_stat token_requests)" -eq 0 ] || fail "a request reached a server of another name"
