#!/bin/sh
# Unknown keys, key[] lists, url= and a request ending at EOF are accepted; nothing after the blank line is read.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver
write_config "[git https://git.example.com/org]" "profile = default"
helper get <<R
capability[]=state
x-future-key=whatever=with=equals
protocol=https
wwwauth[]=Basic realm="git"
wwwauth[]=Bearer error="invalid_token"
host=git.example.com
path=org/repo.git
future[]=one
future[]=two
state[]=helper:abc

protocol=ftp
R
expect_status 0
[ ! -s "$ERR" ] || { cat "$ERR" >&2; fail "stderr is not empty"; }
[ "$(auth_check "$(answer password)")" = 204 ] || fail "no live token"
# url= instead of protocol/host/path, and EOF without a blank line.
printf 'url=https://git.example.com/org/repo.git' >"$T/req"; helper get <"$T/req"
expect_status 0
grep -q '^password=' "$OUT" || fail "url= was not understood"
printf 'url=https://git.example.com/elsewhere\n' >"$T/req"; helper get <"$T/req"
expect_status 0
[ ! -s "$OUT" ] || fail "url= outside the section's path was answered"
