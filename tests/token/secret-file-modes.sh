#!/bin/sh
# A client secret file others can read is refused (exit 78) and never sent.
. "$top_srcdir/tests/lib.sh"

start_devserver
write_config
chmod 644 "$T/secret"
run_mogoplus token
expect_status 78
expect_err "^mogoplus: default: client secret file: $T/secret: open to group or others, mode 0644 \\(chmod 600 $T/secret\\)$"
[ "$(ds_stat token_requests)" -eq 0 ] || fail "a request was made"
chmod 600 "$T/secret"
run_mogoplus token
expect_status 0
# A literal secret in the config is refused without echoing it.
sed -i "s|^client_secret = .*|client_secret = $CLIENT_SECRET|" "$CONFIG"
run_mogoplus token
expect_status 78
expect_err 'client_secret must be keyring, kernel, file:PATH, env:VAR or credential:NAME$'
