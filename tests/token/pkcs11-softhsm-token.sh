#!/bin/sh
# cert and key as pkcs11: URIs in a SoftHSM 2 token: the key is imported
# not extractable, so the exchange works with no key file at all; the PIN
# comes from key_password (a file here, never argv); a wrong or missing PIN
# is one clear line, exit 78, and no request.
. "$top_srcdir/tests/lib.sh"

command -v softhsm2-util >/dev/null || skip "softhsm2 not installed"
command -v p11tool >/dev/null || skip "p11tool (gnutls-bin) not installed"
module=
for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/*/softhsm/libsofthsm2.so; do
	[ -f "$m" ] && module=$m && break
done
[ -n "$module" ] || skip "libsofthsm2.so not found"

start_devserver
# A token of our own: SOFTHSM2_CONF names a token folder in the test's dir.
mkdir -p "$T/softhsm/tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' \
	"$T/softhsm/tokens" >"$T/softhsm/softhsm2.conf"
SOFTHSM2_CONF=$T/softhsm/softhsm2.conf
export SOFTHSM2_CONF
PIN=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
softhsm2-util --init-token --free --label mogoplus-test --pin "$PIN" \
	--so-pin "$PIN$PIN" >/dev/null || fail "softhsm2-util --init-token"
# The setup is the test's (p11tool reads GNUTLS_PIN); mogoplus gets the PIN
# only from its key_password source.
GNUTLS_PIN=$PIN p11tool --provider "$module" --login --write \
	"pkcs11:token=mogoplus-test" --load-privkey "$PKI/client.key" \
	--label client --id 01 >/dev/null 2>&1 || fail "importing the key"
GNUTLS_PIN=$PIN p11tool --provider "$module" --login --write \
	"pkcs11:token=mogoplus-test" --load-certificate "$PKI/client.pem" \
	--label client --id 01 >/dev/null 2>&1 || fail "importing the certificate"
GNUTLS_PIN=$PIN p11tool --provider "$module" --login --list-privkeys \
	"pkcs11:token=mogoplus-test" >"$T/keys" 2>&1
grep -q 'CKA_SENSITIVE' "$T/keys" || { cat "$T/keys" >&2; fail "the key is not sensitive"; }
grep -q 'CKA_EXTRACTABLE' "$T/keys" && fail "the key can be extracted"

printf '%s' "$PIN" >"$T/pin"; chmod 600 "$T/pin"
write_config "key_password = file:$T/pin"
uri='pkcs11:token=mogoplus-test;object=client'
sed -i "s|^cert = .*|cert = $uri;type=cert|; s|^key = .*|key = $uri;type=private|" "$CONFIG"
grep -q '^key = pkcs11:' "$CONFIG" || fail "the profile still names a key file"
run_mogoplus token
expect_status 0
[ -s "$OUT" ] || fail "no token printed"
[ "$(ds_stat tokens_issued)" -eq 1 ] || fail "no token issued"

# A wrong PIN: one line naming the key and the cause, exit 78, no request.
printf '%s' "0$PIN" >"$T/badpin"; chmod 600 "$T/badpin"
sed -i "s|^key_password = .*|key_password = file:$T/badpin|" "$CONFIG"
run_mogoplus token
expect_status 78
expect_err "^mogoplus: default: .*client key: $uri;type=private: the token refused the PIN from key_password"
if grep -q -- "$PIN" "$ERR"; then fail "the PIN is in the error"; fi
# No PIN at all: the same, with the fix.
sed -i "/^key_password = /d" "$CONFIG"
run_mogoplus token
expect_status 78
expect_err "needs a PIN, and the profile has no key_password"
[ "$(ds_stat token_requests)" -eq 1 ] || fail "a request was made without the right PIN"
# doctor names where the key lives, the token by its label, never the PIN.
printf '%s' "$PIN" >"$T/pin"
echo "key_password = file:$T/pin" >>"$CONFIG"
run_mogoplus doctor
grep -q "key.*in a PKCS#11 token 'mogoplus-test'" "$OUT" || { cat "$OUT" >&2; fail "doctor does not name the token"; }
if grep -q -- "$PIN" "$OUT" "$ERR"; then fail "doctor printed the PIN"; fi
# A PIN inside the URI would show wherever the URI is named: refused.
sed -i "s|^key = .*|key = $uri;type=private?pin-value=$PIN|" "$CONFIG"
run_mogoplus token
expect_status 78
expect_err "holds pin-value: put the PIN in key_password"
if grep -q -- "$PIN" "$ERR"; then fail "the PIN from the URI is in the error"; fi
