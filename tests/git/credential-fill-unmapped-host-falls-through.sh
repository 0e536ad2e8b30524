#!/bin/sh
# Through git credential fill: an unmapped host gets no answer from the helper, so git's next helper answers.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver
write_config "[git https://git.example.com]" "profile = default"
fill() {
	printf "$1" | git -c credential.helper= -c "credential.helper=$HELPER" \
		-c 'credential.helper=!f() { test "$1" = get && echo username=next && echo password=fallback; }; f' \
		credential fill >"$T/fill.out" 2>"$T/fill.err" ||
		{ cat "$T/fill.err" >&2; fail "git credential fill failed for $1"; }
	[ ! -s "$T/fill.err" ] || { cat "$T/fill.err" >&2; fail "stderr for $1"; }
	sed -n "s/^password=//p" "$T/fill.out"
}
[ "$(fill 'protocol=https\nhost=elsewhere.example.com\n')" = fallback ] ||
	fail "an unmapped host was answered by the helper"
[ "$(fill 'protocol=http\nhost=git.example.com\n')" = fallback ] ||
	fail "http was answered by the helper"
[ "$(ds_stat token_requests)" -eq 0 ] || fail "an unmapped fill asked for a token"
# The control: the mapped host is answered by the helper, before the fallback.
tok=$(fill 'protocol=https\nhost=git.example.com\n')
[ "$tok" != fallback ] && [ "$(auth_check "$tok")" = 204 ] || fail "the mapped host was not answered"
grep -qx username=oauth2 "$T/fill.out" || fail "username is not oauth2"
