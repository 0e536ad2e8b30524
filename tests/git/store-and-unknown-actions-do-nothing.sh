#!/bin/sh
# store is a no-op, an unknown action exits 0 silently, and neither asks for a token.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver
write_config "[git https://git.example.com]" "profile = default"
before=$(ls -la "$XDG_CONFIG_HOME/mogoplus")
for action in store frobnicate; do
	printf 'protocol=https\nhost=git.example.com\nusername=u\npassword=p\n\n' >"$T/req"; helper "$action" <"$T/req"
	expect_status 0
	[ ! -s "$OUT" ] && [ ! -s "$ERR" ] || fail "$action wrote something"
	# Even a request the reader would refuse.
	printf 'garbage\r\n' >"$T/req"; helper "$action" <"$T/req"
	expect_status 0
done
[ "$(ls -la "$XDG_CONFIG_HOME/mogoplus")" = "$before" ] || fail "store changed the config dir"
[ ! -d "$HOME/.cache/mogoplus" ] || [ -z "$(ls "$HOME/.cache/mogoplus")" ] || fail "store cached something"
[ "$(ds_stat token_requests)" -eq 0 ] || fail "asked for a token"
helper; [ "$STATUS" -eq 64 ] || fail "no action is not a usage error"
