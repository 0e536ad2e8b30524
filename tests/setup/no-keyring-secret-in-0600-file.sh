#!/bin/sh
# With no desktop keyring (no session bus) and no kernel keyring (its
# calls fail, as under Docker's seccomp profile), setup keeps the client
# secret in a 0600 file beside the config, says where and why, and the
# profile reads it from there: token works with nothing else.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-setup.sh"

start_devserver
console_files
NO_KEYCTL=$top_builddir/tests/kernel/no-keyctl
wrap=
[ -x "$NO_KEYCTL" ] && wrap=$NO_KEYCTL
secret=$XDG_CONFIG_HOME/mogoplus/default.secret
OUT=$T/out ERR=$T/err
$wrap "$MOGOPLUS" setup --from-file "$DL/client.json" --cert "$DL/client.pem" \
	--key "$DL/client.key" --ca "$PKI/ca.pem" --token-url "$URL" >"$OUT" 2>"$ERR"
STATUS=$?
expect_status 0
grep -q "^$secret: client secret of $CLIENT_ID stored; mode 600; no desktop keyring answers: no session bus: .*; no kernel keyring: " "$OUT" ||
	fail "the output does not say where and why: $(cat "$OUT")"
[ "$(stat -c %a "$secret")" = 600 ] || fail "the secret file is mode $(stat -c %a "$secret")"
[ "$(cat "$secret")" = "$CLIENT_SECRET" ] || fail "the secret file does not hold the secret"
grep -q "^client_secret = file:$secret\$" "$CONFIG" || fail "the profile does not read it: $(cat "$CONFIG")"
grep -qF -- "$CLIENT_SECRET" "$CONFIG" "$OUT" "$ERR" && fail "the secret is in the config or the output"
run_mogoplus logout; expect_status 0
run_mogoplus token; expect_status 0
exit 0
