#!/bin/sh
# A password-protected key works (password from a file); a PKCS#12 bundle works
# on every libcurl (the engine decodes it; Debian 12's 7.88 cannot), and a
# wrong or missing PKCS#12 password is one clear line, exit 78, no request.
. "$top_srcdir/tests/lib.sh"

start_devserver
write_config
sed -i "s|^cert = .*|cert = $PKI/client.p12|; /^key = /d" "$CONFIG"
echo "key_password = file:$PKI/client.p12.pass" >>"$CONFIG"
run_mogoplus token
expect_status 0
[ -s "$OUT" ] || fail "no token from the PKCS#12 bundle"
[ "$(ds_stat tokens_issued)" -eq 1 ] || fail "no token issued for the PKCS#12 bundle"
run_mogoplus doctor
grep -q "key.*in a PKCS#12 file $PKI/client.p12" "$OUT" || { cat "$OUT" >&2; fail "doctor does not say PKCS#12"; }
if grep -qF -- "$(cat "$PKI/client.p12.pass")" "$OUT" "$ERR"; then fail "doctor printed the PKCS#12 password"; fi
grep -q "subject .*mogoplus-test-client" "$OUT" || fail "doctor did not read the PKCS#12 certificate"
before=$(ds_stat token_requests)
printf 'not-the-p12-password' >"$T/badp12"; chmod 600 "$T/badp12"
sed -i "s|^key_password = .*|key_password = file:$T/badp12|" "$CONFIG"
run_mogoplus token
expect_status 78
expect_err "^mogoplus: default: .*client certificate: $PKI/client.p12: cannot open the PKCS#12 file with key_password \\(wrong password\\?\\)$"
grep -q not-the-p12-password "$ERR" && fail "the PKCS#12 password is in the error"
sed -i "/^key_password = /d" "$CONFIG"
run_mogoplus token
expect_status 78
expect_err "client certificate: $PKI/client.p12: a PKCS#12 file needs its password"
[ "$(ds_stat token_requests)" -eq "$before" ] || fail "a request was made with a bad PKCS#12 password"
write_config "key_password = file:$PKI/client-enc.key.pass"
sed -i "s|^key = .*|key = $PKI/client-enc.key|" "$CONFIG"
run_mogoplus token
expect_status 0
# A wrong key password fails cleanly and names no password.
printf 'not-it\n' >"$T/badpass"; chmod 600 "$T/badpass"
sed -i "s|^key_password = .*|key_password = file:$T/badpass|" "$CONFIG"
run_mogoplus token
[ "$STATUS" -ne 0 ] || fail "a wrong key password worked"
grep -q not-it "$ERR" && fail "the key password is in the error"
expect_err '^mogoplus: default: '
