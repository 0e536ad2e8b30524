#!/bin/sh
# A revoked token keeps failing (nothing calls erase after a 401), and the
# recovery a user tries, `podman login REG` with nothing typed, mints a new
# token: the login succeeds and the next pull works. A pull's get still
# serves the cached token (no extra request). `docker login REG` needs a
# daemon: tests/docker/dockerd-login-push-pull.sh.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

CACHE_MODE=file
start_devserver
start_registry
setup_skopeo
need_podman
write_config "[docker $REG]"
"$MOGOPLUS" configure-docker "$REG" >/dev/null || fail "configure-docker failed"
make_oci_image "$T/image"
skopeo copy --quiet --format v2s2 --authfile "$T/auth.json" --dest-cert-dir "$T/certs" \
	"oci:$T/image:latest" "docker://$REG/test/hello:latest" 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "skopeo could not push the test image"; }
log_helper_input
pull() { pm pull -q --cert-dir "$T/certs" "$REG/test/hello:latest" >/dev/null 2>"$T/err"; }

pull || { cat "$T/err" >&2; fail "podman pull failed"; }
issued=$(ds_stat tokens_issued)
pull || { cat "$T/err" >&2; fail "the second podman pull failed"; }
[ "$(ds_stat tokens_issued)" -eq "$issued" ] || fail "a pull's get asked for a new token"

revoke_all
! pm pull -q --cert-dir "$T/certs" "$REG/test/hello:latest" >/dev/null 2>&1 ||
	fail "podman pulled with the revoked token: the test proves nothing"
issued=$(ds_stat tokens_issued)
pm login --cert-dir "$T/certs" "$REG" </dev/null >"$T/out" 2>"$T/err" ||
	{ cat "$T/out" "$T/err" >&2; fail "podman login after a revocation failed"; }
grep -qE 'Login Succeeded|Already logged in' "$T/out" || { cat "$T/out" >&2; fail "podman login did not log in"; }
[ "$(ds_stat tokens_issued)" -gt "$issued" ] || fail "podman login did not mint a new token"
pm pull -q --cert-dir "$T/certs" "$REG/test/hello:latest" >/dev/null 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "podman pull after podman login failed"; }
cat "$T/helper-input" >&2
exit 0
