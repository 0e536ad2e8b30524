#!/bin/sh
# config= decides where every user's password is sent, so the module
# trusts only a file that root alone can change, as OpenSSH checks
# authorized_keys: a config writable by group or others, one in a folder
# writable by group or others, or (as root) one owned by another user is
# PAM_SERVICE_ERR with a log line that names the file or folder, before any
# prompt or request. The check-only module also accepts the test user's
# files and root's sticky /tmp, where the suite lives; nothing else.
. "$top_srcdir/tests/lib-pam.sh"

start_devserver
write_config
pam_stack "auth required MODULE config=$CONFIG client_id=%u"
run_pam authenticate_succeeds
expect_pass

chmod 664 "$CONFIG"
run_pam authenticate_bad_config_is_service_err
expect_pass
pam_logged "config.*$CONFIG: .*writable by group or others.*result=PAM_SERVICE_ERR" ||
	fail "the group-writable config was not logged"
chmod 646 "$CONFIG"
run_pam authenticate_bad_config_is_service_err
expect_pass

chmod 644 "$CONFIG"
chmod 775 "$T/etc"
run_pam authenticate_bad_config_is_service_err
expect_pass
pam_logged "$CONFIG: folder $T/etc: writable by group or others" ||
	fail "the group-writable folder was not logged"
chmod 755 "$T/etc"

# Through a symlink: the file it resolves to, and that file's folders, count.
mkdir -p "$T/open"
chmod 777 "$T/open"
cp "$CONFIG" "$T/open/mogoplus.conf"
ln -s "$T/open/mogoplus.conf" "$T/etc/link.conf"
pam_stack "auth required MODULE config=$T/etc/link.conf client_id=%u"
run_pam authenticate_bad_config_is_service_err
expect_pass
pam_logged "folder $T/open: writable by group or others" ||
	fail "the folder behind the symlink was not checked"

if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	pam_stack "auth required MODULE config=$CONFIG client_id=%u"
	chown nobody "$CONFIG"
	run_pam authenticate_bad_config_is_service_err
	expect_pass
	pam_logged "config.*$CONFIG: .*not (owned by )?root" ||
		fail "the config of another user was not logged"
	chown 0 "$CONFIG"
else
	note "not root: a config of another user not tested"
fi
[ "$(ds_stat token_requests)" -eq 1 ] || fail "an untrusted config made a request"
