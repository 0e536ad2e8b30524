# tests/lib-keyring.sh: run the calling test inside its own D-Bus session
# with a real, unlocked gnome-keyring (DESIGN section 8). Source after
# lib.sh, then call start_keyring before anything else.
#
# The test re-runs itself under dbus-run-session with HOME and XDG_DATA_HOME
# fresh (lib.sh's temp dir), so no existing login keyring is picked up; the
# keyring daemon exits with its bus when the test ends.

KEYRING_PASSWORD=test-keyring-password

start_keyring() {
	for _t in dbus-run-session gnome-keyring-daemon gdbus secret-tool; do
		command -v "$_t" >/dev/null 2>&1 ||
			skip "$_t is not installed (dbus, gnome-keyring, libglib2.0-bin, libsecret-tools)"
	done
	if [ -z "${MP_IN_TEST_BUS:-}" ]; then
		MP_IN_TEST_BUS=1 dbus-run-session -- sh "$0" "$@"
		exit $?
	fi
	# gnome-keyring keeps its control socket in XDG_RUNTIME_DIR; the
	# runtime cache then lives there too, as on a desktop.
	XDG_DATA_HOME=$T/data XDG_RUNTIME_DIR=$T/run
	export XDG_DATA_HOME XDG_RUNTIME_DIR
	mkdir -p "$XDG_DATA_HOME"
	mkdir -m 700 "$XDG_RUNTIME_DIR"
	CACHEDIR=$XDG_RUNTIME_DIR/mogoplus
	printf %s "$KEYRING_PASSWORD" |
		gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 ||
		fail "gnome-keyring-daemon --unlock failed"
	# --unlock returns before the daemon owns its name on the bus.
	_i=0
	until gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
	    --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true; do
		_i=$((_i + 1))
		[ $_i -le 100 ] || fail "the keyring never took its bus name"
		sleep 0.05
	done
	# It exits with its bus; stop it by PID too, should a test fail first.
	_kp=$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
	    --method org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets |
	    sed -n 's/^(uint32 \([0-9]*\),)$/\1/p')
	[ -n "$_kp" ] && track_pid "$_kp"
}

# Lock the login collection the way a screen locker would (no prompt).
lock_keyring() {
	gdbus call --session --dest org.freedesktop.secrets \
	    --object-path /org/freedesktop/secrets \
	    --method org.freedesktop.Secret.Service.Lock \
	    "['/org/freedesktop/secrets/collection/login']" >/dev/null ||
		fail "could not lock the keyring"
}

# How many mogoplus items of a schema the keyring holds.
keyring_count() {
	secret-tool search --all xdg:schema "$1" 2>&1 | grep -c '^\[/' || true
}
