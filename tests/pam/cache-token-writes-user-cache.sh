#!/bin/sh
# session cache_token: open_session writes the token into the user's cache
# dir (0700, file 0600, owned by the user); `mogoplus token` run meanwhile
# with that cache dir prints it without a request; close_session removes it,
# so the next `mogoplus token` asks the server. A symlinked dir is refused
# with a log line, and the session still opens. As root, it also writes for
# another user (nobody), as that user, owned by that user.
. "$top_srcdir/tests/lib-pam.sh"

start_devserver
write_config
me=$(id -un)
printf '%s %s\nnobody %s\n' "$me" "$CLIENT_ID" "$CLIENT_ID" >"$T/etc/map"
pam_stack "auth required MODULE config=$CONFIG map=$T/etc/map" \
	"session required MODULE config=$CONFIG map=$T/etc/map cache_token cache_dir=$T/run/%U/mogoplus"
uid=$(id -u)
# Each user's own 0700 folder, as logind makes /run/user/UID.
mkdir -p "$T/run/$uid"
chmod 700 "$T/run/$uid"
# The user's own configuration names the same server and client (the PAM
# profile has no client_id line; the CLI's needs one), and uses the file cache (write_config turns caching off for the other tests).
sed 's/^cache = .*/cache = file/' "$CONFIG" >"$T/user.conf"
grep -q '^cache = file' "$T/user.conf" || echo 'cache = file' >>"$T/user.conf"
echo "client_id = $CLIENT_ID" >>"$T/user.conf"	# the CLI needs its own
cat >"$T/while-open" <<W
#!/bin/sh
MOGOPLUS_CONFIG=$T/user.conf MOGOPLUS_CACHE_DIR=$T/run/$uid/mogoplus "$MOGOPLUS" token >"$T/while.out" 2>"$T/while.err"
W
PAMT_USER=$me PAMT_CACHE_DIR=$T/run/$uid/mogoplus PAMT_WHILE_OPEN="sh $T/while-open" \
	run_pam session_caches_token
cat "$T/while.err" >&2
expect_pass
[ -s "$T/while.out" ] || fail "mogoplus token printed nothing"
[ "$(ds_stat token_requests)" -eq 1 ] ||
	fail "$(ds_stat token_requests) requests: mogoplus token did not use the session's token"
MOGOPLUS_CONFIG=$T/user.conf MOGOPLUS_CACHE_DIR=$T/run/$uid/mogoplus run_mogoplus token
expect_status 0
[ "$(ds_stat token_requests)" -eq 2 ] || fail "the token was still cached after close_session"

# A symlink where the dir should be: refused and logged; the login goes on.
mkdir -p "$T/elsewhere"
rm -rf "$T/run/$uid/mogoplus"
ln -s "$T/elsewhere" "$T/run/$uid/mogoplus"
PAMT_USER=$me run_pam session_cache_refused_session_opens
expect_pass
[ -z "$(ls -A "$T/elsewhere")" ] || fail "a token was written through the symlink"
pam_logged "session: caching the token .*is a symlink" || fail "the refusal was not logged"

if [ "$uid" -eq 0 ] && id nobody >/dev/null 2>&1; then
	nuid=$(id -u nobody)
	chmod 711 "$T"
	mkdir -p "$T/run/$nuid"
	chown nobody "$T/run/$nuid"
	chmod 700 "$T/run/$nuid"
	PAMT_USER=nobody PAMT_CACHE_DIR=$T/run/$nuid/mogoplus PAMT_WHILE_OPEN=true \
		run_pam session_caches_token
	expect_pass
else
	note "not root: writing for another user not tested"
fi
