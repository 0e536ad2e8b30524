#!/bin/sh
# 32 concurrent gets inside the refresh-ahead window all return at once and start
# one refresh between them, not 32: one process outlives them and one request
# reaches the server.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-refresh.sh"
CACHE_MODE=file

start_devserver --hold-file "$HOLD"
write_config "$LONG_TIMEOUT"
old=$("$MOGOPLUS" token) || fail "the first get failed"
make_due
# Held, the refresh stays in flight for the whole burst: every get sees a
# due token, and each would start its own refresh without the shared lock.
touch "$HOLD"
cat >"$T/burst" <<B
i=0
while [ \$i -lt 32 ]; do "$MOGOPLUS" token >"$T/out.\$i" 2>"$T/err.\$i" & i=\$((i + 1)); done
wait
B
"$REAPER" "$T/report" 60 sh "$T/burst" &
rp=$!
wait_until "the burst" report_has "$T/report" "command exited 0"
i=0
while [ $i -lt 32 ]; do
	[ "$(cat "$T/out.$i")" = "$old" ] || { cat "$T/err.$i" >&2; fail "get $i did not return the cached token"; }
	[ -s "$T/err.$i" ] && { cat "$T/err.$i" >&2; fail "get $i wrote to stderr"; }
	i=$((i + 1))
done
rm -f "$HOLD"
wait "$rp" || { cat "$T/report" >&2; fail "processes were left behind"; }
[ "$(adopted "$T/report")" -eq 1 ] || { cat "$T/report" >&2; fail "$(adopted "$T/report") refreshers for 32 due gets"; }
stat_is token_requests 2 || fail "$(ds_stat token_requests) requests: 1 + one refresh expected"
[ "$(cached_token)" != "$old" ] || fail "the refresh did not replace the token"
exit 0
