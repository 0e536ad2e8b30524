#!/bin/sh
# A token revoked at the server: the next push fails with 401, git calls erase, and the push after that succeeds with a new token.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver
CACHE_MODE=file
start_git_server
# What configure-git writes: the helper answers only a mapped URL.
write_config "[git $GURL]" "profile = default"
logged_helper
git config --global "credential.$GURL.helper" "$LOGGED -p default"
git clone -q "$GURL/repo.git" "$T/c1" 2>"$T/git.err" || { cat "$T/git.err" >&2; fail "clone failed"; }
[ "$(ds_stat tokens_issued)" -eq 1 ] || fail "$(ds_stat tokens_issued) tokens for the clone"
revoke_all
echo two >>"$T/c1/file"
git -C "$T/c1" commit -q -am two
: >"$T/helper-calls"
n401=$(http_401s)
git -C "$T/c1" push -q origin main 2>"$T/git.err" && fail "a push with a revoked token succeeded"
grep -qi 'authentication failed' "$T/git.err" || { cat "$T/git.err" >&2; fail "the push did not fail on authentication"; }
[ "$(http_401s)" -ge $((n401 + 2)) ] || fail "nginx did not refuse the revoked token with 401"
grep -qx 'erase' "$T/helper-calls" || { cat "$T/helper-calls" >&2; fail "git did not call erase"; }
[ "$(ds_stat tokens_issued)" -eq 1 ] || fail "a token was minted before the erase"
: >"$T/helper-calls"
git -C "$T/c1" push -q origin main 2>"$T/git.err" || { cat "$T/git.err" >&2; fail "the push after erase failed"; }
[ "$(git -C "$SRV/repo.git" log -1 --format=%s main)" = two ] || fail "the push did not reach the server"
[ "$(ds_stat tokens_issued)" -eq 2 ] || fail "$(ds_stat tokens_issued) tokens: expected a newly minted one"
! grep -qx 'erase' "$T/helper-calls" || fail "the new token was rejected too"
