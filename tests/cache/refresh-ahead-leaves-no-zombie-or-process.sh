#!/bin/sh
# The background refresh is one process that outlives the get and is nobody's
# zombie: the get exits while its refresh is still held at the server, then
# exactly one orphan (the refresher, adopted as init would adopt it) ends with
# status 0, and nothing is left.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-refresh.sh"
CACHE_MODE=file

start_devserver --hold-file "$HOLD"
write_config "$LONG_TIMEOUT"
"$MOGOPLUS" token >/dev/null || fail "the first get failed"
make_due
touch "$HOLD"
"$REAPER" "$T/report" 30 "$MOGOPLUS" token >/dev/null &
rp=$!
wait_until "the get" report_has "$T/report" "command exited 0"
wait_until "the refresh request" stat_is token_requests 2
[ "$(adopted "$T/report")" -eq 0 ] || { cat "$T/report" >&2; fail "an orphan ended while the refresh was held"; }
rm -f "$HOLD"
wait "$rp" || { cat "$T/report" >&2; fail "a process was left behind"; }
printf 'command exited 0\nadopted exited 0\ndone\n' >"$T/want"
diff "$T/want" "$T/report" >&2 || fail "not one get then one refresher that succeeded"
stat_is tokens_issued 2 || fail "the refresher got no token"
exit 0
