#!/bin/sh
# mogoplus status says whether the keyring (a real gnome-keyring) holds the
# profile's client secret, or that no keyring is reachable and why, and
# which git URLs and registries point at the helpers; its lines change as
# login, logout --all, configure-git and configure-docker change them.
# Read-only: token_url points at a listener that records any connection,
# and none is made. logout --all names the keyring items it removed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-keyring.sh"
start_keyring
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed (see scripts/install-deps)"
command -v git >/dev/null 2>&1 || skip "git is not installed"
make_pki

# Where token_url points: a listener that writes a file if anything connects.
python3 -c 'import os, socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
s.settimeout(120)
try:
    s.accept()
    open(sys.argv[2], "w").write("connected\n")
except socket.timeout:
    pass' "$T/lport" "$T/connected" &
track_pid $!
_i=0
until [ -s "$T/lport" ]; do
	_i=$((_i + 1)); [ $_i -le 200 ] || fail "the listener did not start"; sleep 0.05
done
URL=https://127.0.0.1:$(cat "$T/lport")/api/v1/oauth2/token
CACHE_MODE=auto
write_config "client_secret = keyring"

# line NAME TEXT: status's NAME line is exactly TEXT.
line() {
	_got=$(grep "^$1: " "$OUT")
	[ "$_got" = "$(printf '%-15s%s' "$1:" "$2")" ] ||
		{ cat "$OUT" >&2; fail "status $1 line: '$_got', want '$2'"; }
}

# Nothing stored, nothing wired.
run_mogoplus status; expect_status 0
line keyring "reachable, holds no client secret of $CLIENT_ID; mogoplus login stores it"
line git "no git URL uses mogoplus (mogoplus configure-git URL wires one up)"
line docker "$HOME/.docker/config.json: not there"
line podman "$XDG_CONFIG_HOME/containers/auth.json: not there"
run_mogoplus status --json; expect_status 0
grep -q '\\/' "$OUT" && fail "escaped slashes: $(cat "$OUT")"
grep -qF '"keyring":{"secret":false,' "$OUT" || fail "json keyring: $(cat "$OUT")"
grep -qF '"git":{"urls":[],"file":null,' "$OUT" || fail "json git: $(cat "$OUT")"
grep -qF "\"docker\":{\"registries\":[],\"file\":\"$HOME/.docker/config.json\"," "$OUT" ||
	fail "json docker: $(cat "$OUT")"

# login: the keyring holds the secret now.
printf '{"clientName":"test","clientId":"%s","clientSecret":"%s"}\n' "$CLIENT_ID" "$CLIENT_SECRET" >"$T/console.json"
run_mogoplus login --from-file "$T/console.json"; expect_status 0
run_mogoplus status; expect_status 0
line keyring "reachable, unlocked, holds the client secret of $CLIENT_ID"
run_mogoplus status --json; expect_status 0
grep -qF '"keyring":{"secret":true,' "$OUT" || fail "json keyring after login: $(cat "$OUT")"

# configure-git and configure-docker: the URL and the registry show, with the file.
run_mogoplus configure-git https://git.example.com/org; expect_status 0
run_mogoplus configure-docker registry.example.com:5000; expect_status 0
run_mogoplus status; expect_status 0
line git "mogoplus answers for https://git.example.com/org (in $HOME/.gitconfig)"
line docker "$HOME/.docker/config.json: mogoplus answers for registry.example.com:5000"
DROPIN=$HOME/.config/containers/registries.conf.d/mogoplus.conf
line podman "$XDG_CONFIG_HOME/containers/auth.json: mogoplus answers for registry.example.com:5000; podman login and logout ask it first ($DROPIN)"
run_mogoplus status --json; expect_status 0
grep -qF "\"git\":{\"urls\":[\"https://git.example.com/org\"],\"file\":\"$HOME/.gitconfig\"," "$OUT" ||
	fail "json git after configure-git: $(cat "$OUT")"
grep -qF '"registries":["registry.example.com:5000"]' "$OUT" || fail "json docker: $(cat "$OUT")"

# Without the registries.conf drop-in, podman logout would not reach the
# helper: status says so and how to fix it (doctor fails on it:
# tests/ux/doctor-names-each-failure.sh).
mv "$DROPIN" "$T/dropin"
run_mogoplus status; expect_status 0
line podman "$XDG_CONFIG_HOME/containers/auth.json: mogoplus answers for registry.example.com:5000; but podman login and logout do not reach it: $DROPIN is missing; mogoplus configure-docker REGISTRY writes it again"
run_mogoplus status --json; expect_status 0
grep -qF '"podman":{"registries":["registry.example.com:5000"],' "$OUT" &&
	grep -qF 'podman login and logout do not reach it' "$OUT" || fail "json podman without the drop-in: $(cat "$OUT")"
run_mogoplus configure-docker registry.example.com:5000; expect_status 0
grep -qF "$DROPIN: podman, skopeo and buildah ask mogoplus first" "$OUT" ||
	fail "configure-docker did not write the drop-in again: $(cat "$OUT")"
# One the user wrote is theirs: named, not judged.
printf 'credential-helpers = ["containers-auth.json"]\n' >"$DROPIN"
run_mogoplus status; expect_status 0
line podman "$XDG_CONFIG_HOME/containers/auth.json: mogoplus answers for registry.example.com:5000; $DROPIN is not mogoplus's: whether podman logout reaches mogoplus is up to it"
mv "$T/dropin" "$DROPIN"

# And back.
run_mogoplus configure-git --remove https://git.example.com/org; expect_status 0
run_mogoplus configure-docker --remove registry.example.com:5000; expect_status 0
run_mogoplus status; expect_status 0
line git "no git URL uses mogoplus (mogoplus configure-git URL wires one up)"
line docker "$HOME/.docker/config.json: no registry uses mogoplus (mogoplus configure-docker REGISTRY)"

# logout --all names what it removed: the keyring's client secret (the
# tokens of a real exchange: tests/cache/login-logout-status-round-trip.sh).
run_mogoplus logout --all; expect_status 0
[ "$(cat "$OUT")" = "keyring: client secret for $CLIENT_ID removed" ] ||
	fail "logout --all said: $(cat "$OUT")"
run_mogoplus status; expect_status 0
line keyring "reachable, holds no client secret of $CLIENT_ID; mogoplus login stores it"
run_mogoplus logout --all; expect_status 0
[ "$(cat "$OUT")" = "nothing to remove: no cached token for profile default and no client secret in the keyring" ] ||
	fail "logout --all with nothing: $(cat "$OUT")"

# No session bus at all: status says so, and why.
mkdir -m 700 "$T/nobus"
OUT=$T/out ERR=$T/err
env -u DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR="$T/nobus" "$MOGOPLUS" status >"$OUT" 2>"$ERR" ||
	fail "status without a bus: exit $?"
line keyring "no keyring reachable (no session bus: DBUS_SESSION_BUS_ADDRESS is unset and there is no \$XDG_RUNTIME_DIR/bus); a desktop session or gnome-keyring-daemon must be running and unlocked, or use client_secret = file:PATH"
env -u DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR="$T/nobus" "$MOGOPLUS" status --json >"$OUT" 2>"$ERR"
grep -qF '"keyring":{"secret":null,' "$OUT" || fail "json without a bus: $(cat "$OUT")"

[ -e "$T/connected" ] && fail "status connected to token_url"
check_no_dialog
exit 0
