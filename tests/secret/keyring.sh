#!/bin/sh
# keyring.sh: the keyring store module against a real gnome-keyring-daemon
# on a private D-Bus session (never the user's own), then against a session bus
# with no keyring on it. Runs tests/secret/run-keyring-tests in both.
#
# HOME and XDG_DATA_HOME are fresh, so no existing login keyring with
# another password is picked up; XDG_RUNTIME_DIR is a fresh 0700 dir.
# Everything started here lives inside dbus-run-session and dies with it:
# gnome-keyring-daemon exits when its bus goes away.
set -u
: "${top_builddir:?run through make check}"

for tool in dbus-run-session gnome-keyring-daemon secret-tool gdbus; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "SKIP: $tool is not installed (dbus, gnome-keyring, libsecret-tools, libglib2.0-bin)" >&2
		exit 77
	}
done

T=$(mktemp -d "${TMPDIR:-/tmp}/mogoplus-keyring.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
trap 'exit 99' HUP INT TERM
mkdir -m 700 "$T/home" "$T/run" "$T/data"
PROG=$top_builddir/tests/secret/run-keyring-tests

run_session() {
	# The bus daemon's own log (service activations) goes to $T/$1.bus;
	# the tests' output comes back on fd 3.
	env -u DBUS_SESSION_BUS_ADDRESS -u GNOME_KEYRING_CONTROL -u DISPLAY \
	    -u WAYLAND_DISPLAY HOME="$T/home" XDG_DATA_HOME="$T/data" \
	    XDG_RUNTIME_DIR="$T/run" top_builddir="$top_builddir" \
	    dbus-run-session -- sh -c "$2" 3>&2 2>"$T/$1.bus"
}

# 1. An unlocked keyring (gnome-keyring creates the login collection with
#    the unlock password; it is the "default" alias).
run_session keyring '
	exec 2>&3 3>&-
	out=$(printf %s test-password | gnome-keyring-daemon --unlock --components=secrets) ||
		{ echo "gnome-keyring-daemon --unlock failed" >&2; exit 99; }
	eval "$out"
	[ -z "${GNOME_KEYRING_CONTROL:-}" ] || export GNOME_KEYRING_CONTROL
	# --unlock returns before the daemon owns its bus name; the module
	# (rightly) calls a name without an owner "no Secret Service".
	i=0
	until gdbus call --session --dest org.freedesktop.DBus \
	    --object-path /org/freedesktop/DBus \
	    --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets \
	    2>/dev/null | grep -q true; do
		i=$((i + 1))
		[ $i -le 100 ] || { echo "the keyring never took its bus name" >&2; exit 99; }
		sleep 0.05
	done
	"'"$PROG"'"'
rc=$?
cat "$T/keyring.bus" >&2
[ $rc -eq 0 ] || exit $rc
# Nothing may have asked a person: a prompt starts the system prompter.
if grep -q "SystemPrompter" "$T/keyring.bus"; then
	echo "FAIL: the module made the keyring prompt" >&2
	exit 1
fi

# 2. A session bus with no keyring: missing service, and one that hangs.
run_session bare 'exec 2>&3 3>&-; "'"$PROG"'" --bare-bus'
rc=$?
cat "$T/bare.bus" >&2
[ $rc -eq 0 ] || exit $rc
if grep -q "Activating service name='org.freedesktop.secrets'" "$T/bare.bus"; then
	echo "FAIL: the module started a keyring daemon" >&2
	exit 1
fi
exit 0
