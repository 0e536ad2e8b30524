#!/bin/sh
# exec runs CMD with the token in MOGOPLUS_ACCESS_TOKEN (or --env NAME):
# CMD sees it in its environment, and neither CMD's command line nor
# mogoplus's (/proc/PID/cmdline) holds it; the client secret that a
# profile reads from the environment does not reach CMD.
. "$top_srcdir/tests/lib.sh"
CACHE_MODE=file

start_devserver
write_config
tok=$("$MOGOPLUS" token) || fail "mogoplus token failed"

# CMD records its environment's token and both command lines.
cat >"$T/cmd.sh" <<'SH'
printf '%s' "${MOGOPLUS_ACCESS_TOKEN-unset}" >"$1/env"
printf '%s' "${MY_TOKEN-unset}" >"$1/mine"
printf '%s' "${MY_SECRET-unset}" >"$1/secret"
tr '\0' ' ' </proc/$$/cmdline >"$1/cmdline"
tr '\0' ' ' </proc/$PPID/cmdline >"$1/parent"
SH
run_mogoplus exec -- sh "$T/cmd.sh" "$T"
expect_status 0
[ -s "$T/env" ] || fail "CMD did not run"
[ "$(cat "$T/env")" = "$tok" ] || fail "MOGOPLUS_ACCESS_TOKEN is not the token: $(cat "$T/env")"
grep -q "cmd.sh" "$T/cmdline" || fail "not CMD's command line: $(cat "$T/cmdline")"
grep -q " exec " "$T/parent" || fail "CMD's parent is not mogoplus exec: $(cat "$T/parent")"
grep -qF -- "$tok" "$T/cmdline" && fail "the token is in CMD's command line"
grep -qF -- "$tok" "$T/parent" && fail "the token is in mogoplus's command line"

# --env NAME: that variable, not the default one; the secret stays out.
write_config "client_secret = env:MY_SECRET"
MY_SECRET=$CLIENT_SECRET MOGOPLUS_ACCESS_TOKEN=stale run_mogoplus exec --env MY_TOKEN -- \
	sh "$T/cmd.sh" "$T"
expect_status 0
[ "$(cat "$T/mine")" = "$tok" ] || fail "--env MY_TOKEN: not the token: $(cat "$T/mine")"
[ "$(cat "$T/env")" = stale ] || fail "--env MY_TOKEN changed MOGOPLUS_ACCESS_TOKEN"
[ "$(cat "$T/secret")" = unset ] || fail "the client secret's variable reached CMD"

run_mogoplus exec --env 1BAD -- true
expect_status 64
expect_err "--env 1BAD is not a variable name"
exit 0
