#!/bin/sh
# A server slower than timeout= (which overrides the profile's 5 s):
# PAM_AUTHINFO_UNAVAIL within timeout= + 1 s. (nodelay: the time measured
# is the exchange, not libpam's fail delay.)
. "$top_srcdir/tests/lib-pam.sh"

start_devserver --delay-ms 10000
write_config
pam_stack "auth required MODULE config=$CONFIG client_id=%u timeout=2 nodelay"
run_pam authenticate_unavailable_is_authinfo_unavail
expect_pass
note "gave up after $PAM_MS ms"
[ "$PAM_MS" -le 3000 ] || fail "took $PAM_MS ms for timeout=2"
[ "$PAM_MS" -ge 1500 ] || fail "gave up after $PAM_MS ms, before the timeout"
pam_logged 'timed out' || fail "the timeout was not logged"
