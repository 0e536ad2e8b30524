#!/bin/sh
# [git URL] sections match like credential.<url>: protocol and host:port exact, path a prefix on / boundaries, longest wins.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver
CACHE_MODE=file
write_config \
	"[git https://git.example.com:8443]" "username = host" \
	"[git https://git.example.com:8443/org]" "username = org" \
	"[git https://git.example.com:8443/org/repo.git/]" "username = repo" \
	"[git https://u2@git.example.com:8443/org]" "username = user-org" \
	"[git https://other.example.com]" "username = other"
# which HOST PATH [USERNAME]: the username the helper answers ("-" for none).
which() {
	{
		echo protocol=https
		echo "host=$1"
		[ -z "$2" ] || echo "path=$2"
		[ -z "${3:-}" ] || echo "username=$3"
	} >"$T/req"; helper get <"$T/req"
	expect_status 0
	_u=$(answer username)
	echo "${_u:--}"
}
[ "$(which git.example.com:8443 org/repo.git)" = repo ] || fail "org/repo.git"
[ "$(which git.example.com:8443 org/repo.git/sub)" = repo ] || fail "org/repo.git/sub"
[ "$(which git.example.com:8443 org/other.git)" = org ] || fail "org/other.git"
[ "$(which git.example.com:8443 org)" = org ] || fail "org"
[ "$(which git.example.com:8443 organization/x.git)" = host ] || fail "/org is not a prefix of /organization"
[ "$(which git.example.com:8443 '')" = host ] || fail "no path"
[ "$(which git.example.com:8443 org/x u2)" = user-org ] || fail "the user's section"
[ "$(which git.example.com:8443 org/x u3)" = org ] || fail "another user"
[ "$(which GIT.Example.COM:8443 org)" = org ] || fail "host names are case-insensitive"
[ "$(which git.example.com '')" = - ] || fail "another port (none) matched"
[ "$(which git.example.com:8444 '')" = - ] || fail "another port matched"
[ "$(which other.example.com:443 '')" = other ] || fail "https's default port"
[ "$(which sub.other.example.com '')" = - ] || fail "a subdomain matched"
[ "$(which example.com '')" = - ] || fail "a parent domain matched"
[ "$(ds_stat token_requests)" -eq 1 ] || fail "$(ds_stat token_requests) token requests (the cache should serve all)"
