#!/bin/sh
# A value holding NUL or CR refuses the whole request with one stderr line that never echoes the value.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver
write_config "[git https://git.example.com]" "profile = default"
for bad in 'host=git.example.com\r' 'path=a\rb' 'password=sec\0ret' 'x-unknown=a\0b' \
	'username=a\rprotocol=https'; do
	printf "protocol=https\nhost=git.example.com\n$bad\n\n" >"$T/req"; helper get <"$T/req"
	[ "$STATUS" -eq 64 ] || fail "expected exit 64, got $STATUS for $bad"
	[ ! -s "$OUT" ] || fail "answered: $bad"
	expect_err '^git-credential-mogoplus: request refused: .*(carriage return|NUL)'
	! grep -q 'sec' "$ERR" || fail "the value was echoed"
done
# erase is refused the same way (and so evicts nothing).
printf 'protocol=https\nhost=git.example.com\npassword=x\r\n' >"$T/req"; helper erase <"$T/req"
[ "$STATUS" -eq 64 ] || fail "erase accepted a CR"
[ "$(ds_stat token_requests)" -eq 0 ] || fail "a refused request asked for a token"
