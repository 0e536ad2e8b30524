#!/bin/sh
# With -v, on success and on every failure, neither the secret nor the token reaches stderr.
. "$top_srcdir/tests/lib.sh"

start_devserver --auth-method any
write_config
b64=$(printf '%s:%s' "$CLIENT_ID" "$CLIENT_SECRET" | base64 -w0)
check() {
	if grep -qF -e "$CLIENT_SECRET" -e "$b64" "$ERR"; then fail "secret on stderr ($*)"; fi
	[ -z "${tok:-}" ] || ! grep -qF -- "$tok" "$ERR" || fail "token on stderr ($*)"
}
run_mogoplus -v token; expect_status 0; tok=$(cat "$OUT"); check post
grep -q 'debug: ' "$ERR" || fail "-v printed no debug lines"
write_config "auth_method = basic"
run_mogoplus -v token; expect_status 0; tok=$(cat "$OUT"); check basic
# The server no longer knows our secret: invalid_client, with -v.
printf '%s %s\n' "$CLIENT_ID" other >"$T/clients"
kill "$DS_PID"; wait "$DS_PID" 2>/dev/null
start_devserver --non-json
write_config
run_mogoplus -v token; [ "$STATUS" -ne 0 ] || fail "expected a failure"; check non-json
kill "$DS_PID"; wait "$DS_PID" 2>/dev/null
printf '%s %s\n' "$CLIENT_ID" other >"$T/clients"
start_devserver
write_config
run_mogoplus -v token; expect_status 77; check invalid_client
write_config "auth_method = basic"
run_mogoplus -v token; expect_status 77; check invalid_client basic
