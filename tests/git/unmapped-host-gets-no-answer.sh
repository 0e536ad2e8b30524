#!/bin/sh
# A host no section maps, or a mapped host over http, gets no output and exit 0, and no token request.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver
write_config "[git https://git.example.com]" "profile = default"
for req in 'protocol=https\nhost=elsewhere.example.com\n' \
	'protocol=http\nhost=git.example.com\n' \
	'protocol=HTTP\nhost=git.example.com\n' \
	'protocol=ssh\nhost=git.example.com\n'; do
	printf "$req" >"$T/req"; helper get <"$T/req"
	expect_status 0
	[ ! -s "$OUT" ] || fail "answered: $req"
	[ ! -s "$ERR" ] || { cat "$ERR" >&2; fail "stderr for: $req"; }
done
# No configuration file at all: nothing either.
rm -f "$CONFIG"
printf 'protocol=https\nhost=git.example.com\n' >"$T/req"; helper get <"$T/req"
expect_status 0
[ ! -s "$OUT" ] && [ ! -s "$ERR" ] || fail "output without a configuration"
[ "$(ds_stat token_requests)" -eq 0 ] || fail "an unmapped request asked for a token"
# The control: the mapped host is answered.
write_config "[git https://git.example.com]" "profile = default"
printf 'protocol=https\nhost=git.example.com\n' >"$T/req"; helper get <"$T/req"
expect_status 0
grep -q '^password=' "$OUT" || fail "the mapped host got no password: the check is blind"
