#!/bin/sh
# get for a host mapped by a [git URL] section answers username, a live token as password and its expiry.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver --expires-in 600
write_config "[git https://git.example.com]" "profile = default"
before=$(date +%s)
helper get <<R
protocol=https
host=git.example.com

R
expect_status 0
[ ! -s "$ERR" ] || { cat "$ERR" >&2; fail "stderr is not empty"; }
[ "$(answer username)" = oauth2 ] || fail "username is '$(answer username)', not oauth2"
tok=$(answer password)
[ -n "$tok" ] || fail "no password"
[ "$(auth_check "$tok")" = 204 ] || fail "the password is not a live token"
exp=$(answer password_expiry_utc)
[ "$exp" -ge $((before + 590)) ] && [ "$exp" -le $(($(date +%s) + 600)) ] ||
	fail "password_expiry_utc $exp is not about now + 600"
# Only username, password and password_expiry_utc, nothing of git 2.46's authtype.
[ "$(cut -d= -f1 "$OUT" | sort | tr '\n' ' ')" = "password password_expiry_utc username " ] ||
	fail "unexpected keys: $(cut -d= -f1 "$OUT" | tr '\n' ' ')"

# The section's username wins over the default.
write_config "[git https://git.example.com]" "profile = default" "username = robot"
printf 'protocol=https\nhost=git.example.com\n' >"$T/req"; helper get <"$T/req"
expect_status 0
[ "$(answer username)" = robot ] || fail "the section's username was not used"
