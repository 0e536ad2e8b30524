#!/bin/sh
# refresh_ahead = 0, MOGOPLUS_REFRESH_AHEAD=0 and cache = none start no background
# refresh; outside the window nothing starts either. The reaper sees every process
# that outlives its parent, so "none" is an observation, not a wait.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-refresh.sh"
CACHE_MODE=file

start_devserver
write_config
"$MOGOPLUS" token >/dev/null || fail "the first get failed"

# no_refresh WHAT CMD...: CMD returns the cached token and leaves no process.
no_refresh() {
	_what=$1; shift
	make_due
	"$REAPER" "$T/report" 30 "$@" >"$T/out" || fail "$_what: reaper timed out"
	report_has "$T/report" "command exited 0" || { cat "$T/report" >&2; fail "$_what: the get failed"; }
	[ "$(adopted "$T/report")" -eq 0 ] || fail "$_what: a refresh was started"
	[ "$(cat "$T/out")" = "$(cached_token)" ] || fail "$_what: not the cached token"
}
no_refresh "MOGOPLUS_REFRESH_AHEAD=0" env MOGOPLUS_REFRESH_AHEAD=0 "$MOGOPLUS" token
write_config "refresh_ahead = 0"
no_refresh "refresh_ahead = 0" "$MOGOPLUS" token
stat_is token_requests 1 || fail "a request was made"

# The control: the same due token with the default window does start one.
write_config
make_due
"$REAPER" "$T/report" 30 "$MOGOPLUS" token >/dev/null || fail "reaper timed out"
[ "$(adopted "$T/report")" -eq 1 ] || { cat "$T/report" >&2; fail "the default window started no refresh"; }
stat_is token_requests 2 || fail "the control refresh made no request"

# A fresh token outside the window: nothing starts.
"$REAPER" "$T/report" 30 "$MOGOPLUS" token >/dev/null || fail "reaper timed out"
[ "$(adopted "$T/report")" -eq 0 ] || fail "a token outside the window started a refresh"

# cache = none: every get is a plain exchange, nothing in the background.
"$REAPER" "$T/report" 30 env MOGOPLUS_CACHE=none "$MOGOPLUS" token >/dev/null ||
	fail "reaper timed out"
report_has "$T/report" "command exited 0" || fail "cache = none: the get failed"
[ "$(adopted "$T/report")" -eq 0 ] || fail "cache = none started a refresh"

# A bad value is a configuration error that names the key.
write_config "refresh_ahead = soon"
run_mogoplus token; expect_status 78
expect_err "refresh_ahead = soon"
exit 0
