#!/bin/sh
# A registry nothing maps gets exactly "credentials not found in native
# keychain" and exit 1, so docker and podman carry on without credentials;
# no token is requested for it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

check_unmapped() {
	run_helper get "$1"
	[ "$STATUS" -eq 1 ] || fail "get $1: exit $STATUS, want 1"
	[ "$(cat "$OUT")" = "credentials not found in native keychain" ] ||
		{ cat "$OUT" >&2; fail "get $1: stdout is not the not-found message"; }
	[ "$(wc -l <"$OUT")" -eq 1 ] || fail "get $1: stdout is not one line"
	[ ! -s "$ERR" ] || { cat "$ERR" >&2; fail "get $1: stderr is not empty"; }
}

# No configuration at all.
check_unmapped "https://index.docker.io/v1/"
start_devserver
write_config "[docker registry.example.com:5000]"
check_unmapped "registry.example.com"		# another port is another registry
check_unmapped "other.example.com:5000"
check_unmapped "https://index.docker.io/v1/"
check_unmapped "127.0.0.1:$PORT"
check_unmapped ""
check_unmapped "not a registry"
# The control: the mapped one is answered, so the checks above can fail.
run_helper get "registry.example.com:5000"
[ "$STATUS" -eq 0 ] || { cat "$OUT" >&2; fail "the mapped registry was not answered"; }
[ "$(ds_stat token_requests)" -eq 1 ] || fail "unmapped registries caused token requests"
