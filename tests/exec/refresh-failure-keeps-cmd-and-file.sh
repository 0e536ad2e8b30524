#!/bin/sh
# With the token server down when the file is due for a refresh, CMD keeps
# running and the file keeps the token it has, past that token's expiry:
# one line on stderr says so (not one per retry); CMD's exit still ends it
# all and removes the file.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-exec.sh"
CACHE_MODE=file

start_devserver --expires-in 10
write_config
export MOGOPLUS_CACHE_DIR="$T/cache" F="$T/run/token"
mkdir -m 700 "$T/run"
start_exec --file "$F" --signal HUP -- sh -c "$START; touch \"\$T/ready\"; $LOOP"
await "$T/ready" "CMD to start"
first=$(cat "$F")
exp=$(sed -n 's/^expires_at=//p' "$(ls "$T/cache"/t-* | grep -v '\.lock$')")
# The server goes away before the refresh point (4 s into the token).
kill "$DS_PID"; wait "$DS_PID" 2>/dev/null
# The failure's line, then the token's expiry and a few retries after it.
_i=0
until grep -q "retrying" "$T/exec.err"; do
	_i=$((_i + 1))
	[ "$_i" -le 600 ] || { cat "$T/exec.err" >&2; stop_exec; fail "no line about the failed refresh"; }
	sleep 0.05
done
while [ "$(date +%s)" -le $((exp + 2)) ]; do sleep 0.2; done
kill -0 "$(cat "$T/cmd.pid")" 2>/dev/null || fail "CMD did not survive the failed refresh"
[ "$(cat "$F")" = "$first" ] || { stop_exec; fail "the file does not hold the token it had"; }
[ "$(wc -l <"$T/exec.err")" -eq 1 ] || { cat "$T/exec.err" >&2; stop_exec; fail "not one line on stderr"; }
grep -q "keeps the token valid until" "$T/exec.err" ||
	{ cat "$T/exec.err" >&2; stop_exec; fail "the line does not say that the file keeps its token"; }
touch "$T/stop"
exec_status
[ "$EXEC_STATUS" -eq 0 ] || fail "exec exited $EXEC_STATUS, CMD 0"
[ ! -e "$F" ] || fail "the token file is still there after CMD ended"
exit 0
