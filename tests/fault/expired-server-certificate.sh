#!/bin/sh
# A token server whose certificate expired: exit 69, one line that says the
# server's certificate is the problem, nothing sent, nothing cached.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-fault.sh"

make_pki
start_devserver --cert "$PKI/server-expired.pem" --key "$PKI/server-expired.key"
write_config
run_mogoplus token
expect_failure 69 '^mogoplus: default: .*(certificate|TLS).*expired'
note "$(cat "$ERR")"
[ "$(ds_stat token_requests)" -eq 0 ] || fail "a request reached a server with an expired certificate"
