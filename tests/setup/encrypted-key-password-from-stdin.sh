#!/bin/sh
# An encrypted key: --key-password-stdin takes its password from stdin,
# proves it with the token request (from a private temporary copy: the
# password file is written only after), keeps it in a 0600 file beside the
# config, and a wrong password is refused (78) with nothing written.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-setup.sh"

start_devserver
console_files
cp "$PKI/client-enc.key" "$DL/enc.key"
chmod 600 "$DL/enc.key"
home_snapshot "$T/before"
run_mogoplus setup --from-file "$DL/client.json" --cert "$DL/client.pem" --key "$DL/enc.key" \
	--ca "$PKI/ca.pem" --token-url "$URL" --secret-store file --key-password-stdin <<EOF2
not-the-password
EOF2
expect_status 78
expect_err "^mogoplus: default: client key: $DL/enc.key: cannot decrypt it with key_password"
home_snapshot "$T/after"
diff "$T/before" "$T/after" >&2 || fail "a wrong key password changed HOME"

run_mogoplus setup --from-file "$DL/client.json" --cert "$DL/client.pem" --key "$DL/enc.key" \
	--ca "$PKI/ca.pem" --token-url "$URL" --secret-store file --key-password-stdin <"$PKI/client-enc.key.pass"
expect_status 0
kp=$XDG_CONFIG_HOME/mogoplus/default.key-password
grep -qxF "$kp: key password stored (mode 600)" "$OUT" || fail "the password file is not named: $(cat "$OUT")"
[ "$(stat -c %a "$kp")" = 600 ] || fail "the password file is mode $(stat -c %a "$kp")"
grep -q "^key_password = file:$kp\$" "$CONFIG" || fail "no key_password line: $(cat "$CONFIG")"
grep -rqF -- "$(cat "$PKI/client-enc.key.pass")" "$CONFIG" "$OUT" "$ERR" && fail "the password is in the config or the output"
run_mogoplus logout; expect_status 0
run_mogoplus token; expect_status 0
exit 0
