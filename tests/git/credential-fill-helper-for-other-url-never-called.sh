#!/bin/sh
# Through git credential fill: a helper configured for another credential.<url> is never called.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver
write_config "[git https://git.example.com]" "profile = default" \
	"[git https://other.example.com]" "profile = default"
logged_helper
fill() {
	printf 'protocol=https\nhost=%s\n' "$1" | git \
		-c "credential.https://other.example.com.helper=$LOGGED -p default" \
		-c "credential.https://git.example.com.helper=$HELPER -p default" \
		credential fill >"$T/fill.out" 2>"$T/fill.err"
}
fill git.example.com || { cat "$T/fill.err" >&2; fail "fill failed"; }
[ "$(auth_check "$(sed -n 's/^password=//p' "$T/fill.out")")" = 204 ] || fail "no live token"
[ ! -e "$T/helper-calls" ] || fail "the helper for another URL was called: $(cat "$T/helper-calls")"
fill other.example.com:8443 || true
[ ! -e "$T/helper-calls" ] || fail "the helper for another port was called"
# The control: the logging helper is called for its own URL.
fill other.example.com || { cat "$T/fill.err" >&2; fail "fill failed"; }
grep -qx 'get' "$T/helper-calls" || fail "the logging helper was not called for its URL: the check is blind"
