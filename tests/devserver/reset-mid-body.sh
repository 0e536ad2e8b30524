#!/bin/sh
# --reset-mid-body sends the headers and half the body, then resets the
# connection: the client sees the reset (curl: error 56), and mogoplus
# fails as unavailable (exit 69) with one line, printing no half token.
. "$top_srcdir/tests/lib.sh"

start_devserver --reset-mid-body
write_config
rc=0
curl -s -o "$T/half" --cacert "$PKI/ca.pem" --cert "$PKI/client.pem" --key "$PKI/client.key" \
	--data-binary @"$T/form" -H 'Content-Type: application/x-www-form-urlencoded' \
	"$URL?grant_type=client_credentials" || rc=$?
[ "$rc" -eq 56 ] || fail "curl exit $rc, expected 56 (connection reset)"
grep -q '"access_token"' "$T/half" || fail "the headers and the first half did not arrive"
run_mogoplus token
expect_status 69
[ "$(wc -l <"$ERR")" -eq 1 ] || { cat "$ERR" >&2; fail "stderr is not one line"; }
[ ! -s "$OUT" ] || fail "something was printed on stdout"
[ "$(ds_stat tokens_issued)" -eq 0 ] || fail "a cut token was kept as issued"
