#!/bin/sh
# A valid client gets a Bearer token on stdout and nothing on stderr.
. "$top_srcdir/tests/lib.sh"

start_devserver
write_config
run_mogoplus token
expect_status 0
[ ! -s "$ERR" ] || { cat "$ERR" >&2; fail "stderr is not empty"; }
[ "$(wc -l <"$OUT")" -eq 1 ] || fail "stdout is not one line"
tok=$(cat "$OUT")
printf '%s' "$tok" | grep -qE '^[A-Za-z0-9._~+/-]+=*$' || fail "not a token: $tok"
[ "$(ds_stat tokens_issued)" -eq 1 ] || fail "the server issued $(ds_stat tokens_issued) tokens"
# The dev server knows the token it issued: it is live.
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$PKI/ca.pem" \
	--cert "$PKI/client.pem" --key "$PKI/client.key" \
	-H @- "https://127.0.0.1:$PORT/auth-check" <<H
Authorization: Bearer $tok
H
)
[ "$code" = 204 ] || fail "auth-check says $code for the token we got"
