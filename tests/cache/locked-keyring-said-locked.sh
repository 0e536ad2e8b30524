#!/bin/sh
# A locked keyring is said to be locked by token, status and doctor, never
# taken for "no client secret in the keyring", and the fix is named:
# unlock it, or keep the secret in a file. With no session bus at all,
# doctor blames the missing bus, not the keyring module.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-keyring.sh"
start_keyring

start_devserver
write_config
sed -i '/^client_secret = /d' "$CONFIG"
echo "client_secret = keyring" >>"$CONFIG"
"$MOGOPLUS" login <"$T/secret" 2>"$T/login.err" || fail "login: $(cat "$T/login.err")"
run_mogoplus token; expect_status 0
lock_keyring

run_mogoplus token; expect_status 78
expect_err '^mogoplus: default: client secret unavailable: client_secret from the keyring: the keyring is locked \(unlock it, or name a file:PATH or env:VAR source instead\)$'
grep -q 'no client_secret' "$ERR" && fail "locked taken for missing: $(cat "$ERR")"

run_mogoplus status; expect_status 0
grep -q '^keyring: *reachable but locked (the keyring is locked); unlock it' "$OUT" ||
	fail "status: $(grep keyring "$OUT")"

run_mogoplus doctor
grep -q '^✗ keyring: reachable but locked' "$OUT" || fail "doctor keyring: $(cat "$OUT")"
grep -q '^✗ token: .*the keyring is locked' "$OUT" || fail "doctor token: $(cat "$OUT")"
grep -q 'see the message' "$OUT" && fail "doctor: $(cat "$OUT")"
check_no_dialog

# No session bus: the module is there, the bus is not; doctor says so
# even after its token request gave up on the keyring.
mkdir -m 700 "$T/nobus"
env -u DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR="$T/nobus" "$MOGOPLUS" doctor >"$T/out" 2>&1
grep -q '^✗ keyring: no keyring reachable (no session bus' "$T/out" ||
	fail "no bus: $(grep keyring "$T/out")"
grep -q 'not there or not usable' "$T/out" && fail "no bus blamed on the module: $(cat "$T/out")"
exit 0
