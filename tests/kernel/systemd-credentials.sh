#!/bin/sh
# client_secret, key_password, cert and key = credential:NAME read
# $CREDENTIALS_DIRECTORY/NAME, as systemd fills it for a service from
# LoadCredential= or LoadCredentialEncrypted=: here a folder the test makes,
# from files sealed with `systemd-creds encrypt` (a host key of the test's
# own, never /var/lib/systemd's) and opened with `systemd-creds decrypt`.
# Outside a service (no CREDENTIALS_DIRECTORY): error 78 that says so.
. "$top_srcdir/tests/lib.sh"
unset MOGOPLUS_RUNTIME_STORE
CACHE_MODE=none
command -v systemd-creds >/dev/null 2>&1 || skip "systemd-creds missing (Debian: systemd)"

start_devserver
keypw=$(cat "$PKI/client-enc.key.pass")
# What an administrator does once: seal each secret to the host key.
export SYSTEMD_CREDENTIAL_SECRET="$T/host.secret"
mkdir -m 700 "$T/sealed" "$T/creds"
printf '%s' "$CLIENT_SECRET" >"$T/plain"
chmod 600 "$T/plain"
for c in client-secret:"$T/plain" key-password:"$PKI/client-enc.key.pass" \
	client-cert:"$PKI/client.pem" client-key:"$PKI/client-enc.key"; do
	name=${c%%:*}
	systemd-creds encrypt --with-key=host --name="$name" "${c#*:}" \
		"$T/sealed/$name.cred" 2>"$T/creds.err" ||
		{ cat "$T/creds.err" >&2; fail "systemd-creds encrypt $name failed"; }
done
rm -f "$T/plain"
grep -qF "$CLIENT_SECRET" "$T/sealed/client-secret.cred" && fail "the sealed file holds the secret in clear"
# What systemd does when the service starts: open them into a private folder.
for name in client-secret key-password client-cert client-key; do
	systemd-creds decrypt --name="$name" "$T/sealed/$name.cred" "$T/creds/$name" \
		2>"$T/creds.err" || { cat "$T/creds.err" >&2; fail "systemd-creds decrypt $name failed"; }
	chmod 400 "$T/creds/$name"
done
unset SYSTEMD_CREDENTIAL_SECRET

{
	echo "[profile default]"
	echo "token_url = $URL"
	echo "client_id = $CLIENT_ID"
	echo "client_secret = credential:client-secret"
	echo "cert = credential:client-cert"
	echo "key = credential:client-key"
	echo "key_password = credential:key-password"
	echo "ca = $PKI/ca.pem"
	echo "cache = none"
} >"$CONFIG"
CREDENTIALS_DIRECTORY=$T/creds run_mogoplus token; expect_status 0
[ -s "$OUT" ] || fail "no token from the credentials"
[ "$(ds_stat token_requests)" -eq 1 ] || fail "no request reached the server"
# The credentials folder systemd makes is the service's: the secret-file
# rule holds there too (a credential open to others is refused).
chmod 644 "$T/creds/client-secret"
CREDENTIALS_DIRECTORY=$T/creds run_mogoplus token; expect_status 78
expect_err "client secret file: $T/creds/client-secret: open to group or others"
chmod 400 "$T/creds/client-secret"

# Outside a service.
run_mogoplus token; expect_status 78
expect_err "cert = credential:client-cert, but CREDENTIALS_DIRECTORY is not set: credential: works only in a systemd service"
sed -i 's|^cert = .*|cert = '"$T/creds/client-cert"'|; s|^key = .*|key = '"$T/creds/client-key"'|' "$CONFIG"
run_mogoplus token; expect_status 78
expect_err "client_secret = credential:client-secret, but CREDENTIALS_DIRECTORY is not set"
# A name that is no plain file name never leaves the folder.
sed -i 's|^client_secret = .*|client_secret = credential:../secret|' "$CONFIG"
CREDENTIALS_DIRECTORY=$T/creds run_mogoplus token; expect_status 78
expect_err "client_secret = credential:NAME: NAME must be a credential's name"
exit 0
