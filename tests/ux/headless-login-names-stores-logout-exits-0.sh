#!/bin/sh
# A headless server (no session bus): `mogoplus login` looks for a keyring
# before it reads the secret, and fails at once naming the stores this
# host has, the secret left unread on stdin; `logout --all` removes the
# cached token file, says that no keyring can hold a secret here, and
# exits 0 as mogoplus(1) says.
. "$top_srcdir/tests/lib.sh"

start_devserver
CACHE_MODE=file write_config
sed -i '/^client_secret = /d' "$CONFIG"
echo "client_secret = keyring" >>"$CONFIG"
mkdir -m 700 "$T/run"
export XDG_RUNTIME_DIR=$T/run

# The secret stays on stdin for the next reader: login never took it.
{ "$MOGOPLUS" login >"$T/out" 2>"$T/err"; echo "status $?" >"$T/st"; cat >"$T/left"; } <"$T/secret"
[ "$(cat "$T/st")" = "status 69" ] || fail "login without a keyring: $(cat "$T/st"): $(cat "$T/err")"
cmp -s "$T/left" "$T/secret" || fail "login read the secret before finding no keyring"
ERR=$T/err
expect_err '^mogoplus: default: keyring unavailable: no desktop keyring to store the client secret in \(no session bus: .*\); here, (set client_secret = kernel in the profile and run mogoplus login again \(the user.s kernel keyring\), or )?keep it in a 0600 file: mogoplus setup --secret-store file, or client_secret = file:PATH; or env:VAR$'
grep -qF -- "$CLIENT_SECRET" "$T/out" "$T/err" && fail "the secret in login's output"

# logout --all: the token file goes, nothing else can be there; exit 0.
sed -i "s|^client_secret = keyring|client_secret = file:$T/secret|" "$CONFIG"
run_mogoplus token; expect_status 0
run_mogoplus logout --all; expect_status 0
grep -q "^$T/run/mogoplus/t-[0-9a-f]*: cached token removed\$" "$OUT" || fail "logout said: $(cat "$OUT")"
run_mogoplus logout --all; expect_status 0
[ "$(cat "$OUT")" = "nothing to remove: no cached token for profile default, and no keyring reachable here to hold a client secret" ] ||
	fail "logout --all again said: $(cat "$OUT")"
exit 0
