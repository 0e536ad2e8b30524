#!/bin/sh
# A server that wants grant_type elsewhere answers unsupported_grant_type: exit 77.
. "$top_srcdir/tests/lib.sh"

# The server reads grant_type only from the form; we send it in the query.
start_devserver --grant-type-in body
write_config
run_mogoplus token
expect_status 77
expect_err '^mogoplus: default: token request rejected: unsupported_grant_type \(OAuth 2.0 Parameter: grant_type\)$'
# With grant_type_in = body the same server hands out a token.
write_config "grant_type_in = body"
run_mogoplus token
expect_status 0
