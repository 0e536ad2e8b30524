#!/bin/sh
# session cache_token as root for a user whose cache path runs through a
# folder the user controls, with a symlink there to a folder of root's:
# the module writes as the user (pam_modutil_drop_priv), so nothing is
# created in root's folder; the refusal is logged and the session opens.
. "$top_srcdir/tests/lib-pam.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root (the module acts for another user)"
id nobody >/dev/null 2>&1 || skip "no user nobody"
start_devserver
write_config
nuid=$(id -u nobody)
printf 'nobody %s\n' "$CLIENT_ID" >"$T/etc/map"
pam_stack "auth required MODULE config=$CONFIG map=$T/etc/map" \
	"session required MODULE config=$CONFIG map=$T/etc/map cache_token cache_dir=$T/run/%U/sub/mogoplus"
chmod 711 "$T"
# nobody's own folder, and in it a symlink to a folder only root may write.
mkdir -p "$T/run/$nuid" "$T/rootonly"
chmod 755 "$T/rootonly"
ln -s "$T/rootonly" "$T/run/$nuid/sub"
chown -h nobody "$T/run/$nuid" "$T/run/$nuid/sub"
chmod 700 "$T/run/$nuid"
PAMT_USER=nobody run_pam session_cache_refused_session_opens
expect_pass
if [ -n "$(ls -A "$T/rootonly")" ]; then
	ls -la "$T/rootonly" >&2
	fail "root created the user's cache in a folder of root's, through the user's symlink"
fi
pam_logged "session: caching the token .*failed" || fail "the refusal was not logged"
