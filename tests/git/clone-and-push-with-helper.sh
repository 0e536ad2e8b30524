#!/bin/sh
# Real git 2.39 clones and pushes through nginx + http-backend with the helper set up by mogoplus configure-git.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver
CACHE_MODE=file
write_config
start_git_server
# The gate is real: no helper, no clone; and the 401 carries a Basic challenge.
git clone -q "$GURL/repo.git" "$T/nohelper" 2>"$T/git.err" && fail "cloned without credentials"
curl -si --cacert "$PKI/ca.pem" "$GURL/repo.git/info/refs" >"$T/401"
head -n 1 "$T/401" | grep -q ' 401 ' || fail "no 401 without credentials"
grep -qi '^www-authenticate: basic realm="git"' "$T/401" || fail "the 401 has no Basic challenge"

run_mogoplus configure-git -p default "$GURL"
expect_status 0
[ "$(git config --global "credential.$GURL.helper")" = "$HELPER -p default" ] ||
	fail "configure-git set '$(git config --global "credential.$GURL.helper")'"
git clone -q "$GURL/repo.git" "$T/c1" 2>"$T/git.err" || { cat "$T/git.err" >&2; fail "clone failed"; }
[ "$(cat "$T/c1/file")" = one ] || fail "the clone has the wrong content"
echo two >>"$T/c1/file"
git -C "$T/c1" commit -q -am two
git -C "$T/c1" push -q origin main 2>"$T/git.err" || { cat "$T/git.err" >&2; fail "push failed"; }
[ "$(git -C "$SRV/repo.git" log -1 --format=%s main)" = two ] || fail "the push did not reach the server"
[ "$(http_401s)" -ge 2 ] || fail "nginx never challenged git: the gate is not in the path"
# One token served the clone and the push (runtime cache).
[ "$(ds_stat token_requests)" -eq 1 ] || fail "$(ds_stat token_requests) token requests for a clone and a push"
# The token was never in argv or git's stderr, nor stored by git anywhere in HOME.
tok=$("$MOGOPLUS" token)
! grep -rqF -- "$tok" "$HOME/.gitconfig" "$T/c1/.git/config" "$T/git.err" ||
	fail "the token was written into git's files"
