#!/bin/sh
# A request without protocol or host (or with an empty one, or a line without '=') is refused with one stderr line.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver
write_config "[git https://git.example.com]" "profile = default"
check() {
	printf "$1" >"$T/req"; helper -p default get <"$T/req"
	[ "$STATUS" -eq 64 ] || fail "expected exit 64, got $STATUS for '$1'"
	[ ! -s "$OUT" ] || fail "answered '$1'"
	expect_err "^git-credential-mogoplus: request refused: $2\$"
}
check 'host=git.example.com\n' 'the request has no protocol'
check 'protocol=\nhost=git.example.com\n' 'the request has no protocol'
check 'protocol=https\n' 'the request has no host'
check 'protocol=https\nhost=\n' 'the request has no host'
check 'protocol=https\n\nhost=git.example.com\n' 'the request has no host'
check '' 'the request has no protocol'
check 'protocol=https\nhost=git.example.com\njunk\n' "a line has no '='"
[ "$(ds_stat token_requests)" -eq 0 ] || fail "a refused request asked for a token"
