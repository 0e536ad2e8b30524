#!/bin/sh
# A password-protected key works (password from a file); a PKCS#12 certificate works
# where libcurl+GnuTLS can read it (8.11+), else is a clear configuration error.
. "$top_srcdir/tests/lib.sh"

start_devserver
write_config
sed -i "s|^cert = .*|cert = $PKI/client.p12|; /^key = /d" "$CONFIG"
echo "key_password = file:$PKI/client.p12.pass" >>"$CONFIG"
run_mogoplus token
v=$(curl-config --vernum 2>/dev/null || echo 0)
if [ "$((0x$v))" -ge "$((0x080b00))" ]; then
	expect_status 0
else
	expect_status 78
	expect_err '^mogoplus: default: bad configuration: cert: PKCS#12 needs libcurl 8.11 or newer'
	[ "$(ds_stat token_requests)" -eq 0 ] || fail "a request was made"
fi
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
