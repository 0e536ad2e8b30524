#!/bin/sh
# The cache holds the token and its expiry, never the client secret.
. "$top_srcdir/tests/lib.sh"
CACHE_MODE=file

start_devserver
write_config
run_mogoplus token; expect_status 0
tok=$(cat "$OUT")
grep -rqF -- "$CLIENT_SECRET" "$HOME/.cache" && fail "the client secret is in the cache"
grep -rqF -- "$tok" "$HOME/.cache/mogoplus" || fail "the token is not in the cache (the test is blind)"
# Nor are temp files left behind.
ls -a "$HOME/.cache/mogoplus" | grep -q '^\.t-' && fail "a temp file was left"
exit 0
