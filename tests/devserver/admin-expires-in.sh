#!/bin/sh
# POST /admin/expires-in changes the lifetime of the tokens issued from
# then on, on the same server: the first cached token expires within a
# minute, the one fetched after the change an hour or more later.
. "$top_srcdir/tests/lib.sh"

# expires_left: seconds from now to the cached token's expiry.
expires_left() {
	run_mogoplus status --json
	expect_status 0
	_at=$(sed -n 's/.*"expires_at":\([0-9]*\).*/\1/p' "$OUT")
	[ -n "$_at" ] || fail "status shows no expiry: $(cat "$OUT")"
	echo $((_at - $(date +%s)))
}

start_devserver --expires-in 60
CACHE_MODE=file write_config
run_mogoplus token
expect_status 0
left=$(expires_left)
[ "$left" -le 60 ] || fail "the first token expires in $left s, not within 60"

code=$(curl -s -o "$T/answer" -w '%{http_code}' --cacert "$PKI/ca.pem" \
	--cert "$PKI/client.pem" --key "$PKI/client.key" -d seconds=7200 \
	"https://127.0.0.1:$PORT/admin/expires-in")
[ "$code" = 200 ] || fail "/admin/expires-in answered $code: $(cat "$T/answer")"
run_mogoplus logout
expect_status 0
run_mogoplus token
expect_status 0
[ "$(ds_stat token_requests)" -eq 2 ] || fail "$(ds_stat token_requests) requests, expected 2"
left=$(expires_left)
[ "$left" -gt 3600 ] || fail "the token after the change expires in $left s"
