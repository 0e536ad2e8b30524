#!/bin/sh
# A second mogoplus token is served from the runtime cache: one request, the same token.
. "$top_srcdir/tests/lib.sh"
CACHE_MODE=file

start_devserver
write_config
run_mogoplus token; expect_status 0; first=$(cat "$OUT")
run_mogoplus token; expect_status 0; second=$(cat "$OUT")
[ "$first" = "$second" ] || fail "the second call got another token"
[ "$(ds_stat token_requests)" -eq 1 ] || fail "$(ds_stat token_requests) requests for two calls"
# The default place: $XDG_RUNTIME_DIR/mogoplus when it is set.
mkdir -m 700 "$T/run"
XDG_RUNTIME_DIR=$T/run run_mogoplus token; expect_status 0
ls "$T/run/mogoplus"/t-* >/dev/null 2>&1 || fail "nothing cached under XDG_RUNTIME_DIR"
XDG_RUNTIME_DIR=$T/run run_mogoplus token; expect_status 0
[ "$(ds_stat token_requests)" -eq 2 ] || fail "the XDG_RUNTIME_DIR cache was not used"
