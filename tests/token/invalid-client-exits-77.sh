#!/bin/sh
# A wrong client secret is rejected: exit 77, 'invalid_client' named.
. "$top_srcdir/tests/lib.sh"

start_devserver
write_config
printf 'wrong-secret\n' >"$T/wrong"; chmod 600 "$T/wrong"
sed -i "s|^client_secret = .*|client_secret = file:$T/wrong|" "$CONFIG"
run_mogoplus token
expect_status 77
expect_err '^mogoplus: default: token request rejected: invalid_client$'
[ ! -s "$OUT" ] || fail "stdout is not empty"
grep -q wrong-secret "$ERR" && fail "the secret is in the error"
[ "$(ds_stat token_requests)" -eq 1 ] || fail "a 401 was retried"
