#!/bin/sh
# The cached token follows the client certificate: a certificate swapped in
# place makes the next call fetch (runtime and keyring tiers alike), and
# putting the old one back finds its token again without a request.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-keyring.sh"
start_keyring
CACHE_MODE=auto

start_devserver
make_pki
cp "$PKI/client.pem" "$T/cert.pem"; cp "$PKI/client.key" "$T/cert.key"
chmod 600 "$T/cert.key"
write_config
sed -i "s|^cert = .*|cert = $T/cert.pem|; s|^key = .*|key = $T/cert.key|" "$CONFIG"
run_mogoplus token; expect_status 0; first=$(cat "$OUT")
run_mogoplus token; expect_status 0
[ "$(ds_stat token_requests)" -eq 1 ] || fail "the second call was not a cache hit"
# Renewed: another certificate (and its key) at the same paths.
cp "$PKI/client-soon.pem" "$T/cert.pem"; cp "$PKI/client-soon.key" "$T/cert.key"
run_mogoplus token; expect_status 0; second=$(cat "$OUT")
[ "$(ds_stat token_requests)" -eq 2 ] || fail "a swapped certificate was served the old token"
[ "$first" != "$second" ] || fail "the same token for another certificate"
# The keyring tier follows it too: without the runtime files, still no
# token of the other certificate.
rm -rf "$CACHEDIR"
cp "$PKI/client.pem" "$T/cert.pem"; cp "$PKI/client.key" "$T/cert.key"
run_mogoplus token; expect_status 0
[ "$(cat "$OUT")" = "$first" ] || fail "the first certificate's token was not found again"
[ "$(ds_stat token_requests)" -eq 2 ] || fail "the first certificate's token was fetched again"
cp "$PKI/client-soon.pem" "$T/cert.pem"; cp "$PKI/client-soon.key" "$T/cert.key"
run_mogoplus token; expect_status 0
[ "$(cat "$OUT")" = "$second" ] || fail "the keyring gave another certificate's token"
[ "$(ds_stat token_requests)" -eq 2 ] || fail "a cached token was fetched again"
check_no_dialog
