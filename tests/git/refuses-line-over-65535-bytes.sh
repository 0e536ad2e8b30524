#!/bin/sh
# A request with a line over 65535 bytes is refused whole: one stderr line, no answer, no token request.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver
write_config "[git https://git.example.com]" "profile = default"
# line KEY N: "KEY=" and value bytes making a line of N bytes.
line() { printf '%s=' "$1"; head -c $(($2 - ${#1} - 1)) /dev/zero | tr '\0' a; echo; }
{ echo protocol=https; echo host=git.example.com; line x-pad 65535; } >"$T/req"; helper get <"$T/req"
expect_status 0
grep -q '^password=' "$OUT" || fail "a 65535-byte line was refused"
for where in first last; do
	{
		[ $where = last ] || line x-pad 65536
		echo protocol=https; echo host=git.example.com
		[ $where = first ] || line x-pad 65536
	} >"$T/req"; helper get <"$T/req"
	[ "$STATUS" -eq 64 ] || fail "expected exit 64, got $STATUS ($where)"
	[ ! -s "$OUT" ] || fail "answered a request with a 65536-byte line ($where)"
	expect_err '^git-credential-mogoplus: request refused: a line is longer than 65535 bytes$'
done
# Without a final newline too.
{ echo protocol=https; echo host=git.example.com; line x-pad 65536 | tr -d '\n'; } >"$T/req"; helper get <"$T/req"
[ "$STATUS" -eq 64 ] && [ ! -s "$OUT" ] || fail "an unterminated long line was accepted"
[ "$(ds_stat token_requests)" -eq 1 ] || fail "refused requests asked for tokens"
