#!/bin/sh
# A server slower than timeout= (which overrides the profile's 5 s):
# PAM_AUTHINFO_UNAVAIL within timeout= + 1 s. (nodelay: the time measured
# is the exchange, not libpam's fail delay.)
. "$top_srcdir/tests/lib-pam.sh"

start_devserver --delay-ms 10000
write_config
pam_stack "auth required MODULE config=$CONFIG client_id=%u timeout=2 nodelay"
t0=$(now_ms)
run_pam authenticate_unavailable_is_authinfo_unavail
t1=$(now_ms)
expect_pass
note "gave up after $((t1 - t0)) ms"
[ $((t1 - t0)) -le 3000 ] || fail "took $((t1 - t0)) ms for timeout=2"
[ $((t1 - t0)) -ge 1500 ] || fail "gave up after $((t1 - t0)) ms, before the timeout"
pam_logged 'timed out' || fail "the timeout was not logged"
