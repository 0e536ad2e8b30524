#!/bin/sh
# A background refresh that fails (the server is gone) stays silent: gets inside
# the window keep returning the cached token with nothing on stderr; once the
# token is stale, a get fetches in the foreground and reports the failure as
# always.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-refresh.sh"
CACHE_MODE=file

start_devserver
write_config
old=$("$MOGOPLUS" token) || fail "the first get failed"
kill "$DS_PID"; wait "$DS_PID" 2>/dev/null
make_due
for n in 1 2; do
	"$REAPER" "$T/report" 30 "$MOGOPLUS" token >"$T/out" 2>"$T/err" || fail "reaper timed out"
	report_has "$T/report" "command exited 0" || { cat "$T/err" >&2; fail "due get $n failed"; }
	[ "$(cat "$T/out")" = "$old" ] || fail "due get $n did not return the cached token"
	[ -s "$T/err" ] && { cat "$T/err" >&2; fail "due get $n wrote to stderr"; }
	# The refresher ran and failed, out of sight.
	report_has "$T/report" "adopted exited 1" || { cat "$T/report" >&2; fail "no failed refresh seen"; }
	[ "$(cached_token)" = "$old" ] || fail "a failed refresh touched the cached token"
done
make_stale
run_mogoplus token; expect_status 69
expect_err "^mogoplus: default: "
exit 0
