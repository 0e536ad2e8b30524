#!/bin/sh
# A helper set for every host (credential.helper = "mogoplus -p default", not scoped to a URL) hands the token only to hosts a [git URL] section maps; git falls through for any other https remote.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver
write_config "[git https://git.example.com]" "profile = default"
# fill REQUEST: git credential fill with our helper for every host, then a
# fallback helper; prints the password git ends up with.
fill() {
	printf "$1" | git -c credential.helper= -c "credential.helper=$HELPER -p default" \
		-c 'credential.helper=!f() { test "$1" = get && echo username=next && echo password=fallback; }; f' \
		credential fill >"$T/fill.out" 2>"$T/fill.err" ||
		{ cat "$T/fill.err" >&2; fail "git credential fill failed for $1"; }
	sed -n "s/^password=//p" "$T/fill.out"
}
[ "$(fill 'protocol=https\nhost=evil.example.net\n\n')" = fallback ] ||
	fail "the token went to evil.example.net, which no section maps"
[ "$(fill 'protocol=https\nhost=git.example.com.evil.example.net\n\n')" = fallback ] ||
	fail "the token went to a host that only starts like the mapped one"
[ "$(ds_stat token_requests)" -eq 0 ] || fail "an unmapped host made a token request"
# The issue's own reproduction, straight to the helper.
printf 'protocol=https\nhost=evil.example.net\n\n' | "$HELPER" -p default get >"$T/direct" 2>&1 ||
	fail "the helper failed for an unmapped host (git must go on to its next helper)"
[ ! -s "$T/direct" ] || { cat "$T/direct" >&2; fail "the helper printed something for evil.example.net"; }
# The control: the mapped host gets the token from this same global helper.
tok=$(fill 'protocol=https\nhost=git.example.com\n\n')
[ "$tok" != fallback ] && [ "$(auth_check "$tok")" = 204 ] || fail "the mapped host was not answered"
