#!/bin/sh
# session cache_token: open_session writes the token into the user's cache
# dir (0700, file 0600, owned by the user); `mogoplus token` run meanwhile
# with that cache dir prints it without a request; close_session removes it,
# so the next `mogoplus token` asks the server. A symlinked dir is refused.
# As root, it also writes for another user (nobody), owned by that user.
. "$top_srcdir/tests/lib-pam.sh"

start_devserver
write_config
me=$(id -un)
printf '%s %s\nnobody %s\n' "$me" "$CLIENT_ID" "$CLIENT_ID" >"$T/etc/map"
pam_stack "auth required MODULE config=$CONFIG map=$T/etc/map" \
	"session required MODULE config=$CONFIG map=$T/etc/map cache_token cache_dir=$T/cache/%U"
mkdir -p "$T/cache"
uid=$(id -u)
# The user's own configuration names the same server and client, and uses
# the file cache (write_config turns caching off for the other tests).
sed 's/^cache = .*/cache = file/' "$CONFIG" >"$T/user.conf"
grep -q '^cache = file' "$T/user.conf" || echo 'cache = file' >>"$T/user.conf"
cat >"$T/while-open" <<W
#!/bin/sh
MOGOPLUS_CONFIG=$T/user.conf MOGOPLUS_CACHE_DIR=$T/cache/$uid "$MOGOPLUS" token >"$T/while.out" 2>"$T/while.err"
W
PAMT_USER=$me PAMT_CACHE_DIR=$T/cache/$uid PAMT_WHILE_OPEN="sh $T/while-open" \
	run_pam session_caches_token
cat "$T/while.err" >&2
expect_pass
[ -s "$T/while.out" ] || fail "mogoplus token printed nothing"
[ "$(ds_stat token_requests)" -eq 1 ] ||
	fail "$(ds_stat token_requests) requests: mogoplus token did not use the session's token"
MOGOPLUS_CONFIG=$T/user.conf MOGOPLUS_CACHE_DIR=$T/cache/$uid run_mogoplus token
expect_status 0
[ "$(ds_stat token_requests)" -eq 2 ] || fail "the token was still cached after close_session"

# A symlink where the dir should be: refused.
mkdir -p "$T/elsewhere"
rm -rf "$T/cache/$uid"
ln -s "$T/elsewhere" "$T/cache/$uid"
PAMT_USER=$me run_pam session_cache_refuses_symlink
expect_pass
[ -z "$(ls -A "$T/elsewhere")" ] || fail "a token was written through the symlink"

if [ "$uid" -eq 0 ] && id nobody >/dev/null 2>&1; then
	nuid=$(id -u nobody)
	PAMT_USER=nobody PAMT_CACHE_DIR=$T/cache/$nuid PAMT_WHILE_OPEN=true \
		run_pam session_caches_token
	expect_pass
else
	note "not root: writing for another user not tested"
fi
