#!/bin/sh
# logout and status say when the keyring item could not be removed or read, and why; logout then exits 69.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-keyring.sh"
start_keyring_test
run_mogoplus token; expect_status 0
[ "$(keyring_count ai.mogoplus.Token)" -eq 1 ] || fail "no token item in the keyring"
lock_keyring
rm -rf "$CACHEDIR"
# status: the runtime tier has none, the keyring cannot be read: said so.
run_mogoplus status; expect_status 0
grep -q '^token: *none cached (the keyring could not be read: .*locked.*)$' "$OUT" ||
	{ cat "$OUT" "$ERR" >&2; fail "status did not say the keyring could not be read"; }
run_mogoplus status --json; expect_status 0
grep -q '"keyring_error":".*locked' "$OUT" || { cat "$OUT" >&2; fail "status --json"; }
# logout: the token stays in the locked keyring: one line, exit 69.
run_mogoplus logout; expect_status 69
expect_err '^mogoplus: default: .*the token in the keyring was not removed: .*locked.* \(unlock the keyring and try again\)$'
check_no_dialog
