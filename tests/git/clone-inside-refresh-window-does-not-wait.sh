#!/bin/sh
# A real git clone whose helper call lands inside the refresh-ahead window ends
# while the background refresh is still held at the server: git got its answer
# and end of file from the helper without waiting for the refresh. Once released,
# the refresh ends by itself (the only process left over, status 0) and the next
# clone uses the new token without a request.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"
. "$top_srcdir/tests/lib-refresh.sh"

start_devserver --hold-file "$HOLD"
CACHE_MODE=file
start_git_server
write_config "$LONG_TIMEOUT" "[git $GURL]" "profile = default"
git config --global "credential.$GURL.helper" "$HELPER -p default"
git clone -q "$GURL/repo.git" "$T/c1" 2>"$T/git.err" || { cat "$T/git.err" >&2; fail "first clone failed"; }
old=$(cached_token)
make_due

touch "$HOLD"
"$REAPER" "$T/report" 60 git clone -q "$GURL/repo.git" "$T/c2" 2>"$T/git.err" &
rp=$!
wait_until "the clone" grep -q '^command ' "$T/report"
report_has "$T/report" "command exited 0" || { cat "$T/git.err" "$T/report" >&2; fail "the clone failed"; }
[ "$(cat "$T/c2/file")" = one ] || fail "the clone is not the repository"
# The order of events: the clone is over, the refresh has not been answered.
wait_until "the refresh request" stat_is token_requests 2
stat_is tokens_issued 1 || fail "the refresh was answered before the clone ended"
[ "$(adopted "$T/report")" -eq 0 ] || { cat "$T/report" >&2; fail "the refresher ended while held"; }
[ "$(cached_token)" = "$old" ] || fail "the token changed while the refresh was held"

rm -f "$HOLD"
wait "$rp" || { cat "$T/report" >&2; fail "a process was left behind"; }
[ "$(adopted "$T/report")" -eq 1 ] && report_has "$T/report" "adopted exited 0" ||
	{ cat "$T/report" >&2; fail "not one refresher that succeeded"; }
new=$(cached_token)
[ "$new" != "$old" ] || fail "the refresh did not replace the token"
git clone -q "$GURL/repo.git" "$T/c3" 2>"$T/git.err" || { cat "$T/git.err" >&2; fail "third clone failed"; }
stat_is token_requests 2 || fail "the clone after the refresh asked for a token"
[ "$(auth_check "$new")" = 204 ] || fail "the refreshed token is not live"
exit 0
