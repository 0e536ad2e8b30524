#!/bin/sh
# A warm get is served from the cache (one token for many gets); erase
# (docker logout, or a client after a 401) evicts that registry's token,
# so the next get mints a new one. Erasing an unmapped registry is a no-op.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

have_cache || skip "the token cache (core/cache.c) is not in this tree"
start_devserver
write_config "[docker registry.example.com:5000]"
run_helper get "https://registry.example.com:5000/v1/"
[ "$STATUS" -eq 0 ] || { cat "$OUT" >&2; fail "first get: exit $STATUS"; }
tok1=$(json_get "$OUT" Secret)
run_helper get "registry.example.com:5000"
[ "$(json_get "$OUT" Secret)" = "$tok1" ] || fail "the second get did not reuse the cached token"
[ "$(ds_stat tokens_issued)" -eq 1 ] || fail "two gets minted $(ds_stat tokens_issued) tokens"

run_helper erase "other.example.com"
[ "$STATUS" -eq 0 ] && [ ! -s "$OUT" ] || fail "erase of an unmapped registry: exit $STATUS"
run_helper get "registry.example.com:5000"
[ "$(json_get "$OUT" Secret)" = "$tok1" ] || fail "erasing another registry evicted this one"

run_helper erase "https://registry.example.com:5000/v1/"
[ "$STATUS" -eq 0 ] || { cat "$OUT" >&2; fail "erase: exit $STATUS"; }
[ ! -s "$OUT" ] || { cat "$OUT" >&2; fail "erase wrote to stdout"; }
run_helper get "registry.example.com:5000"
[ "$STATUS" -eq 0 ] || fail "get after erase: exit $STATUS"
tok2=$(json_get "$OUT" Secret)
[ -n "$tok2" ] && [ "$tok2" != "$tok1" ] || fail "get after erase returned the evicted token"
[ "$(ds_stat tokens_issued)" -eq 2 ] || fail "erase did not make the next get mint a token"
token_is_live "$tok2" || fail "the new token is not live"
