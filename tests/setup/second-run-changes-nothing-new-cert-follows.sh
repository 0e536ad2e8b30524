#!/bin/sh
# Run twice with the same arguments, setup changes no file (bytes and
# mtimes compared) and says nothing changed. With another certificate it
# updates the profile, keeps every other byte of the file, and the cached
# token follows the new certificate: the next `mogoplus token` asks the
# server nothing, and never hands out the old certificate's token.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-setup.sh"
command -v git >/dev/null 2>&1 || skip "git is not installed"

start_devserver
console_files
# A file of the user's own, with a comment and another profile.
printf '# mine\n[profile other]\ntoken_url = https://other.invalid/t\nclient_id = x\ncert = /x.pem\n' >"$CONFIG"
run_setup --git https://git.example.com/team/ --docker registry.example.com:5000
expect_status 0
grep -q '^# mine$' "$CONFIG" || fail "the user's comment is gone"
grep -q '^\[profile other\]$' "$CONFIG" || fail "the other profile is gone"
grep -q '^\[git https://git.example.com/team\]$' "$CONFIG" || fail "no [git URL] (trailing slash dropped): $(cat "$CONFIG")"
run_mogoplus token; expect_status 0
first=$(cat "$OUT")
[ "$(ds_stat token_requests)" -eq 1 ] || fail "setup's token was not cached"

home_snapshot "$T/before"
sleep 0.01
run_setup --git https://git.example.com/team/ --docker registry.example.com:5000
expect_status 0
grep -q '^nothing changed: profile default was already set up this way; a token request succeeded' "$OUT" ||
	fail "the second run did not say nothing changed: $(cat "$OUT")"
grep -v '^nothing' "$OUT" | grep -q . && fail "the second run named changes: $(cat "$OUT")"
home_snapshot "$T/after"
diff "$T/before" "$T/after" >&2 || fail "the second run changed a file"
[ "$(ds_stat token_requests)" -eq 2 ] || fail "the second run did not prove it with a request"

# Another certificate from the same CA (renewed): the profile follows.
cp "$PKI/client-soon.pem" "$DL/client2.pem"
cp "$PKI/client-soon.key" "$DL/client2.key"
chmod 600 "$DL/client2.key"
run_mogoplus setup --from-file "$DL/client.json" --cert "$DL/client2.pem" \
	--key "$DL/client2.key" --ca "$PKI/ca.pem" --token-url "$URL" --secret-store file
expect_status 0
grep -qF "$CONFIG: [profile default] updated" "$OUT" || fail "the update is not named: $(cat "$OUT")"
grep -q "^cert = $DL/client2.pem\$" "$CONFIG" || fail "cert not updated: $(cat "$CONFIG")"
grep -q '^# mine$' "$CONFIG" || fail "the user's comment is gone after the update"
[ "$(ds_stat token_requests)" -eq 3 ] || fail "$(ds_stat token_requests) requests"
run_mogoplus token; expect_status 0
[ "$(ds_stat token_requests)" -eq 3 ] || fail "the new certificate's token was not cached by setup"
[ "$(cat "$OUT")" != "$first" ] || fail "token still hands out the old certificate's token"
exit 0
