#!/bin/sh
# -p PROFILE (from credential.<url>.helper) narrows the match to the [git URL] sections of that profile: it picks among matched sections, never answers a host no section maps.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver
# get HOST [PATH] [-p PROFILE]: the helper's answer for https://HOST/PATH.
get() {
	_h=$1 _p=$2
	shift 2
	printf 'protocol=https\nhost=%s\npath=%s\n' "$_h" "$_p" >"$T/req"; helper "$@" get <"$T/req"
}
no_answer() {
	expect_status 0
	[ ! -s "$OUT" ] || { cat "$OUT" >&2; fail "$1"; }
	[ "$(ds_stat token_requests)" -eq 0 ] || fail "$1 (and a token was requested)"
}
# No section at all: -p names a profile, but no host is mapped to it.
write_config
get git.example.com '' -p default
no_answer "-p answered a host that no [git URL] section maps"
get evil.example.net '' -p default
no_answer "-p answered evil.example.net"
# A section of another profile: -p does not borrow it.
write_config "[git https://git.example.com]" "profile = absent" "username = robot"
get git.example.com '' -p default
no_answer "-p default answered through a section of profile absent"
# Without -p the section's profile is the one used (and it does not exist).
get git.example.com ''
[ "$STATUS" -eq 78 ] || fail "expected 78 for the section's missing profile, got $STATUS"
grep -q '^git-credential-mogoplus: absent: ' "$ERR" || { cat "$ERR" >&2; fail "error does not name the profile"; }
# Two matching sections of two profiles: -p picks its own, even the shorter
# one; without -p the longest wins.
write_config "[git https://git.example.com]" "profile = default" "username = robot" \
	"[git https://git.example.com/team]" "profile = absent" "username = team"
get git.example.com team/repo.git -p default
expect_status 0
[ "$(answer username)" = robot ] || fail "-p default did not pick its own section"
[ "$(auth_check "$(answer password)")" = 204 ] || fail "no live token for -p default"
get git.example.com team/repo.git
[ "$STATUS" -eq 78 ] || fail "without -p the longest section (profile absent) should answer, got $STATUS"
get git.example.com team/repo.git -p absent
[ "$STATUS" -eq 78 ] && grep -q '^git-credential-mogoplus: absent: ' "$ERR" ||
	fail "-p absent did not pick the team section"
# -p for an unmapped host next to mapped ones: still nothing.
before=$(ds_stat token_requests)
get other.example.com '' -p default
expect_status 0
[ ! -s "$OUT" ] || fail "-p answered an unmapped host next to a mapped one"
[ "$(ds_stat token_requests)" -eq "$before" ] || fail "a token was requested for an unmapped host"
# -p for a non-https request: still nothing.
printf 'protocol=http\nhost=git.example.com\n' >"$T/req"; helper -p default get <"$T/req"
expect_status 0
[ ! -s "$OUT" ] || fail "answered an http request"
