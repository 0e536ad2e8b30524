#!/bin/sh
# expires_at counts from when the request was sent; short-lived tokens still cache; stale ones are refetched.
. "$top_srcdir/tests/lib.sh"
CACHE_MODE=file

# The server takes 2 s to answer a 20 s token.
start_devserver --delay-ms 2000 --expires-in 20
write_config
t0=$(date +%s)
run_mogoplus token; expect_status 0
f=$(ls "$HOME/.cache/mogoplus"/t-* | grep -v '\.lock$')
obt=$(sed -n 's/^obtained_at=//p' "$f"); exp=$(sed -n 's/^expires_at=//p' "$f")
[ "$obt" -le "$t0" ] || [ "$obt" -eq $((t0 + 1)) ] || fail "obtained_at $obt is after the request was sent ($t0)"
[ $((exp - obt)) -eq 20 ] || fail "expires_at - obtained_at = $((exp - obt)), not 20"
# refresh_margin 300 > 20/2: the margin shrinks to 10 s, so it is still fresh.
run_mogoplus token; expect_status 0
[ "$(ds_stat token_requests)" -eq 1 ] || fail "a 20 s token was not cached"
# Make the entry stale (as if 11 s had passed): the next call refetches.
sed -i "s/^obtained_at=.*/obtained_at=$((obt - 11))/; s/^expires_at=.*/expires_at=$((exp - 11))/" "$f"
run_mogoplus token; expect_status 0
[ "$(ds_stat token_requests)" -eq 2 ] || fail "a stale token was served"
