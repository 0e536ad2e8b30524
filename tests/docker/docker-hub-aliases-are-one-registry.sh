#!/bin/sh
# index.docker.io, registry-1.docker.io and docker.io are one registry: a
# section for any of them answers the names the docker CLI (URL with /v1/)
# and containers/image (docker.io) send; a port makes another registry.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

start_devserver
write_config "[docker index.docker.io]" "username = hubuser"
for server in "https://index.docker.io/v1/" "docker.io" "registry-1.docker.io" \
	"index.docker.io" "https://registry-1.docker.io/v2/"; do
	run_helper get "$server"
	[ "$STATUS" -eq 0 ] || { cat "$OUT" >&2; fail "get $server: exit $STATUS"; }
	[ "$(json_get "$OUT" ServerURL)" = "$server" ] || fail "ServerURL is not $server"
	[ "$(json_get "$OUT" Username)" = hubuser ] || fail "$server: not the hub section"
done
run_helper get "docker.io:5000"
[ "$STATUS" -eq 1 ] && grep -qx "credentials not found in native keychain" "$OUT" ||
	fail "docker.io:5000 was answered as Docker Hub"
run_helper list
[ "$(cat "$OUT")" = '{"docker.io":"hubuser"}' ] || { cat "$OUT" >&2; fail "list does not show one hub"; }
