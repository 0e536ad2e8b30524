#!/bin/sh
# A matched profile that fails writes one stderr line and quit=1, and git credential fill stops without prompting.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

# The server no longer knows our secret.
start_devserver
printf '%s %s\n' "$CLIENT_ID" other-secret >"$T/clients"
kill "$DS_PID"; wait "$DS_PID" 2>/dev/null
start_devserver
write_config "[git https://git.example.com]" "profile = default"
printf 'protocol=https\nhost=git.example.com\n' >"$T/req"; helper get <"$T/req"
expect_status 77
[ "$(cat "$OUT")" = quit=1 ] || fail "stdout is not quit=1: $(cat "$OUT")"
expect_err '^git-credential-mogoplus: default: token request rejected: invalid_client'
# Through git: git stops at our quit=1 and asks neither the next helper nor a person.
printf 'protocol=https\nhost=git.example.com\n\n' |
	GIT_ASKPASS=/bin/false git -c credential.helper= -c "credential.helper=$HELPER" \
	-c 'credential.helper=!f() { echo username=next; echo password=next; }; f' \
	credential fill >"$T/fill.out" 2>"$T/fill.err"
st=$?
[ "$st" -ne 0 ] || fail "git credential fill succeeded"
grep -q 'told us to quit' "$T/fill.err" || { cat "$T/fill.err" >&2; fail "git did not quit"; }
grep -q 'token request rejected' "$T/fill.err" || fail "our error line did not reach the user"
! grep -q next "$T/fill.out" || fail "git went on to the next helper"
# The server unreachable: quit=1 too, exit 69.
kill "$DS_PID"; wait "$DS_PID" 2>/dev/null
printf 'protocol=https\nhost=git.example.com\n' >"$T/req"; helper get <"$T/req"
expect_status 69
[ "$(cat "$OUT")" = quit=1 ] || fail "no quit=1 when the server is down"
