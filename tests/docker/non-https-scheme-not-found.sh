#!/bin/sh
# A server URL with an explicit scheme other than https (http://, ftp://, docker://) is no registry of ours: "credentials not found in native keychain", exit 1, no token requested, exactly like an unmapped host; https:// and the bare host[:port] are answered.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

start_devserver
write_config "[docker registry.example.com:5000]" "[docker registry.example.com]"
for server in "http://registry.example.com:5000" "http://registry.example.com:5000/v1/" \
	"HTTP://registry.example.com:5000" "ftp://registry.example.com:5000" \
	"ftp://registry.example.com" "docker://registry.example.com" \
	"httpsx://registry.example.com"; do
	run_helper get "$server"
	[ "$STATUS" -eq 1 ] || { cat "$OUT" >&2; fail "get $server: exit $STATUS, want 1"; }
	[ "$(cat "$OUT")" = "credentials not found in native keychain" ] ||
		{ cat "$OUT" >&2; fail "get $server: not the not-found answer"; }
	[ ! -s "$ERR" ] || { cat "$ERR" >&2; fail "get $server: stderr is not empty"; }
done
[ "$(ds_stat token_requests)" -eq 0 ] || fail "a non-https server caused a token request"
# MOGOPLUS_DOCKER_REGISTRIES cannot map an http:// name either.
MOGOPLUS_DOCKER_REGISTRIES=http://plain.example.com run_helper get "plain.example.com"
[ "$STATUS" -eq 1 ] || fail "an http:// entry of MOGOPLUS_DOCKER_REGISTRIES was mapped"
# The controls: https:// and the bare host:port that podman and skopeo send.
for server in "https://registry.example.com:5000" "registry.example.com:5000" "registry.example.com"; do
	run_helper get "$server"
	[ "$STATUS" -eq 0 ] || { cat "$OUT" "$ERR" >&2; fail "get $server: exit $STATUS"; }
	token_is_live "$(json_get "$OUT" Secret)" || fail "get $server: no live token"
done
