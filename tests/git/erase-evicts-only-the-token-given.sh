#!/bin/sh
# erase evicts the cached token only when the password (or credential) given is that token, so the next get mints a new one.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

start_devserver
CACHE_MODE=file
write_config "[git https://git.example.com]" "profile = default"
get() { printf 'protocol=https\nhost=git.example.com\n' >"$T/req"; helper get <"$T/req"; expect_status 0; answer password; }
t1=$(get)
[ "$(get)" = "$t1" ] || fail "the second get was not served from the cache"
[ "$(ds_stat token_requests)" -eq 1 ] || fail "the cache is not in use"
# Another token (a stale one another process already replaced): kept.
printf 'protocol=https\nhost=git.example.com\nusername=oauth2\npassword=not-the-token\n' >"$T/req"; helper erase <"$T/req"
expect_status 0
[ "$(get)" = "$t1" ] || fail "erase of another token evicted the cached one"
# Unmapped host or http with the real token: kept.
printf 'protocol=https\nhost=elsewhere.example.com\npassword=%s\n' "$t1" >"$T/req"; helper erase <"$T/req"
printf 'protocol=http\nhost=git.example.com\npassword=%s\n' "$t1" >"$T/req"; helper erase <"$T/req"
[ "$(get)" = "$t1" ] || fail "erase for an unmapped request evicted the token"
[ "$(ds_stat token_requests)" -eq 1 ] || fail "extra token requests"
# The cached token as password: evicted; the next get is a new token.
printf 'protocol=https\nhost=git.example.com\nusername=oauth2\npassword=%s\n\n' "$t1" >"$T/req"; helper erase <"$T/req"
expect_status 0
[ ! -s "$OUT" ] && [ ! -s "$ERR" ] || fail "erase wrote something"
t2=$(get)
[ "$t2" != "$t1" ] || fail "erase did not evict the cached token"
[ "$(ds_stat token_requests)" -eq 2 ] || fail "$(ds_stat token_requests) requests, expected 2"
# git 2.46 sends the token as credential=: evicted too.
printf 'protocol=https\nhost=git.example.com\nauthtype=Bearer\ncredential=%s\n' "$t2" >"$T/req"; helper erase <"$T/req"
expect_status 0
[ "$(get)" != "$t2" ] || fail "erase with credential= did not evict"
[ "$(ds_stat token_requests)" -eq 3 ] || fail "$(ds_stat token_requests) requests, expected 3"
