#!/bin/sh
# The registry refuses a revoked or wrong token with 401 and a Basic
# challenge; a client that keeps the cached (revoked) token fails until
# erase, after which get mints a new token and the client works again.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

start_devserver
start_registry
setup_skopeo
write_config "[docker $REG]"
make_oci_image "$T/image"
skopeo copy --quiet --authfile "$T/auth.json" --dest-cert-dir "$T/certs" \
	"oci:$T/image:latest" "docker://$REG/test/hello:latest" 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "skopeo could not push the test image"; }

reg_status() {	# reg_status TOKEN: HTTP status of /v2/ with Basic oauth2accesstoken:TOKEN
	curl -s -o /dev/null -D "$T/headers" -w '%{http_code}' --cacert "$PKI/ca.pem" \
		-K - "https://$REG/v2/" <<C
user = "oauth2accesstoken:$1"
C
}

run_helper get "$REG"
tok=$(json_get "$OUT" Secret)
[ "$(reg_status "$tok")" = 200 ] || fail "the registry refuses a live token"
[ "$(reg_status "not-a-token")" = 401 ] || fail "the registry accepts a wrong token"
grep -qi '^WWW-Authenticate: Basic realm=' "$T/headers" || fail "no Basic challenge on 401"
grep -qi '^Docker-Distribution-Api-Version: registry/2.0' "$T/headers" || fail "no API version header on 401"

revoke_all
[ "$(reg_status "$tok")" = 401 ] || fail "the registry accepts a revoked token"

if have_cache; then
	# The helper still serves the cached, now revoked, token: refused.
	if skopeo inspect --authfile "$T/auth.json" --cert-dir "$T/certs" \
		"docker://$REG/test/hello:latest" >/dev/null 2>"$T/err"; then
		fail "skopeo worked with a revoked token (is the cache used?)"
	fi
	run_helper erase "$REG"
	[ "$STATUS" -eq 0 ] || fail "erase: exit $STATUS"
fi
run_helper get "$REG"
tok2=$(json_get "$OUT" Secret)
[ "$tok2" != "$tok" ] || fail "get after erase returned the revoked token"
[ "$(reg_status "$tok2")" = 200 ] || fail "the new token is refused"
skopeo inspect --authfile "$T/auth.json" --cert-dir "$T/certs" \
	"docker://$REG/test/hello:latest" >/dev/null 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "skopeo fails after erase"; }
