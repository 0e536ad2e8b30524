#!/bin/sh
# Setup is all or nothing. A wrong secret in the console's JSON: exit 77
# with the line `mogoplus token` gives, and HOME byte for byte as before
# (no profile, no secret, no git or Docker change). A key file others can
# read: exit 78 naming the file and chmod 600, nothing written. In CI (no
# terminal) each missing input is a usage error (64) naming its flag.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-setup.sh"
command -v git >/dev/null 2>&1 || skip "git is not installed"

start_devserver
console_files not-the-secret
# A HOME with a git config of its own, to see that it is not touched.
git config --global user.name "First Day"
home_snapshot "$T/before"
sleep 0.01

run_setup --git https://git.example.com --docker registry.example.com </dev/null
expect_status 77
expect_err "^mogoplus: default: token request rejected: invalid_client: client_id $CLIENT_ID with the client secret from $DL/client.json\$"
home_snapshot "$T/after"
diff "$T/before" "$T/after" >&2 || fail "a refused setup changed HOME"
[ ! -s "$OUT" ] || fail "a refused setup said on stdout: $(cat "$OUT")"
[ "$(ds_stat token_requests)" -eq 1 ] || fail "$(ds_stat token_requests) token requests"

# The key open to others: refused before any request, by the rule of use.
console_files
chmod 644 "$DL/client.key"
run_setup --git https://git.example.com </dev/null
expect_status 78
expect_err "^mogoplus: default: client key: $DL/client.key: open to group or others, mode 0644 \\(chmod 600 $DL/client.key\\)\$"
home_snapshot "$T/after"
diff "$T/before" "$T/after" >&2 || fail "a refused key changed HOME"
[ "$(ds_stat token_requests)" -eq 1 ] || fail "the bad key reached the server"
chmod 600 "$DL/client.key"

# CI: no terminal, so every input comes from a flag; a missing one is named.
run_mogoplus setup --cert "$DL/client.pem" --key "$DL/client.key" --token-url "$URL" </dev/null
expect_status 64
expect_err '^mogoplus: default: usage: --from-file CONSOLE.json is needed: no terminal to ask for the client id and secret on$'
run_mogoplus setup --from-file "$DL/client.json" --token-url "$URL" </dev/null
expect_status 64
expect_err '^mogoplus: default: usage: --cert PATH is needed'
run_mogoplus setup --from-file "$DL/client.json" --cert "$DL/client.pem" --key "$DL/client.key" </dev/null
expect_status 64
expect_err '^mogoplus: default: usage: --environment sandbox\|uat or --token-url URL is needed'
run_mogoplus setup --from-file "$DL/client.json" --cert "$DL/client.pem" \
	--key "$DL/client.key" --token-url "$URL" --secret-store vault </dev/null
expect_status 64
expect_err "secret-store vault: want keyring, kernel or file"
home_snapshot "$T/after"
diff "$T/before" "$T/after" >&2 || fail "a usage error changed HOME"
exit 0
