#!/bin/sh
# auth_method = basic authenticates with HTTP Basic; a server that wants Basic refuses a form post.
. "$top_srcdir/tests/lib.sh"

start_devserver --auth-method basic
write_config "auth_method = basic"
run_mogoplus token
expect_status 0
write_config
run_mogoplus token
expect_status 77
expect_err 'invalid_client: client_id [^ ]* with the client secret from file:.*$'
# Secrets with form-special characters survive the encoding, both ways.
kill "$DS_PID"; wait "$DS_PID" 2>/dev/null
CLIENT_SECRET='a+b%c&d=e:f/g?h'
printf '%s %s\n' "$CLIENT_ID" "$CLIENT_SECRET" >"$T/clients"
printf '%s\n' "$CLIENT_SECRET" >"$T/secret"
start_devserver --auth-method any
write_config "auth_method = basic"
run_mogoplus token
expect_status 0
write_config
run_mogoplus token
expect_status 0
