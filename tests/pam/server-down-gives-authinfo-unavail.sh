#!/bin/sh
# Nobody listens at the token URL: PAM_AUTHINFO_UNAVAIL (so a stack can use
# [authinfo_unavail=...]) within timeout= + 1 s.
# (nodelay: the time measured is the exchange, not libpam's fail delay.)
. "$top_srcdir/tests/lib-pam.sh"

start_devserver
write_config
kill "$DS_PID"; wait "$DS_PID" 2>/dev/null
pam_stack "auth required MODULE config=$CONFIG client_id=%u timeout=2 nodelay"
run_pam authenticate_unavailable_is_authinfo_unavail
expect_pass
note "refused after $PAM_MS ms"
[ "$PAM_MS" -le 3000 ] || fail "took $PAM_MS ms for timeout=2"
pam_logged 'authentication failed: default: ' || fail "the failure was not logged"
