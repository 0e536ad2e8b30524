#!/bin/sh
# session export_env: the token is in the PAM environment list (what sshd
# or login hands to the shell), under MOGOPLUS_ACCESS_TOKEN or the name
# given; the server knows it as live. Without the option, nothing is set.
. "$top_srcdir/tests/lib-pam.sh"

start_devserver
write_config
live() {
	curl -s -o /dev/null -w '%{http_code}' --cacert "$PKI/ca.pem" \
		--cert "$PKI/client.pem" --key "$PKI/client.key" \
		-H @- "https://127.0.0.1:$PORT/auth-check" <<H
Authorization: Bearer $1
H
}
pam_stack "auth required MODULE config=$CONFIG client_id=%u" \
	"session required MODULE export_env"
run_pam session_exports_token
expect_pass
tok=$(cat "$T/pam.out")
[ -n "$tok" ] || fail "no token in the PAM environment"
[ "$(live "$tok")" = 204 ] || fail "the exported token is not live"
if grep -qF -- "$tok" "$PAMLOG"; then fail "the token was logged"; fi

rm -f "$T/pam.out"
pam_stack "auth required MODULE config=$CONFIG client_id=%u" \
	"session required MODULE export_env=SERVICE_TOKEN"
PAMT_ENV_NAME=SERVICE_TOKEN run_pam session_exports_token
expect_pass
[ "$(live "$(cat "$T/pam.out")")" = 204 ] || fail "SERVICE_TOKEN is not a live token"

# Only the name asked for is set (the case must fail).
pam_stack "auth required MODULE config=$CONFIG client_id=%u" \
	"session required MODULE export_env=OTHER_NAME"
run_pam session_exports_token
[ "$STATUS" -ne 0 ] || fail "MOGOPLUS_ACCESS_TOKEN was set with export_env=OTHER_NAME"
