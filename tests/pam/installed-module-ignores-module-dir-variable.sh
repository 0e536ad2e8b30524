#!/bin/sh
# The module built for installation loads the exchange engine from its
# built-in $(pkglibdir) only: MOGOPLUS_MODULE_DIR pointing at this build
# tree does not make it load anything from there (a variable sudo's caller
# controls must not choose code for a root process).
. "$top_srcdir/tests/lib-pam.sh"

: "${pkglibdir:?run through make check}"
[ ! -e "$pkglibdir/engine.so" ] || skip "an engine is installed in $pkglibdir"
start_devserver
write_config
# The installed module trusts only a config that root alone can change,
# folders included: the suite's /tmp is not that, and a build tree under
# /tmp or a user's home is not either. As root, a private folder in /run
# (root's, 0755 on Debian); else the build tree, which may be.
cdir=
if [ "$(id -u)" -eq 0 ] && [ -d /run ] && [ -w /run ]; then
	cdir=$(mktemp -d /run/mogoplus-test.XXXXXX) || cdir=
fi
[ -n "$cdir" ] || cdir=$(cd "$top_builddir" && pwd -P)/tests/pam/etc.$$
mkdir -p "$cdir"
trap 'rm -rf "$cdir"; cleanup' EXIT
chmod 755 "$cdir"
# The files the profile names are held to the same rule: copied there too.
for f in ca.pem client.pem client.key; do cp "$PKI/$f" "$cdir/$f"; done
chmod 644 "$cdir/ca.pem" "$cdir/client.pem"
chmod 600 "$cdir/client.key"
sed "s|$PKI/|$cdir/|" "$CONFIG" >"$cdir/mogoplus.conf"
chmod 644 "$cdir/mogoplus.conf"
d=$cdir
while :; do
	[ "$(stat -c %u "$d")" -eq 0 ] && [ $(( $(stat -c %#a "$d") & 022 )) -eq 0 ] ||
		skip "$d is not root's alone: the installed module would refuse the config"
	[ "$d" = / ] && break
	d=$(dirname "$d")
done
printf 'auth required %s config=%s client_id=%%u\n' "$top_builddir/.libs/pam_mogoplus.so" \
	"$cdir/mogoplus.conf" >"$SERVICE_FILE"
MOGOPLUS_MODULE_DIR=$top_builddir/.libs run_pam authenticate_engine_missing_is_service_err
expect_pass
pam_logged "$pkglibdir/engine.so" || fail "the module did not look in $pkglibdir"
[ "$(ds_stat token_requests)" -eq 0 ] || fail "the installed module reached the server"
