#!/bin/sh
# token --header prints "Authorization: Bearer TOKEN", which curl reads
# with -H @- (the token never on a command line): the dev server's
# /auth-check, which answers 204 only for a bearer token it issued, lets
# that request through, and refuses the same request without the header.
. "$top_srcdir/tests/lib.sh"
command -v curl >/dev/null 2>&1 || skip "curl is not installed"
CACHE_MODE=file

start_devserver
write_config
check() {
	curl -s -o /dev/null -w '%{http_code}' --cacert "$PKI/ca.pem" \
		--cert "$PKI/client.pem" --key "$PKI/client.key" "$@" \
		"https://127.0.0.1:$PORT/auth-check"
}
[ "$(check </dev/null)" = 401 ] || fail "/auth-check let a request without a token through"
run_mogoplus token --header
expect_status 0
[ "$(wc -l <"$OUT")" -eq 1 ] || fail "--header printed more than one line"
tok=$("$MOGOPLUS" token) || fail "mogoplus token failed"
[ "$(cat "$OUT")" = "Authorization: Bearer $tok" ] || fail "--header printed: $(cat "$OUT")"
code=$("$MOGOPLUS" token --header | check -H @-)
[ "$code" = 204 ] || fail "curl -H @- with the header: /auth-check answered $code"
exit 0
