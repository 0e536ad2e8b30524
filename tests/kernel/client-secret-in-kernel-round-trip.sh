#!/bin/sh
# client_secret = kernel and key_password = kernel: login stores both in the
# persistent keyring, a token request reads them from there, status says
# where they are and when the kernel drops them, logout --all removes them.
# The secret is in no file and in no process's environment or argv. Where
# no Secret Service answers, login for client_secret = keyring says so and
# names client_secret = kernel.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-kernel.sh"
CACHE_MODE=file

start_devserver --delay-ms 300
keypw=$(cat "$PKI/client-enc.key.pass")
write_config "runtime_store = kernel" "client_secret = kernel" \
	"key = $PKI/client-enc.key" "key_password = kernel"
printf '%s\n%s\n' "$CLIENT_SECRET" "$keypw" | "$MOGOPLUS" login >"$T/out" 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "login failed"; }
grep -q 'client secret for .* stored in the kernel keyring' "$T/err" || fail "login did not say where"
grep -q 'key password stored in the kernel keyring' "$T/err" || fail "login did not say where the key password went"
sk=$(status_field client_secret_key)
kk=$(status_field key_password_key)
[ -n "$sk" ] && [ -n "$kk" ] || fail "status names no secret keys"
[ "$(kctl pipe "$sk")" = "$CLIENT_SECRET" ] || fail "key $sk does not hold the secret"
[ "$(kctl pipe "$kk")" = "$keypw" ] || fail "key $kk does not hold the key password"
kctl rdescribe "$sk" | cut -d';' -f4 | grep -q '0000$' || fail "the secret's key is open to others"

# A token with both from the kernel; meanwhile, no argv or environment
# holds the secret.
"$MOGOPLUS" token >"$T/tok" 2>"$T/err" &
pid=$!
sleep 0.15
for f in environ cmdline; do
	if tr '\0' '\n' <"/proc/$pid/$f" 2>/dev/null | grep -qF -- "$CLIENT_SECRET"; then
		fail "the secret is in the $f of mogoplus token"
	fi
done
wait $pid || { cat "$T/err" >&2; fail "token with secrets from the kernel failed"; }
[ -s "$T/tok" ] || fail "no token"
rm -f "$T/.kctl"
no_file_holds "$CLIENT_SECRET" "$T/home" "$T/tok" "$T/err" "$T/out"
run_mogoplus status; expect_status 0
grep -q "^kernel: .*persistent keyring [0-9]*, dropped at reboot or .*client secret key $sk; key password key $kk" "$OUT" ||
	{ cat "$OUT" >&2; fail "status does not say where the secrets are"; }
run_mogoplus doctor
grep -q '✓ kernel: ' "$OUT" || { cat "$OUT" >&2; fail "doctor's kernel line"; }

run_mogoplus logout --all; expect_status 0
grep -q "kernel keyring: client secret for $CLIENT_ID removed" "$OUT" || fail "logout did not say the secret went"
grep -q "kernel keyring: key password for $CLIENT_ID removed" "$OUT" || fail "logout did not say the key password went"
kctl pipe "$sk" >/dev/null 2>&1 && fail "logout left the secret's key"
run_mogoplus token; expect_status 78
expect_err "no client_secret for $CLIENT_ID in the kernel keyring \\(run mogoplus login"
run_mogoplus doctor
grep -A1 "✗ kernel: .*but no client secret of $CLIENT_ID" "$OUT" | grep -q 'mogoplus login stores it' || { cat "$OUT" >&2; fail "doctor did not say the secret is missing"; }

# No Secret Service here (lib.sh unset the bus): login for a keyring
# profile says so before it reads the secret, and names client_secret =
# kernel; with that option, login stores it and the token works.
write_config "runtime_store = kernel" "client_secret = keyring"
printf '%s\n' "$CLIENT_SECRET" | "$MOGOPLUS" login >"$T/out" 2>"$T/err"
[ $? -eq 69 ] || { cat "$T/err" >&2; fail "login without a Secret Service did not exit 69"; }
grep -q 'no desktop keyring .*set client_secret = kernel in the profile' "$T/err" ||
	{ cat "$T/err" >&2; fail "login did not name client_secret = kernel"; }
[ "$(wc -l <"$T/err")" -eq 1 ] || { cat "$T/err" >&2; fail "login said more than one line"; }
write_config "runtime_store = kernel" "client_secret = kernel"
printf '%s\n' "$CLIENT_SECRET" | "$MOGOPLUS" login >"$T/out" 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "login with client_secret = kernel failed"; }
run_mogoplus logout; run_mogoplus token; expect_status 0
exit 0
