#!/bin/sh
# status shows the cached token's tier and expiry (never the token); logout forgets it.
. "$top_srcdir/tests/lib.sh"
CACHE_MODE=file

start_devserver
write_config
run_mogoplus status; expect_status 0
grep -q '^token: *none cached' "$OUT" || { cat "$OUT" >&2; fail "status before any token"; }
run_mogoplus token; expect_status 0; tok=$(cat "$OUT")
run_mogoplus status; expect_status 0
grep -q '^token: *valid, expires 20[0-9-]*T[0-9:]*Z (runtime tier)' "$OUT" || { cat "$OUT" >&2; fail "status after a token"; }
grep -qF -- "$tok" "$OUT" && fail "status printed the token"
run_mogoplus status --json; expect_status 0
grep -q '"tier":"runtime"' "$OUT" || { cat "$OUT" >&2; fail "status --json"; }
grep -qF -- "$tok" "$OUT" && fail "status --json printed the token"
run_mogoplus logout; expect_status 0
run_mogoplus status; grep -q '^token: *none cached' "$OUT" || fail "logout left the token"
run_mogoplus token; expect_status 0
[ "$(ds_stat token_requests)" -eq 2 ] || fail "the token after logout was not new"
