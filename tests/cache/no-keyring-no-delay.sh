#!/bin/sh
# Without a keyring (no bus, or a bus without one), the runtime tier works with no hang.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-keyring.sh"
start_keyring_test
# No session bus at all: silent, as on a server.
env -u DBUS_SESSION_BUS_ADDRESS "$MOGOPLUS" token >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; fail "no bus"; }
[ ! -s "$T/err" ] || { cat "$T/err" >&2; fail "noise without a bus"; }
rm -rf "$CACHEDIR"
# A bus address that leads nowhere: one warning, no wait.
t0=$(now_ms)
DBUS_SESSION_BUS_ADDRESS=unix:path=$T/no-such-bus run_mogoplus token
t1=$(now_ms)
expect_status 0
[ "$(wc -l <"$ERR")" -le 1 ] || { cat "$ERR" >&2; fail "more than one warning"; }
[ $((t1 - t0)) -lt 2000 ] || fail "a dead bus held the call for $((t1 - t0)) ms"
[ "$(keyring_count ai.mogoplus.Token)" -eq 0 ] || fail "a token reached the keyring without a bus"
# cache = file never touches the keyring even when one answers.
rm -rf "$CACHEDIR"
write_config "cache = file"
run_mogoplus token; expect_status 0
[ "$(keyring_count ai.mogoplus.Token)" -eq 0 ] || fail "cache = file wrote to the keyring"
