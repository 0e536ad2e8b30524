#!/bin/sh
# A wrong client secret is rejected: exit 77, 'invalid_client' named.
. "$top_srcdir/tests/lib.sh"

start_devserver
write_config
printf 'wrong-secret\n' >"$T/wrong"; chmod 600 "$T/wrong"
sed -i "s|^client_secret = .*|client_secret = file:$T/wrong|" "$CONFIG"
run_mogoplus token
expect_status 77
# It says where the secret came from: the user checks that file, not the id.
expect_err "^mogoplus: default: token request rejected: invalid_client: client_id $CLIENT_ID with the client secret from file:$T/wrong\$"
[ ! -s "$OUT" ] || fail "stdout is not empty"
grep -q wrong-secret "$ERR" && fail "the secret is in the error"
[ "$(ds_stat token_requests)" -eq 1 ] || fail "a 401 was retried"
# The same for a secret from the environment.
MOGOPLUS_CLIENT_SECRET=wrong-secret run_mogoplus token
expect_status 77
expect_err 'invalid_client: client_id [^ ]* with the client secret from env:MOGOPLUS_CLIENT_SECRET$'
