#!/bin/sh
# With capability[]=authtype (git 2.46+) get also answers authtype=Bearer, credential and ephemeral=1; without it, none of them.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver
CACHE_MODE=file
write_config "[git https://git.example.com]" "profile = default"
printf 'capability[]=authtype\nprotocol=https\nhost=git.example.com\n' >"$T/req"; helper get <"$T/req"
expect_status 0
[ "$(answer 'capability\[\]')" = authtype ] || fail "no capability[]=authtype"
[ "$(answer authtype)" = Bearer ] || fail "authtype is '$(answer authtype)'"
[ "$(answer ephemeral)" = 1 ] || fail "no ephemeral=1"
cred=$(answer credential)
[ "$(auth_check "$cred")" = 204 ] || fail "credential is not a live token"
[ "$cred" = "$(answer password)" ] || fail "credential and password differ"
[ -n "$(answer password_expiry_utc)" ] || fail "no password_expiry_utc"
# capability[]=authtype comes before the fields it allows.
[ "$(head -n 1 "$OUT")" = 'capability[]=authtype' ] || fail "capability[] is not first"
# Other capabilities, or the list emptied again: no authtype answer.
for req in 'capability[]=state\n' 'capability[]=authtype\ncapability[]=\n' ''; do
	printf "${req}protocol=https\nhost=git.example.com\n" >"$T/req"; helper get <"$T/req"
	expect_status 0
	! grep -qE '^(authtype|credential|ephemeral|capability\[\])=' "$OUT" ||
		fail "authtype fields without the capability ($req)"
	grep -q '^password=' "$OUT" || fail "no password ($req)"
done
