#!/bin/sh
# The PAM session's cache_token never writes a kernel keyring, whatever
# runtime_store says: root's PAM path would reach the user's persistent
# keyring only as root (keyctl_get_persistent(UID) is CAP_SETUID's), making
# keys root owns in a keyring the user controls. It writes the user's
# runtime file, as that user, and the user's own mogoplus with
# runtime_store = auto finds it there without a request.
. "$top_srcdir/tests/lib-pam.sh"
. "$top_srcdir/tests/lib-kernel.sh"

start_devserver
write_config "runtime_store = kernel"
me=$(id -un)
uid=$(id -u)
printf '%s %s\nnobody %s\n' "$me" "$CLIENT_ID" "$CLIENT_ID" >"$T/etc/map"
pam_stack "auth required MODULE config=$CONFIG map=$T/etc/map" \
	"session required MODULE config=$CONFIG map=$T/etc/map cache_token cache_dir=$T/run/%U/mogoplus"
mkdir -p "$T/run/$uid"
chmod 700 "$T/run/$uid"
sed 's/^cache = .*/cache = file/; s/^runtime_store = .*/runtime_store = auto/' "$CONFIG" >"$T/user.conf"
echo "client_id = $CLIENT_ID" >>"$T/user.conf"
# While the session is open: the file is there, no key of that name is in
# any keyring root or the user can see, and the user's get is a hit.
cat >"$T/while-open" <<W
#!/bin/sh
name=\$(ls "\$1" | grep '^t-[0-9a-f]*\$')
[ -n "\$name" ] || { echo "no runtime file in \$1" >&2; exit 1; }
echo "\$name" >"$T/name"
if grep -q "mogoplus:\$name" /proc/keys; then echo "a key of that name is in /proc/keys" >&2; exit 1; fi
[ "\$2" = self ] || exit 0
MOGOPLUS_CONFIG=$T/user.conf MOGOPLUS_CACHE_DIR=\$1 "$MOGOPLUS" token >"$T/while.out" 2>"$T/while.err"
W
PAMT_USER=$me PAMT_CACHE_DIR=$T/run/$uid/mogoplus \
	PAMT_WHILE_OPEN="sh $T/while-open $T/run/$uid/mogoplus self" run_pam session_caches_token
cat "$T/while.err" >&2
expect_pass
[ -s "$T/while.out" ] || fail "the user's mogoplus token printed nothing"
[ "$(ds_stat token_requests)" -eq 1 ] ||
	fail "$(ds_stat token_requests) requests: runtime_store = auto did not find the session's token"
kctl search "$(kctl get_persistent @s)" user "mogoplus:$(cat "$T/name")" >/dev/null 2>&1 &&
	fail "the PAM session wrote the token into the persistent keyring"

if [ "$uid" -eq 0 ] && id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null 2>&1; then
	nuid=$(id -u nobody)
	chmod 711 "$T"
	mkdir -p "$T/run/$nuid"
	chown nobody "$T/run/$nuid"
	chmod 700 "$T/run/$nuid"
	PAMT_USER=nobody PAMT_CACHE_DIR=$T/run/$nuid/mogoplus \
		PAMT_WHILE_OPEN="sh $T/while-open $T/run/$nuid/mogoplus nobody" \
		run_pam session_caches_token
	expect_pass
	# Keys nobody owns show in nobody's /proc/keys; root's in root's.
	setpriv --reuid=nobody --regid=nogroup --clear-groups grep -q "mogoplus:$(cat "$T/name")" /proc/keys &&
		fail "a key for nobody's token exists"
	grep -q "mogoplus:$(cat "$T/name")" /proc/keys && fail "root holds a key for nobody's token"
else
	note "not root: writing for another user not tested"
fi
exit 0
