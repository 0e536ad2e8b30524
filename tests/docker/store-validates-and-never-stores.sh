#!/bin/sh
# store (docker login) is read and validated but nothing is stored: exit 0
# with a note on stderr that tokens are minted when the secret is a typed
# password; bad JSON and an unmapped registry exit 1 with a message; the
# password given never shows up anywhere.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

start_devserver
write_config "[docker registry.example.com:5000]"
pw=login-password-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
run_helper store "{\"ServerURL\":\"https://registry.example.com:5000/v1/\",\"Username\":\"oauth2accesstoken\",\"Secret\":\"$pw\"}"
[ "$STATUS" -eq 0 ] || { cat "$OUT" "$ERR" >&2; fail "store: exit $STATUS"; }
[ ! -s "$OUT" ] || { cat "$OUT" >&2; fail "store wrote to stdout"; }
grep -q 'minted' "$ERR" || { cat "$ERR" >&2; fail "no note that tokens are minted"; }
grep -rqF -- "$pw" "$OUT" "$ERR" "$HOME" && fail "the password was echoed or stored"

# An unmapped registry is turned away (exit 1, the reason on stdout, as
# docker quotes it), so that podman, which asks us first for every
# registry, stores that login in its own auth file.
run_helper store '{"ServerURL":"other.example.com","Username":"u","Secret":"p"}'
[ "$STATUS" -eq 1 ] || fail "store for an unmapped registry: exit $STATUS, want 1"
grep -q '^mogoplus: other.example.com is not mapped to a mogoplus profile: nothing stored' "$OUT" ||
	{ cat "$OUT" >&2; fail "no line that it is not mapped"; }

for bad in 'not json' '' '["a"]' '{"ServerURL":"h","Username":"u"}' \
	'{"ServerURL":"h","Username":"u","Secret":"p"} trailing'; do
	run_helper store "$bad"
	[ "$STATUS" -eq 1 ] || fail "store '$bad': exit $STATUS, want 1"
	grep -q '^mogoplus: usage: store: ' "$OUT" || { cat "$OUT" >&2; fail "store '$bad': no message"; }
done
[ "$(ds_stat token_requests)" -eq 0 ] || fail "store asked for a token"
