#!/bin/sh
# A missing, non-regular or garbage certificate or key (or a missing secret
# file) is found before any connection: exit 78, one line "client key: PATH:
# CAUSE (FIX)" naming the file's role, the file and what is wrong with it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-ux.sh"

start_devserver
write_config
set_key "cert=$T/nope.pem"
expect_token_fails 78 "^mogoplus: default: client certificate: $T/nope.pem: No such file or directory \\(fix cert = in the profile\\)\$"

mkdir "$T/adir"
set_key "cert=$T/adir"
expect_token_fails 78 "^mogoplus: default: client certificate: $T/adir: not a regular file\$"

printf 'hello, I am not a certificate\n' >"$T/garbage.pem"
set_key "cert=$T/garbage.pem"
expect_token_fails 78 "^mogoplus: default: client certificate: $T/garbage.pem: not a certificate: found text without a '-----BEGIN' line\$"

# The key where the certificate should be: the label says so.
set_key "cert=$PKI/client.key"
expect_token_fails 78 "^mogoplus: default: client certificate: $PKI/client.key: not a certificate: found a PEM 'EC PRIVATE KEY' block \\(cert and key swapped\\?\\)\$"

write_config
set_key "key=$T/nokey.key"
# The private-file rule of core/source.c finds this one before the engine
# does: it names the file as the engine would, with the fix.
expect_token_fails 78 "^mogoplus: default: client key: $T/nokey.key: No such file or directory \\(fix key = in the profile\\)\$"

# A missing client secret file reads alike.
write_config
set_key "client_secret=file:$T/nosecret"
expect_token_fails 78 "^mogoplus: default: client secret file: $T/nosecret: No such file or directory \\(fix client_secret = file:PATH in the profile\\)\$"
write_config
set_key "key=$T/nokey.key"

# The certificate where the key should be (a private copy: the key rule
# wants mode 600 first).
cp "$PKI/client.pem" "$T/cert-as-key.pem"; chmod 600 "$T/cert-as-key.pem"
set_key "key=$T/cert-as-key.pem"
expect_token_fails 78 "^mogoplus: default: client key: $T/cert-as-key.pem: not a private key: found a PEM 'CERTIFICATE' block \\(cert and key swapped\\?\\)\$"

head -c 300 /dev/urandom >"$T/random.key"; chmod 600 "$T/random.key"
set_key "key=$T/random.key"
expect_token_fails 78 "^mogoplus: default: client key: $T/random.key: not a private key: found binary data"

# The good pair still works, with nothing on stderr.
write_config
run_mogoplus token
expect_status 0
[ -s "$ERR" ] && fail "stderr on success: $(cat "$ERR")"
exit 0
