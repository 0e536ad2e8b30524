#!/bin/sh
# With a keyring, a token survives losing the runtime dir: a keyring hit, no request, the file refilled.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-keyring.sh"
start_keyring_test
run_mogoplus token; expect_status 0; first=$(cat "$OUT")
[ ! -s "$ERR" ] || { cat "$ERR" >&2; fail "warnings with a working keyring"; }
[ "$(keyring_count ai.mogoplus.Token)" -eq 1 ] || fail "no token item in the keyring"
rm -rf "$CACHEDIR"
run_mogoplus token; expect_status 0
[ "$(cat "$OUT")" = "$first" ] || fail "the keyring did not give back the same token"
[ "$(ds_stat token_requests)" -eq 1 ] || fail "a keyring hit made a request"
ls "$CACHEDIR"/t-* >/dev/null 2>&1 || fail "the keyring hit did not refill the runtime tier"
# With a keyring answering, a runtime hit still loads no libsecret, GIO or module.
LD_DEBUG=files "$MOGOPLUS" token 2>"$T/ld" >/dev/null || fail "the warm call failed"
grep -q 'file=.*libglib' "$T/ld" || fail "LD_DEBUG shows nothing: the check is blind"
if grep -E 'file=.*(libsecret|libgio|keyring\.so|engine\.so|libcurl|libgnutls)' "$T/ld"; then
	fail "a runtime hit loaded the keyring or TLS machinery"
fi
# And the status says where it came from: now the runtime tier again.
run_mogoplus status; grep -q '(runtime tier)' "$OUT" || fail "status tier"
rm -rf "$CACHEDIR"
run_mogoplus status; grep -q '(keyring tier)' "$OUT" || { cat "$OUT" >&2; fail "status keyring tier"; }
check_no_dialog
