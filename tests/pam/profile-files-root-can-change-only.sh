#!/bin/sh
# The module applies its config= rule to every file the profile and the
# stack line name: the ca decides who may read the passwords on their way,
# cert and key whom the server takes the host for, map= which client id a
# user gets. A file writable by group or others, one in a folder that
# group or others can write, (as root) one another user owns, and a FIFO
# are each refused: PAM_SERVICE_ERR before any prompt or request, one log
# line naming the file and the fix, and a FIFO is never waited on.
. "$top_srcdir/tests/lib-pam.sh"

start_devserver
# The profile's files in a folder of their own, as a host keeps them.
mkdir -p "$T/etc/pki"
chmod 755 "$T/etc/pki"
for f in ca.pem client.pem client.key; do cp "$PKI/$f" "$T/etc/pki/$f"; done
chmod 644 "$T/etc/pki/ca.pem" "$T/etc/pki/client.pem"
chmod 600 "$T/etc/pki/client.key"
PKI_REAL=$PKI
PKI=$T/etc/pki
write_config
PKI=$PKI_REAL
printf '%s %s\n' "$PAM_USER" "$CLIENT_ID" >"$T/etc/map"
chmod 644 "$T/etc/map"
pam_stack "auth required MODULE config=$CONFIG map=$T/etc/map nodelay"
run_pam authenticate_succeeds
expect_pass

# refused WHAT PATTERN: PAM_SERVICE_ERR within 20 s (a FIFO waited on would
# hang), no prompt, and exactly one log line of the module, which matches.
refused() {
	: >"$PAMLOG"
	pam_env timeout 20 "$RUN_PAM_TESTS" authenticate_bad_config_is_service_err \
		>"$T/cunit.out" 2>>"$PAMLOG" </dev/null
	_st=$?
	[ "$_st" -ne 124 ] || fail "$1: the module hung"
	[ "$_st" -eq 0 ] || { cat "$T/cunit.out" >&2; tail -n 20 "$PAMLOG" >&2; fail "$1: not PAM_SERVICE_ERR before any prompt"; }
	grep 'SYSLOG' "$PAMLOG" | grep -v '_pam_init_handlers' >"$T/lines"
	[ "$(wc -l <"$T/lines")" -eq 1 ] || { cat "$T/lines" >&2; fail "$1: not one log line"; }
	grep -qE -- "$2" "$T/lines" || { cat "$T/lines" >&2; fail "$1: the log line does not match: $2"; }
}
export PAMT_USER=$PAM_USER PAMT_SECRET_FILE=$T/secret PAMT_OUT=$T/pam.out

chmod 666 "$T/etc/pki/ca.pem"
refused "ca writable by others" "ca( =|:) $T/etc/pki/ca.pem: .*writable by group or others.*chmod go-w.*result=PAM_SERVICE_ERR"
chmod 644 "$T/etc/pki/ca.pem"
chmod 664 "$T/etc/pki/client.pem"
refused "cert writable by group" "cert( =|:) $T/etc/pki/client.pem: .*writable by group or others"
chmod 644 "$T/etc/pki/client.pem"
chmod 620 "$T/etc/pki/client.key"
refused "key writable by group" "key( =|:) $T/etc/pki/client.key: .*writable by group or others"
chmod 600 "$T/etc/pki/client.key"
chmod 777 "$T/etc/pki"
refused "ca, cert and key in a folder others can write" "(ca|cert|key)( =|:) $T/etc/pki/[a-z.]*: folder $T/etc/pki: writable by group or others"
chmod 755 "$T/etc/pki"

chmod 646 "$T/etc/map"
refused "map writable by others" "map(=|: )$T/etc/map: .*writable by group or others.*result=PAM_SERVICE_ERR"
chmod 644 "$T/etc/map"
mkdir -p "$T/open"
chmod 777 "$T/open"
cp "$T/etc/map" "$T/open/map"
pam_stack "auth required MODULE config=$CONFIG map=$T/open/map nodelay"
refused "map in a folder others can write" "map(=|: )$T/open/map: folder $T/open: writable by group or others"
mkfifo "$T/etc/fifo"
pam_stack "auth required MODULE config=$CONFIG map=$T/etc/fifo nodelay"
refused "a FIFO at map=" "map(=|: )$T/etc/fifo: .*not a regular file"
# A FIFO where the CA file should be: refused, not opened.
pam_stack "auth required MODULE config=$CONFIG map=$T/etc/map nodelay"
mv "$T/etc/pki/ca.pem" "$T/etc/pki/ca.real"
mkfifo "$T/etc/pki/ca.pem"
refused "a FIFO at ca" "ca( =|:) $T/etc/pki/ca.pem: .*not a regular file"
rm -f "$T/etc/pki/ca.pem"
mv "$T/etc/pki/ca.real" "$T/etc/pki/ca.pem"

if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	chown nobody "$T/etc/pki/ca.pem"
	refused "ca of another user" "ca( =|:) $T/etc/pki/ca.pem: .*not (owned by )?root"
	chown 0 "$T/etc/pki/ca.pem"
	chown nobody "$T/etc/map"
	refused "map of another user" "map(=|: )$T/etc/map: .*not (owned by )?root"
	chown 0 "$T/etc/map"
else
	note "not root: files of another user not tested"
fi
[ "$(ds_stat token_requests)" -eq 1 ] || fail "an untrusted file let a request through"
