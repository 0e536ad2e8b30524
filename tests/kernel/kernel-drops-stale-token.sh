#!/bin/sh
# The kernel removes the token's key by itself when the token stops being
# fresh (its kernel timeout), and the next get fetches a new one.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-kernel.sh"
CACHE_MODE=file

# A 4 s token with refresh_margin 1: fresh for 3 s, then the kernel drops it.
start_devserver --expires-in 4
write_config "runtime_store = kernel" "refresh_margin = 1" "refresh_ahead = 0"
run_mogoplus token; expect_status 0; first=$(cat "$OUT")
id=$(status_field token_key)
[ -n "$id" ] || fail "no key for the token"
kctl pipe "$id" >/dev/null || fail "key $id cannot be read while fresh"
run_mogoplus token; expect_status 0
[ "$(ds_stat token_requests)" -eq 1 ] || fail "a fresh key made a request"
sleep 4
# The kernel says so, not our freshness rule: the key itself is gone.
kctl pipe "$id" >/dev/null 2>&1 && fail "key $id outlived its timeout"
run_mogoplus token; expect_status 0
[ "$(cat "$OUT")" != "$first" ] || fail "the same token after it went stale"
[ "$(ds_stat token_requests)" -eq 2 ] || fail "the get after expiry made no request"
[ -n "$(status_field token_key)" ] || fail "the new token is not in the kernel keyring"
exit 0
