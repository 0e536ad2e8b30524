#!/bin/sh
# MOGOPLUS_DOCKER_REGISTRIES (comma-separated) maps registries to the
# profile MOGOPLUS_PROFILE names; without it they stay unmapped.
. "$top_srcdir/tests/lib.sh"
CACHE_MODE=none	# both profiles share one client_id, so one cache key
. "$top_srcdir/tests/lib-docker.sh"

start_devserver
write_config
# [profile default] gets a wrong secret: only the ci profile can succeed.
printf 'wrong\n' >"$T/wrong"; chmod 600 "$T/wrong"
sed -i "s|^client_secret = .*|client_secret = file:$T/wrong|" "$CONFIG"
{
	echo "[profile ci]"
	echo "token_url = $URL"
	echo "client_id = $CLIENT_ID"
	echo "client_secret = file:$T/secret"
	echo "cert = $PKI/client.pem"
	echo "key = $PKI/client.key"
	echo "ca = $PKI/ca.pem"
} >>"$CONFIG"

run_helper get "ghcr.io"
[ "$STATUS" -eq 1 ] && grep -qx "credentials not found in native keychain" "$OUT" ||
	fail "ghcr.io was answered before it was mapped"

MOGOPLUS_DOCKER_REGISTRIES=" ghcr.io , quay.io:8443"
MOGOPLUS_PROFILE=ci
export MOGOPLUS_DOCKER_REGISTRIES MOGOPLUS_PROFILE
for server in ghcr.io "https://quay.io:8443/v1/"; do
	run_helper get "$server"
	[ "$STATUS" -eq 0 ] || { cat "$OUT" >&2; fail "get $server: exit $STATUS"; }
	token_is_live "$(json_get "$OUT" Secret)" || fail "$server: not a live token"
	[ "$(json_get "$OUT" Username)" = oauth2accesstoken ] || fail "$server: wrong username"
done
run_helper get "quay.io"
[ "$STATUS" -eq 1 ] || fail "quay.io without the port was answered"
run_helper list
[ "$(cat "$OUT")" = '{"ghcr.io":"oauth2accesstoken","quay.io:8443":"oauth2accesstoken"}' ] ||
	{ cat "$OUT" >&2; fail "list does not show the environment's registries"; }
# The profile really came from MOGOPLUS_PROFILE: default fails.
MOGOPLUS_PROFILE=default
run_helper get ghcr.io
[ "$STATUS" -eq 1 ] && grep -q invalid_client "$OUT" || { cat "$OUT" >&2; fail "MOGOPLUS_PROFILE was not used"; }
