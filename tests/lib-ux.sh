# tests/lib-ux.sh: checks shared by the error-message tests (sourced after lib.sh).

# expect_token_fails STATUS PATTERN: `mogoplus token` exits STATUS with one
# stderr line matching PATTERN, and no request reached the dev server when
# the mistake is ours to find (NO_REQUEST=1, the default).
expect_token_fails() {
	run_mogoplus token
	expect_status "$1"
	expect_err "$2"
	[ -s "$OUT" ] && fail "something on stdout: $(cat "$OUT")"
	if [ "${NO_REQUEST:-1}" = 1 ] && [ "$(ds_stat token_requests)" -ne 0 ]; then
		fail "a token request was made despite: $(cat "$ERR")"
	fi
	return 0
}

# set_key KEY=VALUE: replace (or add) one line of the test's profile.
set_key() {
	_k=${1%%=*}
	_v=${1#*=}
	sed -i "/^$_k = /d" "$CONFIG"
	echo "$_k = $_v" >>"$CONFIG"
}
