#!/bin/sh
# The Debian docker CLI (no engine) with DOCKER_CONFIG holding only
# credHelpers: `docker manifest inspect` gets a token through `get`,
# `docker login -u oauth2accesstoken --password-stdin` with the token
# succeeds (its `store` is accepted, silently, and nothing is stored), `docker logout` calls
# `erase`, and the next get mints a new token.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

need_docker_cli
start_devserver
start_registry
setup_skopeo
write_config "[docker $REG]"
make_oci_image "$T/image"
# docker 20.10's manifest inspect asks for Docker media types: push v2s2.
skopeo copy --quiet --format v2s2 --authfile "$T/auth.json" --dest-cert-dir "$T/certs" \
	"oci:$T/image:latest" "docker://$REG/test/hello:latest" 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "skopeo could not push the test image"; }

DOCKER_CONFIG=$T/docker
export DOCKER_CONFIG
mkdir -p "$DOCKER_CONFIG"
printf '{"credHelpers":{"%s":"mogoplus"}}\n' "$REG" >"$DOCKER_CONFIG/config.json"
log_helper_calls
# The CLI treats 127.0.0.0/8 as an insecure registry (no certificate
# check); SSL_CERT_FILE makes the test CA the only trusted one in case a
# build does verify. Nothing under /etc/docker is touched.
SSL_CERT_FILE=$PKI/ca.pem
export SSL_CERT_FILE
dk() { timeout 60 "$DOCKER_CLI" "$@"; }

# The control: without the helper, the registry refuses the CLI.
if DOCKER_CONFIG=$T/nohelper dk manifest inspect "$REG/test/hello:latest" >/dev/null 2>"$T/err"; then
	fail "manifest inspect worked without credentials"
fi

dk manifest inspect "$REG/test/hello:latest" >"$T/manifest" 2>"$T/err" ||
	{ cat "$T/err" "$T/nginx/error.log" >&2; fail "docker manifest inspect failed"; }
grep -q "\"digest\": \"$LAYER_DIGEST\"" "$T/manifest" ||
	{ cat "$T/manifest" >&2; fail "the manifest does not list the pushed layer"; }
grep -qx get "$T/helper-calls" || fail "docker did not call get"
grep -q ' oauth2accesstoken \[' "$T/nginx/access.log" || fail "the registry never saw the helper's username"
issued=$(ds_stat tokens_issued)

"$MOGOPLUS" token | dk login -u oauth2accesstoken --password-stdin "$REG" >"$T/out" 2>"$T/err" ||
	{ cat "$T/out" "$T/err" >&2; fail "docker login failed"; }
grep -q 'Login Succeeded' "$T/out" || { cat "$T/out" >&2; fail "docker login did not succeed"; }
grep -qx store "$T/helper-calls" || fail "docker login did not call store"
# What docker stored is the helper's own token: nothing to warn about.
! grep -q 'not stored' "$T/err" || { cat "$T/err" >&2; fail "a warning for storing the helper's own token"; }
grep -q '"auth"' "$DOCKER_CONFIG/config.json" && fail "docker stored the password in config.json"

dk logout "$REG" >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; fail "docker logout failed"; }
grep -qx erase "$T/helper-calls" || fail "docker logout did not call erase"
grep -q "\"$REG\": \"mogoplus\"" "$DOCKER_CONFIG/config.json" ||
	fail "docker logout removed the credHelpers entry"

if have_cache; then
	dk manifest inspect "$REG/test/hello:latest" >/dev/null 2>"$T/err" ||
		{ cat "$T/err" >&2; fail "manifest inspect after logout failed"; }
	[ "$(ds_stat tokens_issued)" -gt "$issued" ] ||
		fail "after logout (erase) the next get did not mint a new token"
fi
exit 0
