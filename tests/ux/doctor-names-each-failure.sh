#!/bin/sh
# mogoplus doctor: one line per check; all pass against a working setup
# (exit 0, no token and no secret printed, JSON without escaped slashes);
# a server that is down, a wrong CA, an expired certificate and a wrong
# secret each give a ✗ line that names the cause, and exit with the
# status of the first failed check (mogoplus(1): 69 server down or wrong
# CA, 78 expired certificate, 77 wrong secret).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-ux.sh"

start_devserver
CACHE_MODE=file
write_config
export XDG_RUNTIME_DIR=$T/run
mkdir -p "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
run_mogoplus token
expect_status 0
TOKEN=$(cat "$OUT")

run_mogoplus doctor
expect_status 0
grep -qF -- "$TOKEN" "$OUT" "$ERR" && fail "doctor printed the token"
grep -q '^✗' "$OUT" && fail "a check failed: $(cat "$OUT")"
for c in config files certificate ca dns tcp tls token keyring cache git docker podman; do
	grep -q "^✓ $c: " "$OUT" || fail "no ✓ line for $c: $(cat "$OUT")"
done
grep -q "^✓ certificate: subject CN=mogoplus-test-client, issuer CN=mogoplus test CA, valid .* days left), key matches\$" "$OUT" ||
	fail "certificate line: $(grep certificate "$OUT")"
grep -q "^✓ tls: handshake with the client certificate; server certificate CN=localhost, expires 20" "$OUT" ||
	fail "tls line: $(grep tls "$OUT")"
grep -q "^✓ cache: safe; holds a fresh token" "$OUT" || fail "cache line: $(grep cache "$OUT")"

run_mogoplus doctor --json
expect_status 0
grep -q '\\/' "$OUT" && fail "escaped slashes in JSON: $(cat "$OUT")"
grep -q "\"detail\":\"token_url's host resolves\"" "$OUT" || fail "no dns check in JSON"
grep -qF "$PKI/client.pem" "$OUT" || fail "the certificate path is not in the JSON as written"

# Wrong secret: the token request names the server's refusal.
printf 'not-the-secret\n' >"$T/secret"
run_mogoplus doctor
[ "$STATUS" -eq 77 ] || fail "wrong secret: exit $STATUS"
grep -q "^✗ token: token request rejected: invalid_client" "$OUT" || fail "wrong secret: $(cat "$OUT")"
# A file: secret is not fixed by mogoplus login, which writes the keyring.
grep -A1 '^✗ token' "$OUT" | grep -q 'mogoplus login' && fail "file: secret, login hinted: $(cat "$OUT")"
grep -A1 '^✗ token' "$OUT" | grep -q 'client secret file holds' || fail "file: secret hint: $(cat "$OUT")"
printf '%s\n' "$CLIENT_SECRET" >"$T/secret"

# A registry wired for podman whose registries.conf drop-in is gone: podman
# logout would not reach the helper. The podman check fails (78) and says
# how to write it again; configure-docker does, and the check passes.
run_mogoplus configure-docker registry.example.com:5000; expect_status 0
DROPIN=$HOME/.config/containers/registries.conf.d/mogoplus.conf
run_mogoplus doctor; expect_status 0
grep -qF "✓ podman: $XDG_CONFIG_HOME/containers/auth.json: mogoplus answers for registry.example.com:5000; podman login and logout ask it first ($DROPIN)" "$OUT" ||
	fail "podman line with the drop-in: $(grep podman "$OUT")"
rm "$DROPIN"
run_mogoplus doctor
[ "$STATUS" -eq 78 ] || fail "missing drop-in: exit $STATUS"
grep -qF "✗ podman: $XDG_CONFIG_HOME/containers/auth.json: mogoplus answers for registry.example.com:5000; but podman login and logout do not reach it: $DROPIN is missing" "$OUT" ||
	fail "missing drop-in: $(cat "$OUT")"
grep -q "mogoplus configure-docker REGISTRY writes it again" "$OUT" || fail "missing drop-in: no fix named: $(cat "$OUT")"
run_mogoplus configure-docker --remove registry.example.com:5000; expect_status 0

# Wrong CA: the TLS check names the ca in use.
write_config
set_key "ca=$PKI/rogue-ca.pem"
run_mogoplus doctor
[ "$STATUS" -eq 69 ] || fail "wrong CA: exit $STATUS"
grep -q "^✗ tls: TLS failure: the server certificate of 127.0.0.1 port $PORT cannot be verified with the ca in use ($PKI/rogue-ca.pem)" "$OUT" ||
	fail "wrong CA: $(cat "$OUT")"
# Reached, not trusted: the token line must not say it cannot be reached.
grep -q "^✗ token: not asked: the server was reached, but the TLS handshake failed" "$OUT" ||
	fail "wrong CA: token line: $(grep token "$OUT")"

# A key file that is not there: its own line is ✗ too, never ✓.
write_config
set_key "key=$T/no-such.key"
run_mogoplus doctor
[ "$STATUS" -eq 78 ] || fail "missing key: exit $STATUS"
grep -q "^✗ key: in a file $T/no-such.key, which does not exist" "$OUT" ||
	fail "missing key: $(cat "$OUT")"
grep -q "^✓ key:" "$OUT" && fail "missing key marked ✓: $(cat "$OUT")"
# ... and the server's handshake is not blamed for it.
grep -q "^✗ tls: not tried: the client certificate, key or CA is not usable" "$OUT" ||
	fail "missing key: tls line: $(grep tls "$OUT")"

# Expired certificate: the certificate check says so, with its date.
write_config
set_key "cert=$PKI/client-expired.pem"
set_key "key=$PKI/client-expired.key"
run_mogoplus doctor
[ "$STATUS" -eq 78 ] || fail "expired certificate: exit $STATUS"
grep -q "^✗ certificate: client certificate: $PKI/client-expired.pem: expired on 2021-01-01" "$OUT" ||
	fail "expired: $(cat "$OUT")"
# The cause is said once: the token request, which the engine would refuse
# for it, is not made and says why.
[ "$(grep -c "expired on 2021-01-01" "$OUT")" -eq 1 ] || fail "expired: the cause twice: $(cat "$OUT")"
grep -q "^✗ token: not asked: the client certificate, key or CA is not usable" "$OUT" ||
	fail "expired: token line: $(cat "$OUT")"

# Server down: TCP says nothing listens there; no token request is made.
write_config
kill "$DS_PID"; wait "$DS_PID" 2>/dev/null
run_mogoplus doctor
[ "$STATUS" -eq 69 ] || fail "server down: exit $STATUS"
grep -q "^✗ tcp: token endpoint unavailable: cannot connect to 127.0.0.1 port $PORT after [0-9]* ms: connection refused" "$OUT" ||
	fail "server down: $(cat "$OUT")"
grep -q "^✗ token: not asked: the server cannot be reached" "$OUT" || fail "token line when down: $(cat "$OUT")"

# No failure anywhere above had a hint that only says to look elsewhere.
grep -rq 'see the message' "$T"/out* && fail "a hint says 'see the message'"

# Unknown options and --help.
run_mogoplus doctor --bogus
expect_status 64
run_mogoplus doctor --help
expect_status 0
grep -q '^usage: mogoplus doctor' "$OUT" || fail "no usage"
exit 0
