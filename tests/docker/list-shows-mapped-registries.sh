#!/bin/sh
# list answers {"host":"username",...} for the mapped registries, each once
# and normalised; with nothing mapped it is {}.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

run_helper list
[ "$STATUS" -eq 0 ] && [ "$(cat "$OUT")" = '{}' ] || { cat "$OUT" >&2; fail "empty list is not {}"; }
start_devserver
write_config "[docker Registry.Example.com:5000]" "[docker robots.example.com]" \
	"username = robot" "[git https://git.example.com]"
MOGOPLUS_DOCKER_REGISTRIES=registry.example.com:5000,ghcr.io
export MOGOPLUS_DOCKER_REGISTRIES
run_helper list
[ "$STATUS" -eq 0 ] || fail "list: exit $STATUS"
[ "$(cat "$OUT")" = '{"registry.example.com:5000":"oauth2accesstoken","robots.example.com":"robot","ghcr.io":"oauth2accesstoken"}' ] ||
	{ cat "$OUT" >&2; fail "list is wrong"; }
[ "$(ds_stat token_requests)" -eq 0 ] || fail "list asked for a token"
