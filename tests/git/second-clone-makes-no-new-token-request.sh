#!/bin/sh
# A second clone is served from the runtime cache: no new token request reaches the dev server.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver
CACHE_MODE=file
start_git_server
# What configure-git writes: the helper answers only a mapped URL.
write_config "[git $GURL]" "profile = default"
git config --global "credential.$GURL.helper" "$HELPER -p default"
git clone -q "$GURL/repo.git" "$T/c1" 2>"$T/git.err" || { cat "$T/git.err" >&2; fail "first clone failed"; }
[ "$(ds_stat token_requests)" -eq 1 ] || fail "$(ds_stat token_requests) token requests for the first clone"
checks=$(ds_stat auth_checks)
git clone -q "$GURL/repo.git" "$T/c2" 2>"$T/git.err" || { cat "$T/git.err" >&2; fail "second clone failed"; }
[ "$(ds_stat token_requests)" -eq 1 ] || fail "the second clone made a token request"
[ "$(ds_stat tokens_issued)" -eq 1 ] || fail "a second token was issued"
# The control: the second clone did go through the token gate.
[ "$(ds_stat auth_checks)" -gt "$checks" ] || fail "the second clone was never checked"
