#!/bin/sh
# Root does not act on a configuration another user controls (after su without -, MOGOPLUS_CONFIG and XDG_CONFIG_HOME still name the user's files): a config file owned by another user, writable by group or others, or in a folder another user owns is refused with one line that says why and how to override (MOGOPLUS_TRUST_CONFIG=PATH), and no token is asked for. Inside a user namespace where the caller is uid 0 and the real root is unmapped (rootless podman), the caller's own config is accepted and root's modules (shown as the overflow uid) still load.
. "$top_srcdir/tests/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root: the rule is root's (tests/unit covers the opener)"
OTHER=$(id -u nobody 2>/dev/null) || skip "no user 'nobody' to own the file"
[ "$OTHER" -ne 0 ] || skip "'nobody' is uid 0 here"

start_devserver
write_config
chmod 644 "$CONFIG"
chmod 755 "$(dirname "$CONFIG")"
# The control: root's own configuration is used.
run_mogoplus token
expect_status 0
requests=$(ds_stat token_requests)
# refused WHY: the config is refused with WHY, and nothing is asked.
refused() {
	run_mogoplus token
	expect_status 78
	expect_err "^mogoplus: default: bad configuration: $CONFIG: $1; root reads only a configuration that root alone can change \(run it from a login shell, su - or sudo -i, or set MOGOPLUS_TRUST_CONFIG=$CONFIG to use this one\)\$"
	[ "$(ds_stat token_requests)" -eq "$requests" ] || fail "a token was asked for with a refused config"
}
chown nobody "$CONFIG"
refused "owned by uid $OTHER"
# The override names the file: then it is used.
MOGOPLUS_TRUST_CONFIG=$CONFIG run_mogoplus token
expect_status 0
MOGOPLUS_TRUST_CONFIG=$T/other run_mogoplus token
expect_status 78
requests=$(ds_stat token_requests)
chown root "$CONFIG"
chmod 664 "$CONFIG"
refused "writable by group or others"
chmod 644 "$CONFIG"
chown nobody "$(dirname "$CONFIG")"
refused "in a folder another user owns or can write"
chown root "$(dirname "$CONFIG")"
chmod 777 "$(dirname "$CONFIG")"
refused "in a folder another user owns or can write"
chmod 755 "$(dirname "$CONFIG")"
# The same file through MOGOPLUS_CONFIG, as su without - keeps it.
chown nobody "$CONFIG"
MOGOPLUS_CONFIG=$CONFIG run_mogoplus token
expect_status 78
grep -q "owned by uid $OTHER" "$ERR" || fail "MOGOPLUS_CONFIG: $(cat "$ERR")"
chown root "$CONFIG"

# A user namespace in which nobody is uid 0 and the real root is unmapped:
# root's files show as the overflow uid there.
NS=$T/ns
mkdir -m 755 "$NS" && chmod 755 "$T"
if setpriv --reuid="$OTHER" --regid="$OTHER" --clear-groups unshare -U -r true 2>/dev/null &&
	setpriv --reuid="$OTHER" --regid="$OTHER" --clear-groups test -r "$top_builddir/.libs/engine.so"; then
	cp "$PKI/client.pem" "$PKI/client.key" "$PKI/ca.pem" "$T/secret" "$NS/"
	sed -e "s|$PKI/|$NS/|g; s|$T/secret|$NS/secret|" "$CONFIG" >"$NS/config"
	chown -R "$OTHER:$OTHER" "$NS"
	STATUS=0
	HOME=$NS MOGOPLUS_CONFIG=$NS/config setpriv --reuid="$OTHER" --regid="$OTHER" \
		--clear-groups unshare -U -r "$MOGOPLUS" token >"$T/out" 2>"$T/err" || STATUS=$?
	expect_status 0
	[ -s "$T/out" ] || fail "no token inside the user namespace"
else
	note "no unprivileged user namespace here (or the build tree is closed to nobody): that part is not tried"
fi
exit 0
