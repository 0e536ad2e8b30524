#!/bin/sh
# login stores the client secret in the keyring (file or stdin, never argv); logout and logout --all forget, naming what they removed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-keyring.sh"
start_keyring_test "client_secret = keyring"
run_mogoplus token
expect_status 78
expect_err "^mogoplus: default: client secret unavailable: no client_secret for $CLIENT_ID in the keyring \\(run mogoplus login -p default\\)$"
# The console's download.
printf '{"clientName":"test","clientId":"%s","clientSecret":"%s"}\n' "$CLIENT_ID" "$CLIENT_SECRET" >"$T/console.json"
run_mogoplus login --from-file "$T/console.json"; expect_status 0
[ "$(keyring_count ai.mogoplus.ClientSecret)" -eq 1 ] || fail "no secret item"
secret-tool search --all xdg:schema ai.mogoplus.ClientSecret 2>&1 | grep -q "label = Mogoplus client secret for $CLIENT_ID" ||
	fail "the secret's label is not for people"
run_mogoplus token; expect_status 0
run_mogoplus status; grep -q 'client_secret: keyring' "$OUT" || fail "status"
# A file for another client is refused.
printf '{"clientId":"other","clientSecret":"x"}' >"$T/other.json"
run_mogoplus login --from-file "$T/other.json"; expect_status 64
expect_err 'is for client other, but the profile.s client_id is'
# logout: tokens gone from both tiers, the secret stays.
run_mogoplus logout; expect_status 0
[ "$(keyring_count ai.mogoplus.Token)" -eq 0 ] || fail "logout left a token in the keyring"
# It names what it removed: the runtime file by its path, the keyring's item.
grep -qx "$CACHEDIR/t-[0-9a-f]*: cached token removed" "$OUT" || fail "logout said: $(cat "$OUT")"
grep -qx "keyring: access token for $CLIENT_ID removed" "$OUT" || fail "logout said: $(cat "$OUT")"
[ "$(wc -l <"$OUT")" -eq 2 ] || fail "logout said more: $(cat "$OUT")"
run_mogoplus status; grep -q 'none cached' "$OUT" || fail "logout left a token"
run_mogoplus token; expect_status 0
[ "$(ds_stat tokens_issued)" -eq 2 ] || fail "no new token after logout"
# logout --all: the secret too; then login from stdin brings it back.
run_mogoplus logout --all; expect_status 0
[ "$(keyring_count ai.mogoplus.ClientSecret)" -eq 0 ] || fail "logout --all left the secret"
grep -qx "keyring: client secret for $CLIENT_ID removed" "$OUT" || fail "logout --all said: $(cat "$OUT")"
[ "$(wc -l <"$OUT")" -eq 3 ] || fail "logout --all said: $(cat "$OUT")"
run_mogoplus token; expect_status 78
printf '%s\n' "$CLIENT_SECRET" | "$MOGOPLUS" login >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; fail "login from stdin"; }
grep -qF -- "$CLIENT_SECRET" "$T/out" "$T/err" && fail "login echoed the secret"
run_mogoplus token; expect_status 0
check_no_dialog
