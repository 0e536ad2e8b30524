#!/bin/sh
# --body-bytes shapes the answer to an exact length: a valid answer of
# exactly 64 KiB is the client's cap and is taken; one byte more is refused
# with exit 76 (a token answer is a few hundred bytes).
. "$top_srcdir/tests/lib.sh"

start_devserver --body-bytes 65536
write_config
run_mogoplus token
expect_status 0
[ -s "$OUT" ] || fail "no token for a 65536-byte answer"
body=$(curl -s --cacert "$PKI/ca.pem" --cert "$PKI/client.pem" --key "$PKI/client.key" \
	--data-binary @"$T/form" -H 'Content-Type: application/x-www-form-urlencoded' \
	"$URL?grant_type=client_credentials" | wc -c)
[ "$body" -eq 65536 ] || fail "the answer is $body bytes, not 65536"
kill "$DS_PID" && wait "$DS_PID" 2>/dev/null

start_devserver --body-bytes 65537
write_config
run_mogoplus token
expect_status 76
expect_err '^mogoplus: default: invalid token response: response body over 64 KiB$'
[ ! -s "$OUT" ] || fail "something was printed on stdout"
