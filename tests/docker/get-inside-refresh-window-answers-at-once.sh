#!/bin/sh
# Docker reads a helper's stdout whole: a get inside the refresh-ahead window
# answers with the cached token and closes stdout while its background refresh
# is still held at the server; the next get after the refresh has the new token.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"
. "$top_srcdir/tests/lib-refresh.sh"

start_devserver --hold-file "$HOLD"
write_config "$LONG_TIMEOUT" "[docker registry.example.com:5000]"
run_helper get "registry.example.com:5000"
[ "$STATUS" -eq 0 ] || { cat "$OUT" "$ERR" >&2; fail "first get: exit $STATUS"; }
old=$(json_get "$OUT" Secret)
make_due
touch "$HOLD"
# $(...) returns only when every holder of the pipe has closed it.
ans=$(printf 'registry.example.com:5000' | "$HELPER" get) || fail "the due get failed"
[ "$(printf '%s' "$ans" | sed -n 's/.*"Secret":"\([^"]*\)".*/\1/p')" = "$old" ] ||
	fail "the due get did not answer with the cached token"
wait_until "the refresh request" stat_is token_requests 2
stat_is tokens_issued 1 || fail "the refresh was answered while held"
rm -f "$HOLD"
refresh_done
run_helper get "registry.example.com:5000"
new=$(json_get "$OUT" Secret)
[ -n "$new" ] && [ "$new" != "$old" ] || fail "the get after the refresh did not return the new token"
stat_is token_requests 2 || fail "the get after the refresh asked the server"
token_is_live "$new" || fail "the refreshed token is not live"
exit 0
