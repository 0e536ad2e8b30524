#!/bin/sh
# -p PROFILE (from credential.<url>.helper) selects the profile without any [git] section, and wins over one.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver
write_config
printf 'protocol=https\nhost=git.example.com\n' >"$T/req"; helper -p default get <"$T/req"
expect_status 0
[ "$(answer username)" = oauth2 ] || fail "username is not oauth2"
[ "$(auth_check "$(answer password)")" = 204 ] || fail "no live token for -p default"
# -p names the profile even when a section names another one.
write_config "[git https://git.example.com]" "profile = absent" "username = robot"
printf 'protocol=https\nhost=git.example.com\n' >"$T/req"; helper -p default get <"$T/req"
expect_status 0
[ "$(answer username)" = robot ] || fail "the section's username was not used with -p"
[ "$(auth_check "$(answer password)")" = 204 ] || fail "-p did not win over the section's profile"
# Without -p the section's profile is the one used (and it does not exist).
printf 'protocol=https\nhost=git.example.com\n' >"$T/req"; helper get <"$T/req"
[ "$STATUS" -eq 78 ] || fail "expected 78 for the section's missing profile, got $STATUS"
grep -q '^git-credential-mogoplus: absent: ' "$ERR" || { cat "$ERR" >&2; fail "error does not name the profile"; }
# -p for a non-https request: still nothing.
printf 'protocol=http\nhost=git.example.com\n' >"$T/req"; helper -p default get <"$T/req"
expect_status 0
[ ! -s "$OUT" ] || fail "answered an http request"
