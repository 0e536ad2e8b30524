#!/bin/sh
# Rootless podman, as most podman users run it: a throwaway user (with
# subordinate uid and gid ranges) runs `mogoplus configure-docker REG` and
# `podman pull REG/IMAGE` with nothing cached. podman runs the helper
# inside its user namespace, where root's files (the modules) show as uid
# 65534: the helper still loads the exchange engine and fetches a token,
# and again after `mogoplus logout`. The user, its ranges and podman's
# pause process are removed at exit.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root (the test adds a user)"
[ -z "${MP_TEST_NO_SYSTEM_CHANGES:-}" ] ||
	skip "MP_TEST_NO_SYSTEM_CHANGES is set (a package build): the test would add a user and /etc/subuid, /etc/subgid ranges"
need podman podman
need newuidmap uidmap
command -v setpriv >/dev/null 2>&1 || skip "setpriv is not installed (Debian: util-linux)"

PU=mpp$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
_user_added=
rootless_cleanup() {
	if [ -n "$_user_added" ]; then
		# podman leaves a pause process holding its user namespace.
		_pp=$(cat "$UR/libpod/tmp/pause.pid" 2>/dev/null) &&
			[ -n "$_pp" ] && kill "$_pp" 2>/dev/null
		_i=0
		while [ $_i -lt 50 ]; do
			if ! ps -o pid= -u "$PU" >/dev/null 2>&1; then
				userdel "$PU" 2>/dev/null && break
			fi
			sleep 0.2; _i=$((_i + 1))
		done
		! getent passwd "$PU" >/dev/null || note "userdel $PU failed"
		! getent group "$PU" >/dev/null || groupdel "$PU" 2>/dev/null
		sed -i "/^$PU:/d" /etc/subuid /etc/subgid
	fi
	cleanup
}
trap rootless_cleanup EXIT

CACHE_MODE=file
start_devserver
start_registry
setup_skopeo
write_config "[docker $REG]"
make_oci_image "$T/image"
skopeo copy --quiet --authfile "$T/auth.json" --dest-cert-dir "$T/certs" \
	"oci:$T/image:latest" "docker://$REG/test/hello:latest" 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "skopeo could not push the test image"; }

chmod 711 "$T"
UH=$T/uhome
UR=$T/urun
useradd -M -d "$UH" -s /bin/sh "$PU" || { echo "useradd failed" >&2; exit 99; }
_user_added=1
# A range no other user of /etc/subuid has: after the highest end there.
_base=$(awk -F: 'BEGIN { m = 100000 } { if ($2 + $3 > m) m = $2 + $3 } END { print m }' /etc/subuid /etc/subgid)
printf '%s:%s:65536\n' "$PU" "$_base" >>/etc/subuid
printf '%s:%s:65536\n' "$PU" "$_base" >>/etc/subgid
mkdir -p "$UH/.config/mogoplus" "$UH/pki" "$UR" "$UH/certs"
cp "$PKI/client.pem" "$PKI/client.key" "$PKI/ca.pem" "$UH/pki/"
cp "$PKI/ca.pem" "$UH/certs/ca.crt"
cp "$T/secret" "$UH/secret"
sed -e "s|$T/secret|$UH/secret|" -e "s|$PKI/|$UH/pki/|" "$CONFIG" |
	grep -v '^\[docker' >"$UH/.config/mogoplus/config"
chown -R "$PU:$PU" "$UH" "$UR"
chmod 700 "$UR"
chmod 600 "$UH/secret" "$UH/pki/client.key"

# as_user CMD...: CMD as the throwaway user, in its own clean environment.
as_user() {
	setpriv --reuid="$PU" --regid="$PU" --init-groups \
		env -i HOME="$UH" XDG_RUNTIME_DIR="$UR" TMPDIR="$UR" PATH="$T/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
		"$@"
}
upm() {
	as_user timeout 120 podman --root "$UH/storage" --storage-driver vfs \
		--events-backend none --cgroup-manager cgroupfs "$@"
}
as_user "$MOGOPLUS" configure-docker "$REG" >"$T/out" 2>"$T/err" ||
	{ cat "$T/out" "$T/err" >&2; fail "configure-docker as the user failed"; }
issued=$(ds_stat tokens_issued)
upm pull -q --cert-dir "$UH/certs" "$REG/test/hello:latest" >"$T/out" 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "rootless podman pull with nothing cached failed"; }
[ "$(ds_stat tokens_issued)" -gt "$issued" ] || fail "rootless podman pull fetched no token"
upm image exists "$REG/test/hello:latest" || fail "the pulled image is not in the user's storage"

as_user "$MOGOPLUS" logout >/dev/null 2>"$T/err" || { cat "$T/err" >&2; fail "mogoplus logout failed"; }
issued=$(ds_stat tokens_issued)
upm rmi "$REG/test/hello:latest" >/dev/null 2>&1
upm pull -q --cert-dir "$UH/certs" "$REG/test/hello:latest" >"$T/out" 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "rootless podman pull after mogoplus logout failed"; }
[ "$(ds_stat tokens_issued)" -gt "$issued" ] || fail "after mogoplus logout the pull fetched no new token"
exit 0
