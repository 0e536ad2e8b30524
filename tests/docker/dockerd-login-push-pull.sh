#!/bin/sh
# A real Docker daemon after `mogoplus configure-docker REG`: `docker login
# REG` with nothing typed succeeds on the helper's token and says nothing
# about a password not stored; dockerd pushes an image built here and
# pulls it back with the same token; config.json keeps no credential. After
# the server revokes the token, pulls fail until `docker login REG`, which
# mints a new one; `docker logout REG` reaches erase.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"
. "$top_srcdir/tests/lib-dockerd.sh"

CACHE_MODE=file
start_devserver
start_registry
write_config
DOCKER_CONFIG=$T/docker
export DOCKER_CONFIG
run_mogoplus configure-docker "$REG"
expect_status 0
start_dockerd
log_helper_input
dk() { timeout 120 "$DOCKER_CLI" "$@"; }
IMG=$REG/test/imported:latest

dk login "$REG" </dev/null >"$T/out" 2>"$T/err" ||
	{ cat "$T/out" "$T/err" "$T/dockerd/dockerd.log" >&2; fail "docker login failed"; }
grep -q 'Login Succeeded' "$T/out" || { cat "$T/out" >&2; fail "docker login did not succeed"; }
! grep -q 'not stored' "$T/err" || { cat "$T/err" >&2; fail "docker login warned about the helper's own token"; }
grep -qx store "$T/helper-calls" || fail "docker login did not call store"
issued=$(ds_stat tokens_issued)

mkdir -p "$T/layer/hello"
printf 'hello from mogoplus\n' >"$T/layer/hello/hello.txt"
tar -C "$T/layer" -cf - hello | dk import - "$IMG" >/dev/null 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "docker import failed"; }
dk push "$IMG" >"$T/out" 2>"$T/err" || { cat "$T/out" "$T/err" >&2; fail "docker push failed"; }
dk rmi "$IMG" >/dev/null 2>"$T/err" || { cat "$T/err" >&2; fail "docker rmi failed"; }
dk pull "$IMG" >"$T/out" 2>"$T/err" || { cat "$T/out" "$T/err" >&2; fail "docker pull failed"; }
[ "$(ds_stat tokens_issued)" -eq "$issued" ] || fail "push and pull did not use the login's token"
grep -q '"auth"' "$DOCKER_CONFIG/config.json" && fail "config.json holds a credential"

revoke_all
dk rmi "$IMG" >/dev/null 2>&1
! dk pull "$IMG" >/dev/null 2>&1 || fail "dockerd pulled with a revoked token: the test proves nothing"
dk login "$REG" </dev/null >"$T/out" 2>"$T/err" ||
	{ cat "$T/out" "$T/err" >&2; fail "docker login after a revocation failed"; }
[ "$(ds_stat tokens_issued)" -gt "$issued" ] || fail "docker login after a revocation did not mint a new token"
dk pull "$IMG" >/dev/null 2>"$T/err" || { cat "$T/err" >&2; fail "docker pull after docker login failed"; }

issued=$(ds_stat tokens_issued)
dk logout "$REG" >/dev/null 2>"$T/err" || { cat "$T/err" >&2; fail "docker logout failed"; }
grep -q "^erase $REG\$" "$T/helper-input" || fail "docker logout did not call erase"
dk rmi "$IMG" >/dev/null 2>&1
dk pull "$IMG" >/dev/null 2>"$T/err" || { cat "$T/err" >&2; fail "docker pull after docker logout failed"; }
[ "$(ds_stat tokens_issued)" -gt "$issued" ] || fail "after docker logout the next pull did not mint a new token"
cat "$T/helper-input" >&2
exit 0
