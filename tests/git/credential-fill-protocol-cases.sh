#!/bin/sh
# The protocol cases again through git 2.39's credential fill, where git can express them: unknown keys, url= with a path, refusals.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver
CACHE_MODE=file
write_config "[git https://git.example.com/org]" "profile = default"
logged_helper
# fill INPUT [GIT -c ARGS...]: our helper first, then a fallback helper.
fill() {
	_in=$1; shift
	printf "$_in" | git "$@" -c credential.helper= -c "credential.helper=$LOGGED" \
		-c 'credential.helper=!f() { test "$1" = get && echo username=next && echo password=fallback; }; f' \
		credential fill >"$T/fill.out" 2>"$T/fill.err"
	FILL=$?
	PW=$(sed -n 's/^password=//p' "$T/fill.out")
}
mine() { [ "$FILL" -eq 0 ] && [ -n "$PW" ] && [ "$PW" != fallback ]; }

# Unknown keys in git's input: git drops them, the helper answers.
fill 'protocol=https\nhost=git.example.com\npath=org/r.git\nx-future=1\n' -c credential.useHttpPath=true
mine || { cat "$T/fill.err" >&2; fail "unknown keys: not answered"; }
# url= with a path: with useHttpPath git passes the path, and the section's path decides.
fill 'url=https://git.example.com/org/r.git\n' -c credential.useHttpPath=true
mine || fail "url= inside the section's path: not answered"
fill 'url=https://git.example.com/organization/r.git\n' -c credential.useHttpPath=true
[ "$PW" = fallback ] || fail "url= outside the section's path was answered"
# Without useHttpPath git sends no path: a path-scoped section does not match.
fill 'url=https://git.example.com/org/r.git\n'
[ "$PW" = fallback ] || fail "a path-scoped section matched a request without a path"
# A CR in a value: git 2.39.5 refuses to write it to a helper; with
# protectProtocol off it reaches the helper, which refuses the request (one
# line) and git goes on.
fill 'protocol=https\nhost=git.example.com\npath=org/a\rb\n' -c credential.useHttpPath=true
[ "$FILL" -ne 0 ] && [ -z "$PW" ] && grep -q 'contains carriage return' "$T/fill.err" ||
	fail "git 2.39 passed a CR to a helper"
fill 'protocol=https\nhost=git.example.com\npath=org/a\rb\n' -c credential.useHttpPath=true \
	-c credential.protectProtocol=false
[ "$PW" = fallback ] || fail "a CR in path was answered"
[ "$(grep -c '^git-credential-mogoplus: ' "$T/fill.err")" -eq 1 ] &&
	grep -q 'request refused: the value of path holds a carriage return' "$T/fill.err" ||
	{ cat "$T/fill.err" >&2; fail "no single refusal line"; }
# A line over 65535 bytes (a long path): refused, git goes on.
long=org/$(head -c 70000 /dev/zero | tr '\0' a)
fill "protocol=https\nhost=git.example.com\npath=$long\n" -c credential.useHttpPath=true
[ "$PW" = fallback ] || fail "a 70000-byte path was answered"
grep -q 'request refused: a line is longer than 65535 bytes' "$T/fill.err" || fail "no long-line refusal"
# No host: git refuses before calling any helper.
: >"$T/helper-calls"
fill 'protocol=https\n'
[ "$FILL" -ne 0 ] && [ ! -s "$T/helper-calls" ] || fail "git called the helper without a host"
# capability[]=authtype and wwwauth[] need git 2.46 and 2.41: see
# authtype-capability-answers-bearer.sh and unknown-keys-and-lists-accepted.sh.
[ "$(ds_stat token_requests)" -eq 1 ] || fail "$(ds_stat token_requests) token requests"
