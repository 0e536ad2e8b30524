#!/bin/sh
# A locked keyring is bypassed with one warning; the runtime tier still works and nothing prompts.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-keyring.sh"
start_keyring_test
lock_keyring
t0=$(now_ms)
run_mogoplus token; expect_status 0
t1=$(now_ms)
[ "$(wc -l <"$ERR")" -eq 1 ] || { cat "$ERR" >&2; fail "not exactly one warning line"; }
grep -q '^mogoplus: warning: keyring unavailable (.*locked.*); using the runtime cache only$' "$ERR" ||
	{ cat "$ERR" >&2; fail "no clear warning"; }
# Bounded: never the 25 s D-Bus default, let alone a hang on a prompt.
[ $((t1 - t0)) -lt 5000 ] || fail "a locked keyring held the call for $((t1 - t0)) ms"
run_mogoplus token; expect_status 0
[ "$(ds_stat token_requests)" -eq 1 ] || fail "the runtime tier was not used"
check_no_dialog
