#!/bin/sh
# What the module logs through pam_syslog (captured from pam_wrapper, which
# routes pam_syslog to its log on stderr) holds neither the client secret
# nor the token, even with debug, on success and on every failure.
. "$top_srcdir/tests/lib-pam.sh"

start_devserver
write_config
pam_stack "auth required MODULE config=$CONFIG client_id=%u debug" \
	"session required MODULE export_env debug"
run_pam session_exports_token
expect_pass
tok=$(cat "$T/pam.out")
run_pam authenticate_wrong_secret_is_auth_err
expect_pass
# The capture works: debug lines are there, with the user.
pam_logged 'POST https://127.0.0.1' || fail "no debug lines captured: the check below proves nothing"
pam_logged "user $PAM_USER authenticated" || fail "debug did not log the user"
pam_logged "failed for user $PAM_USER" || fail "debug did not log the failing user"
kill "$DS_PID"; wait "$DS_PID" 2>/dev/null
pam_stack "auth required MODULE config=$CONFIG client_id=%u debug timeout=1"
run_pam authenticate_unavailable_is_authinfo_unavail
expect_pass
if grep -qF -- "$tok" "$PAMLOG"; then fail "the token was logged"; fi
b64=$(printf '%s:%s' "$CLIENT_ID" "$CLIENT_SECRET" | base64 -w0)
if grep -qF -- "$b64" "$PAMLOG"; then fail "the Basic credentials were logged"; fi
no_secret_in_log

# Without debug: one summary line per authentication, naming the user as
# pam_unix and sshd do, and still nothing secret.
: >"$PAMLOG"
start_devserver
write_config
pam_stack "auth required MODULE config=$CONFIG client_id=%u"
run_pam authenticate_succeeds authenticate_wrong_secret_is_auth_err
expect_pass
pam_logged 'authentication failed' || fail "the failure was not logged"
pam_logged "authentication failed: .*user=$PAM_USER .*result=PAM_AUTH_ERR" ||
	fail "the failure's summary line does not name the user and the result"
no_secret_in_log
