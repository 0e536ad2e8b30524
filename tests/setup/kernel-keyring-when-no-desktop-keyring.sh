#!/bin/sh
# Where no desktop keyring answers and the kernel keyring is usable, setup
# keeps the client secret there (no file anywhere), says so and that it is
# gone at reboot, with the way to a file instead; the profile reads it
# from there, and a second run finds it there and changes nothing.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-kernel.sh"
. "$top_srcdir/tests/lib-setup.sh"

start_devserver
console_files
run_mogoplus setup --from-file "$DL/client.json" --cert "$DL/client.pem" \
	--key "$DL/client.key" --ca "$PKI/ca.pem" --token-url "$URL"
expect_status 0
sk=$(status_field client_secret_key)
grep -q "^kernel keyring: client secret of $CLIENT_ID stored; it is gone at reboot: --secret-store file keeps it in a file instead; no desktop keyring answers: no session bus" "$OUT" ||
	fail "the output does not say where, and that it goes at reboot: $(cat "$OUT")"
grep -q '^client_secret = kernel$' "$CONFIG" || fail "the profile does not read it: $(cat "$CONFIG")"
[ -n "$sk" ] || fail "status names no client secret key"
[ "$(kctl pipe "$sk")" = "$CLIENT_SECRET" ] || fail "key $sk does not hold the secret"
rm -f "$T/.kctl"
no_file_holds "$CLIENT_SECRET" "$T/home"
run_mogoplus logout; expect_status 0
run_mogoplus token; expect_status 0
run_mogoplus setup --from-file "$DL/client.json" --cert "$DL/client.pem" \
	--key "$DL/client.key" --ca "$PKI/ca.pem" --token-url "$URL"
expect_status 0
grep -q '^nothing changed' "$OUT" || fail "the second run: $(cat "$OUT")"
exit 0
