#!/bin/sh
# A 403 with an empty body is a rejection named by its HTTP status: exit 77.
. "$top_srcdir/tests/lib.sh"

start_devserver --reject-status 403
write_config
printf 'wrong-secret\n' >"$T/wrong"; chmod 600 "$T/wrong"
sed -i "s|^client_secret = .*|client_secret = file:$T/wrong|" "$CONFIG"
run_mogoplus token
expect_status 77
expect_err '^mogoplus: default: token request rejected: HTTP 403$'
