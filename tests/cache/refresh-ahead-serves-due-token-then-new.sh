#!/bin/sh
# A get inside the refresh-ahead window returns the cached token at once, without
# a request of its own and without waiting for the refresh it starts, which runs
# detached (own session, /dev/null on 0-2, none of the caller's descriptors); one
# request then reaches the server, and the next get returns the new token from
# the cache.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-refresh.sh"
CACHE_MODE=file

start_devserver --hold-file "$HOLD"
write_config "$LONG_TIMEOUT"
old=$("$MOGOPLUS" token) || fail "the first get failed"
make_due

# The server holds every token request until $HOLD goes: the get's $(...)
# ends only once every copy of its stdout is closed, the refresher's too.
touch "$HOLD"
# fd 9: a descriptor of the caller that the refresher must not keep.
got=$(LD_DEBUG=files "$MOGOPLUS" token 2>"$T/ld" 9>"$T/fd9") || { cat "$T/ld" >&2; fail "the due get failed"; }
[ "$got" = "$old" ] || fail "the due get did not return the cached token"
# Its own process never loaded the engine, so it cannot have asked the server.
grep -E 'file=.*(libcurl|libgnutls|engine\.so)' "$T/ld" && fail "the due get loaded the engine"
wait_until "the refresh request" stat_is token_requests 2
stat_is tokens_issued 1 || fail "a token was issued while the server held the request"
# The refresher is not dumpable (core/secret.c), so only root may read its
# /proc/PID/fd: a make check run as a user (a package build) cannot look.
if [ "$(id -u)" -eq 0 ]; then
	pid=$(refresher_pid) || fail "no process holds the lock during the refresh"
	check_detached "$pid" "$T/fd9" "$T/ld"
else
	note "not root: the refresher's session and descriptors are not checked (its /proc/PID/fd is root's)"
fi

rm -f "$HOLD"
refresh_done
stat_is tokens_issued 2 || fail "the refresh did not get a token"
new=$(cached_token)
[ -n "$new" ] && [ "$new" != "$old" ] || fail "the refresh did not replace the cached token"
got=$("$MOGOPLUS" token) || fail "the get after the refresh failed"
[ "$got" = "$new" ] || fail "the get after the refresh did not return the new token"
stat_is token_requests 2 || fail "$(ds_stat token_requests) requests: one refresh expected"
exit 0
