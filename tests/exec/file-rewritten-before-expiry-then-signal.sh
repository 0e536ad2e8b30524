#!/bin/sh
# exec --file PATH --signal HUP with 10 s tokens: the file holds the token
# (0600) before CMD starts, is rewritten with a new token before the old
# one expires, and CMD gets SIGHUP after the rewrite (its handler reads
# the new token); when CMD exits the file is gone and its status is ours.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-exec.sh"
CACHE_MODE=file

start_devserver --expires-in 10
write_config
export MOGOPLUS_CACHE_DIR="$T/cache" F="$T/run/token"
mkdir -m 700 "$T/run"

# CMD notes the token it started with and when that one expires (the
# cache file's expires_at), then on each HUP the time and the file's token.
cat >"$T/cmd.sh" <<SH
$START
trap 'echo "\$(date +%s) \$(cat "\$F")" >>"\$T/hups"' HUP
cat "\$F" >"\$T/first"
sed -n 's/^expires_at=//p' "\$(ls "\$MOGOPLUS_CACHE_DIR"/t-* | grep -v '\\.lock\$')" >"\$T/first-exp"
stat -c %a "\$F" >"\$T/mode"
touch "\$T/ready"
$LOOP
SH
start_exec --file "$F" --signal HUP -- sh "$T/cmd.sh"
await "$T/ready" "CMD to start"
first=$(cat "$T/first") exp=$(cat "$T/first-exp")
[ -n "$first" ] || fail "the file was empty when CMD started"
[ "$(cat "$T/mode")" = 600 ] || fail "the token file's mode is $(cat "$T/mode"), not 600"

# The first rewrite: a 10 s token's refresh point is 4 s in.
await "$T/hups" "the first SIGHUP"
read -r when got <"$T/hups"
[ -n "$got" ] && [ "$got" != "$first" ] || fail "after SIGHUP CMD read the old token from the file"
[ "$when" -lt "$exp" ] || fail "the file changed at $when, not before the old token expired at $exp"
touch "$T/stop"
exec_status
[ "$EXEC_STATUS" -eq 0 ] || { cat "$T/exec.err" >&2; fail "exec exited $EXEC_STATUS, CMD 0"; }
[ ! -e "$F" ] || fail "the token file is still there after CMD ended"
ls -A "$T/run" | grep -q . && fail "something was left in the folder: $(ls -A "$T/run")"
[ -s "$T/exec.err" ] && { cat "$T/exec.err" >&2; fail "exec wrote to stderr"; }

# A folder others can write is refused before CMD runs.
mkdir -m 777 "$T/open"
run_mogoplus exec --file "$T/open/token" -- touch "$T/ran"
expect_status 64
expect_err "folder .*/open can be written by group or others"
[ ! -e "$T/ran" ] || fail "CMD ran although the file could not be kept"
run_mogoplus exec --signal HUP -- true
expect_status 64
expect_err "give --file PATH too"
exit 0
