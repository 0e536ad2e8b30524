# tests/lib-exec.sh: mogoplus exec in the background for the tests (sourced
# after tests/lib.sh). Every CMD of these tests ends by itself within a
# minute, and every wait is bounded: a broken exec fails, never hangs.

# start_exec ARGS...: "$MOGOPLUS" exec ARGS... in the background, stderr in
# $T/exec.err; EXEC_PID. A shell's background job ignores SIGINT: the
# signals are given their default back, as a service manager gives them.
start_exec() {
	env --default-signal=INT,TERM,HUP "$MOGOPLUS" exec "$@" 2>"$T/exec.err" &
	EXEC_PID=$!
	track_pid "$EXEC_PID"
}

# await FILE [WHAT]: until FILE exists (30 s at most, and only while exec runs).
await() {
	_i=0
	until [ -e "$1" ]; do
		_i=$((_i + 1))
		[ "$_i" -le 600 ] || { cat "$T/exec.err" >&2; stop_exec; fail "gave up waiting for ${2:-$1}"; }
		sleep 0.05
	done
}

# exec_status: wait (30 s at most) for exec to end; EXEC_STATUS.
exec_status() {
	_i=0
	while kill -0 "$EXEC_PID" 2>/dev/null; do
		_i=$((_i + 1))
		[ "$_i" -le 600 ] || { stop_exec; fail "mogoplus exec did not end"; }
		sleep 0.05
	done
	wait "$EXEC_PID"; EXEC_STATUS=$?
}

# stop_exec: the end of a test that failed: exec and its CMD killed (CMD
# writes its pid to $T/cmd.pid).
stop_exec() {
	[ -s "$T/cmd.pid" ] && kill -KILL "$(cat "$T/cmd.pid")" 2>/dev/null
	kill -KILL "$EXEC_PID" 2>/dev/null
}

# CMD's shell code: its pid into $T/cmd.pid, then LOOP waits until
# $T/stop appears, a minute at most.
export T
START='echo $$ >"$T/cmd.pid"'
LOOP='_n=0; while [ ! -e "$T/stop" ] && [ $_n -lt 600 ]; do sleep 0.1; _n=$((_n + 1)); done'
