#!/bin/sh
# session cache_token as root for a user who planted, in their own cache
# folder, a hard link named like the token's lock file to a file of root's:
# the file stays root's (never opened for writing as root, never chowned),
# the refusal is logged and the session opens.
. "$top_srcdir/tests/lib-pam.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root (the module acts for another user)"
id nobody >/dev/null 2>&1 || skip "no user nobody"
start_devserver
write_config
nuid=$(id -u nobody)
printf 'nobody %s\n' "$CLIENT_ID" >"$T/etc/map"
pam_stack "auth required MODULE config=$CONFIG map=$T/etc/map" \
	"session required MODULE config=$CONFIG map=$T/etc/map cache_token cache_dir=$T/run/%U/mogoplus"
chmod 711 "$T"
dir=$T/run/$nuid/mogoplus
mkdir -p "$dir"
chown nobody "$T/run/$nuid" "$dir"
chmod 700 "$T/run/$nuid" "$dir"
# The lock's name: t- and 32 hex digits of SHA-256(token_url NUL client_id NUL
# certificate id), the id being the SHA-256 (hex) of the certificate file.
certid=$(sha256sum <"$PKI/client.pem" | cut -d' ' -f1)
name=t-$(printf '%s\0%s\0%s' "$URL" "$CLIENT_ID" "$certid" | sha256sum | cut -c1-32)
printf 'root only\n' >"$T/victim"
chmod 600 "$T/victim"
ln "$T/victim" "$dir/$name.lock"
PAMT_USER=nobody run_pam session_cache_refused_session_opens
expect_pass
[ "$(stat -c %u "$T/victim")" -eq 0 ] || fail "root's file was chowned to the user through the hard link"
[ "$(cat "$T/victim")" = "root only" ] || fail "root's file was changed"
pam_logged "session: caching the token .*lock" || fail "the refusal was not logged"
[ ! -e "$dir/$name" ] || fail "the token was cached next to the planted lock"
