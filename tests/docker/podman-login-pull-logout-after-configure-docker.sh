#!/bin/sh
# After `mogoplus configure-docker REG`, plain `podman login REG` (nothing
# typed), `podman pull` and `podman logout REG` all reach the helper, with
# no credential in any file: logout calls erase, so the next get mints a
# new token. After a reboot (a new, empty XDG_RUNTIME_DIR, where podman
# keeps its primary auth file) the same holds. --remove undoes it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

CACHE_MODE=file
start_devserver
start_registry
setup_skopeo
need_podman
write_config
make_oci_image "$T/image"
MOGOPLUS_DOCKER_REGISTRIES=$REG skopeo copy --quiet --format v2s2 --authfile "$T/auth.json" \
	--dest-cert-dir "$T/certs" "oci:$T/image:latest" "docker://$REG/test/hello:latest" 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "skopeo could not push the test image"; }

run_mogoplus configure-docker "$REG"
expect_status 0
grep -q 'registries.conf.d/mogoplus.conf' "$OUT" || { cat "$OUT" >&2; fail "configure-docker did not name the registries.conf drop-in"; }
log_helper_input
# podman login with nothing typed: the helper's token, nothing stored.
pm login --cert-dir "$T/certs" "$REG" </dev/null >"$T/out" 2>"$T/err" ||
	{ cat "$T/out" "$T/err" >&2; fail "podman login failed"; }
grep -qE 'Login Succeeded|Already logged in' "$T/out" || { cat "$T/out" >&2; fail "podman login did not log in"; }
grep -qx get "$T/helper-calls" || fail "podman login did not call get"
pm pull -q --cert-dir "$T/certs" "$REG/test/hello:latest" >"$T/out" 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "podman pull failed"; }
issued=$(ds_stat tokens_issued)

pm logout "$REG" >"$T/out" 2>"$T/err" || { cat "$T/out" "$T/err" >&2; fail "podman logout failed"; }
grep -q "Removed login credentials for $REG" "$T/out" || { cat "$T/out" >&2; fail "podman logout said something else"; }
grep -q "^erase $REG\$" "$T/helper-input" || { cat "$T/helper-input" >&2; fail "podman logout did not call erase for $REG"; }
pm pull -q --cert-dir "$T/certs" "$REG/test/hello:latest" >/dev/null 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "podman pull after logout failed"; }
[ "$(ds_stat tokens_issued)" -gt "$issued" ] || fail "after podman logout the next pull did not mint a new token"

# A reboot: a new, empty runtime dir.
XDG_RUNTIME_DIR=$T/run-after-reboot
mkdir -m 700 "$XDG_RUNTIME_DIR"
issued=$(ds_stat tokens_issued)
cat "$T/helper-input" >&2
: >"$T/helper-input"
pm logout "$REG" >"$T/out" 2>"$T/err" || { cat "$T/out" "$T/err" >&2; fail "podman logout after a reboot failed"; }
grep -q "^erase $REG\$" "$T/helper-input" || fail "podman logout after a reboot did not call erase"
pm pull -q --cert-dir "$T/certs" "$REG/test/hello:latest" >/dev/null 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "podman pull after a reboot failed"; }
[ "$(ds_stat tokens_issued)" -gt "$issued" ] || fail "after a reboot's logout the next pull did not mint a new token"

# No credential in any file of the home or runtime dirs (but for the
# helper's own token cache, mogoplus/).
token=$("$MOGOPLUS" token)
if grep -rqF --exclude-dir=mogoplus -e "$token" -e '"auth"' "$HOME" "$T/run" "$XDG_RUNTIME_DIR"; then
	grep -rlF --exclude-dir=mogoplus -e "$token" -e '"auth"' "$HOME" "$T/run" "$XDG_RUNTIME_DIR" >&2
	fail "a credential was written to a file"
fi
cat "$T/helper-input" >&2

run_mogoplus configure-docker --remove "$REG"
expect_status 0
[ ! -e "$HOME/.config/containers/registries.conf.d/mogoplus.conf" ] ||
	fail "configure-docker --remove left the registries.conf drop-in"
exit 0
