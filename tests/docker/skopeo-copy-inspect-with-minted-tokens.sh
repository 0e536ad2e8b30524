#!/bin/sh
# skopeo pushes an OCI image to a registry that accepts only dev-server
# tokens, inspects it and copies it back, with credentials only from
# credHelpers (it sends the bare host:port); without the helper the
# registry refuses.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

start_devserver
start_registry
setup_skopeo
write_config "[docker $REG]"
make_oci_image "$T/image"

# The control: no credentials, no access (the registry is really guarded).
printf '{}\n' >"$T/empty-auth.json"
if skopeo inspect --authfile "$T/empty-auth.json" --cert-dir "$T/certs" \
	"docker://$REG/test/hello:latest" >"$T/out" 2>"$T/err"; then
	fail "the registry answered without credentials"
fi
grep -qiE 'unauthorized|401|authentication required' "$T/err" ||
	{ cat "$T/err" >&2; fail "no 401 without credentials"; }

skopeo copy --quiet --authfile "$T/auth.json" --dest-cert-dir "$T/certs" \
	"oci:$T/image:latest" "docker://$REG/test/hello:latest" 2>"$T/err" ||
	{ cat "$T/err" "$T/nginx/error.log" >&2; fail "skopeo copy to the registry failed"; }
skopeo inspect --authfile "$T/auth.json" --cert-dir "$T/certs" \
	"docker://$REG/test/hello:latest" >"$T/inspect" 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "skopeo inspect failed"; }
grep -q "\"Digest\": \"$IMAGE_DIGEST\"" "$T/inspect" ||
	{ cat "$T/inspect" >&2; fail "inspect shows another digest than the one pushed"; }
skopeo copy --quiet --authfile "$T/auth.json" --src-cert-dir "$T/certs" \
	"docker://$REG/test/hello:latest" "oci:$T/back:latest" 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "skopeo copy from the registry failed"; }
grep -q "${IMAGE_DIGEST}" "$T/back/index.json" || fail "the image came back different"
[ "$(ds_stat tokens_issued)" -ge 1 ] || fail "no token was minted"
grep -q "$CLIENT_SECRET" "$T/nginx/access.log" "$T/registry/log" && fail "the secret reached the registry"
exit 0
