#!/bin/sh
# exec exits with CMD's status: 0, 3, 128+N when signal N ended CMD, 127
# for a command that does not exist; SIGTERM, SIGINT and SIGHUP sent to
# mogoplus reach CMD.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-exec.sh"
CACHE_MODE=file

start_devserver
write_config
run_mogoplus exec -- true;  expect_status 0
run_mogoplus exec -- sh -c 'exit 3';  expect_status 3
run_mogoplus exec -- sh -c 'kill -KILL $$';  expect_status 137
run_mogoplus exec -- "$T/no-such-program"; expect_status 127
expect_err "no-such-program: No such file or directory"

# sig_reaches_cmd SIG: mogoplus is sent SIG; CMD's own handler runs (it
# notes which signal and exits 5), and CMD's status comes back.
sig_reaches_cmd() {
	rm -f "$T/ready" "$T/got" "$T/cmd.pid"
	start_exec -- sh -c "$START; trap 'echo $1 >\"\$T/got\"; exit 5' $1;
		touch \"\$T/ready\"; $LOOP"
	await "$T/ready" "CMD to start"
	kill -"$1" "$EXEC_PID"
	await "$T/got" "SIG$1 to reach CMD"
	exec_status
	[ "$EXEC_STATUS" -eq 5 ] || { cat "$T/exec.err" >&2; fail "SIG$1: exit $EXEC_STATUS, not CMD's 5"; }
	[ "$(cat "$T/got")" = "$1" ] || fail "CMD got SIG$(cat "$T/got"), not SIG$1"
}
sig_reaches_cmd TERM
sig_reaches_cmd INT
sig_reaches_cmd HUP

# Forwarded and not caught: CMD dies of it, and exec exits 128+15.
rm -f "$T/ready" "$T/cmd.pid"
start_exec -- sh -c "$START; touch \"\$T/ready\"; $LOOP"
await "$T/ready" "CMD to start"
kill -TERM "$EXEC_PID"
exec_status
[ "$EXEC_STATUS" -eq 143 ] || fail "CMD killed by SIGTERM: exit $EXEC_STATUS, not 143"
exit 0
