# tests/lib-keyring.sh: run the calling test inside its own D-Bus session
# with a real, unlocked Secret Service provider (never the user's own keyring). Source
# after lib.sh, then call start_keyring (or start_keyring_test, which also
# starts the dev server and writes the profile) before anything else.
#
# KEYRING_PROVIDER picks the provider: gnome (gnome-keyring, the default),
# kwallet (kwalletd5 with its Secret Service API on) or keepassxc (KeePassXC
# with its Secret Service integration on). tests/secret/kwallet/ and
# tests/secret/keepassxc/ run the keyring cases of tests/cache/ with each.
#
# The test re-runs itself under dbus-run-session with HOME and the XDG
# folders fresh (lib.sh's temp dir), so no existing keyring or setting is
# picked up; the provider is the test's child, stopped by PID at exit
# (KeePassXC with TERM, then KILL: it may ignore TERM while a dialog waits).
# Everything the bus carries about prompts is recorded (dbus-monitor) so
# that check_no_dialog can tell whether any dialog was ever asked for.
#
# Needs lib.sh's T, fail, skip, track_pid (bench/ defines its own).

KEYRING_PASSWORD=test-keyring-password
KEYRING_PROVIDER=${KEYRING_PROVIDER:-gnome}

# _kr_need TOOL... : skip unless each is installed.
_kr_need() {
	for _t in "$@"; do
		command -v "$_t" >/dev/null 2>&1 ||
			skip "$_t is not installed (see scripts/install-deps)"
	done
}

# _kr_wait_name NAME [PID]: until NAME has an owner on the bus.
_kr_wait_name() {
	_i=0
	until gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
	    --method org.freedesktop.DBus.NameHasOwner "$1" 2>/dev/null | grep -q true; do
		_i=$((_i + 1))
		[ $_i -le 200 ] || fail "$KEYRING_PROVIDER never took the bus name $1"
		[ -z "${2:-}" ] || kill -0 "$2" 2>/dev/null ||
			fail "$KEYRING_PROVIDER exited before taking $1"
		sleep 0.05
	done
}

_kr_start_gnome() {
	_kr_need gnome-keyring-daemon
	printf %s "$KEYRING_PASSWORD" |
		gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 ||
		fail "gnome-keyring-daemon --unlock failed"
	# --unlock returns before the daemon owns its name on the bus.
	_kr_wait_name org.freedesktop.secrets
	# It exits with its bus; stop it by PID too, should a test fail first.
	_kp=$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
	    --method org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets |
	    sed -n 's/^(uint32 \([0-9]*\),)$/\1/p')
	[ -n "$_kp" ] && track_pid "$_kp"
}

# KWallet's PAM entry point, the only way it opens (or creates) a wallet
# without a dialog: pamOpen(wallet, hash, 0), where the hash is
# PBKDF2-HMAC-SHA512 of the password (empty here) over the wallet's
# 56-byte salt file, 50,000 rounds, 56 bytes, as pam_kwallet5 computes it.
_kr_kwallet_pam_open() {
	_salt=$XDG_DATA_HOME/kwalletd/kdewallet.salt
	_hash=$(python3 -c 'import hashlib, sys
s = open(sys.argv[1], "rb").read()
print(",".join("0x%02x" % b for b in hashlib.pbkdf2_hmac("sha512", b"", s, 50000, 56)))' "$_salt") ||
		fail "cannot compute the wallet hash (python3)"
	gdbus call --session --dest org.kde.kwalletd5 --object-path /modules/kwalletd5 \
	    --method org.kde.KWallet.pamOpen kdewallet "[$_hash]" 0 >/dev/null ||
		fail "kwalletd5 pamOpen failed"
}

_kr_start_kwallet() {
	_kr_need kwalletd5 python3
	mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME/kwalletd"
	cat >"$XDG_CONFIG_HOME/kwalletrc" <<EOF
[Wallet]
Enabled=true
First Use=false
Use One Wallet=true
Prompt on Open=false
Leave Open=true
Launch Manager=false

[org.freedesktop.secrets]
apiEnabled=true
EOF
	head -c 56 /dev/urandom >"$XDG_DATA_HOME/kwalletd/kdewallet.salt"
	# The first run creates the wallet; kwalletd lists a wallet as a
	# Secret Service collection only if it existed when it started, so
	# a second run opens it, as a PAM login does.
	QT_QPA_PLATFORM=offscreen kwalletd5 >>"$T/kwalletd.log" 2>&1 &
	_kp=$!
	track_pid "$_kp"
	_kr_wait_name org.kde.kwalletd5 "$_kp"
	_kr_kwallet_pam_open
	kill "$_kp" && wait "$_kp" 2>/dev/null
	QT_QPA_PLATFORM=offscreen kwalletd5 >>"$T/kwalletd.log" 2>&1 &
	_kp=$!
	track_pid "$_kp"
	_kr_wait_name org.freedesktop.secrets "$_kp"
	_kr_kwallet_pam_open
	KEYRING_PID=$_kp
}

_kr_start_keepassxc() {
	_kr_need keepassxc keepassxc-cli
	mkdir -p "$XDG_CONFIG_HOME/keepassxc" "$T/kpxc"
	cat >"$XDG_CONFIG_HOME/keepassxc/keepassxc.ini" <<EOF
[General]
ConfigVersion=2
SingleInstance=false
RememberLastDatabases=false
OpenPreviousDatabasesOnStartup=false

[GUI]
ShowTrayIcon=false
CheckForUpdates=false

[FdoSecrets]
Enabled=true
ShowNotification=false
ConfirmAccessItem=false
ConfirmDeleteItem=false
EOF
	_db=$T/kpxc/test.kdbx
	printf '%s\n%s\n' "$KEYRING_PASSWORD" "$KEYRING_PASSWORD" |
		keepassxc-cli db-create -q -p -t 100 "$T/kpxc/base.kdbx" >/dev/null 2>&1 ||
		fail "keepassxc-cli db-create failed"
	printf '%s\n' "$KEYRING_PASSWORD" |
		keepassxc-cli export -q -f xml "$T/kpxc/base.kdbx" >"$T/kpxc/base.xml" 2>/dev/null ||
		fail "keepassxc-cli export failed"
	# Expose the root group (FDO_SECRETS_EXPOSED_GROUP, its UUID braced) and
	# keep no recycle bin, then import: the only way without the GUI.
	_b64=$(sed -n '/<Root>/,$ s/.*<UUID>\(.*\)<\/UUID>.*/\1/p' "$T/kpxc/base.xml" | head -n 1)
	_uuid=$(printf %s "$_b64" | base64 -d | od -An -tx1 | tr -d ' \n' |
	    sed 's/^\(.\{8\}\)\(.\{4\}\)\(.\{4\}\)\(.\{4\}\)\(.\{12\}\)$/{\1-\2-\3-\4-\5}/')
	case $_uuid in "{"*"}") ;; *) fail "no root group UUID in the export" ;; esac
	sed -e "s|<Binaries/>|<Binaries/><CustomData><Item><Key>FDO_SECRETS_EXPOSED_GROUP</Key><Value>$_uuid</Value></Item></CustomData>|" \
	    -e 's|<RecycleBinEnabled>True|<RecycleBinEnabled>False|' \
	    "$T/kpxc/base.xml" >"$T/kpxc/exposed.xml"
	grep -q FDO_SECRETS_EXPOSED_GROUP "$T/kpxc/exposed.xml" || fail "could not expose the group"
	printf '%s\n%s\n' "$KEYRING_PASSWORD" "$KEYRING_PASSWORD" |
		keepassxc-cli import -q -p -t 100 "$T/kpxc/exposed.xml" "$_db" >/dev/null 2>&1 ||
		fail "keepassxc-cli import failed"
	printf '%s\n' "$KEYRING_PASSWORD" |
		QT_QPA_PLATFORM=offscreen keepassxc --pw-stdin "$_db" >"$T/keepassxc.log" 2>&1 &
	KEYRING_PID=$!
	_kr_wait_name org.freedesktop.secrets "$KEYRING_PID"
	# The database opens after the name is taken, and its collection shows
	# before the database is unlocked (a store then would prompt): wait
	# until the default collection is there and unlocked.
	_i=0
	until _c=$(default_collection) && [ -n "$_c" ] && [ "$_c" != / ] &&
	    gdbus call --session --dest org.freedesktop.secrets --object-path "$_c" \
	    --method org.freedesktop.DBus.Properties.Get org.freedesktop.Secret.Collection Locked \
	    2>/dev/null | grep -q false; do
		_i=$((_i + 1))
		[ $_i -le 200 ] || fail "KeePassXC exposes no unlocked collection"
		sleep 0.05
	done
}

# KeePassXC may ignore TERM while a dialog waits: TERM, then KILL.
stop_keyring() {
	[ -n "${KEYRING_PID:-}" ] || return 0
	kill "$KEYRING_PID" 2>/dev/null
	_i=0
	while kill -0 "$KEYRING_PID" 2>/dev/null && [ $_i -lt 40 ]; do
		_i=$((_i + 1)); sleep 0.05
	done
	kill -9 "$KEYRING_PID" 2>/dev/null
	wait "$KEYRING_PID" 2>/dev/null
	KEYRING_PID=
}

start_keyring() {
	_kr_need dbus-run-session gdbus secret-tool dbus-monitor
	if [ -z "${MP_IN_TEST_BUS:-}" ]; then
		MP_IN_TEST_BUS=1 KEYRING_PROVIDER=$KEYRING_PROVIDER dbus-run-session -- sh "$0" "$@"
		exit $?
	fi
	# gnome-keyring keeps its control socket in XDG_RUNTIME_DIR; the
	# runtime cache then lives there too, as on a desktop.
	XDG_DATA_HOME=$T/data XDG_RUNTIME_DIR=$T/run XDG_CACHE_HOME=$T/cache
	export XDG_DATA_HOME XDG_RUNTIME_DIR XDG_CACHE_HOME
	mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
	mkdir -m 700 "$XDG_RUNTIME_DIR"
	CACHEDIR=$XDG_RUNTIME_DIR/mogoplus
	case $KEYRING_PROVIDER in
	gnome) _kr_start_gnome ;;
	kwallet) _kr_start_kwallet ;;
	keepassxc) _kr_start_keepassxc ;;
	*) fail "unknown KEYRING_PROVIDER $KEYRING_PROVIDER" ;;
	esac
	trap 'stop_keyring; cleanup' EXIT
	# Every prompt call and signal from now on.
	dbus-monitor --session "type='method_call',interface='org.freedesktop.Secret.Prompt'" \
	    "type='signal',interface='org.freedesktop.Secret.Prompt'" >"$T/prompts" 2>/dev/null &
	track_pid $!
	# The monitor is listening once its own name shows up in its output.
	_i=0
	until grep -q NameAcquired "$T/prompts" 2>/dev/null; do
		_i=$((_i + 1)); [ $_i -le 100 ] || fail "dbus-monitor did not start"; sleep 0.05
	done
}

# start_keyring_test [CONFIG LINES...]: what the keyring cases of
# tests/cache/ start with: their own bus and keyring (start_keyring), the
# cache in both tiers (cache = auto), the dev server and the profile
# (write_config with the lines given).
start_keyring_test() {
	start_keyring
	CACHE_MODE=auto
	start_devserver
	write_config "$@"
}

# _kr_monitor_caught_up: everything sent on the bus so far is in the
# monitor's file. A marker signal that its rule matches is sent now; the
# bus delivers in order and the monitor writes each message as it comes,
# so once the marker is in the file, so is all that went before it.
_kr_monitor_caught_up() {
	_kr_mark=$(( ${_kr_mark:-0} + 1 ))
	gdbus emit --session --object-path "/ai/mogoplus/test/mark$_kr_mark" \
	    --signal org.freedesktop.Secret.Prompt.MogoplusTestMark >/dev/null ||
		fail "could not send the marker to dbus-monitor"
	_i=0
	until grep -q "path=/ai/mogoplus/test/mark$_kr_mark;" "$T/prompts" 2>/dev/null; do
		_i=$((_i + 1)); [ $_i -le 200 ] || fail "dbus-monitor never wrote the marker"; sleep 0.05
	done
}

# check_no_dialog: no dialog was ever asked for. A prompt object that is
# only Dismissed was never shown; one that was shown (Prompt called) must
# have completed by itself, not dismissed and not left waiting.
check_no_dialog() {
	_kr_monitor_caught_up
	awk '
	    / member=Prompt$/ || / member=Prompt / { match($0, /path=[^;]*/); shown[substr($0, RSTART + 5, RLENGTH - 5)] = 1 }
	    / member=Dismiss/ { match($0, /path=[^;]*/); dismissed[substr($0, RSTART + 5, RLENGTH - 5)] = 1 }
	    / member=Completed/ { match($0, /path=[^;]*/); p = substr($0, RSTART + 5, RLENGTH - 5); getline;
	        if ($0 ~ /boolean false/) done[p] = 1 }
	    END {
	        bad = 0
	        for (p in shown) if (!(p in done) || (p in dismissed)) { print "a dialog was asked for: " p; bad = 1 }
	        exit bad
	    }' "$T/prompts" >&2 || { cat "$T/prompts" >&2; fail "$KEYRING_PROVIDER was asked to show a dialog"; }
	return 0
}

# The default collection's object path.
default_collection() {
	gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets \
	    --method org.freedesktop.Secret.Service.ReadAlias default 2>/dev/null |
	    sed -n "s/^(objectpath '\(.*\)',)$/\1/p"
}

# Lock the default collection the way a screen locker would (no prompt).
lock_keyring() {
	if [ "$KEYRING_PROVIDER" = kwallet ]; then
		# KWallet locks a collection by closing its wallet; a collection
		# never unlocked through the Secret Service has no handle to close.
		gdbus call --session --dest org.kde.kwalletd5 --object-path /modules/kwalletd5 \
		    --method org.kde.KWallet.close kdewallet true >/dev/null ||
			fail "could not close the wallet"
		return 0
	fi
	if [ "$KEYRING_PROVIDER" = keepassxc ]; then
		# KeePassXC answers Lock with a prompt; its own interface locks.
		gdbus call --session --dest org.keepassxc.KeePassXC.MainWindow \
		    --object-path /keepassxc \
		    --method org.keepassxc.KeePassXC.MainWindow.lockAllDatabases >/dev/null ||
			fail "could not lock the database"
		# The call returns before the database is locked.
		_c=$(default_collection)
		_i=0
		until gdbus call --session --dest org.freedesktop.secrets --object-path "$_c" \
		    --method org.freedesktop.DBus.Properties.Get org.freedesktop.Secret.Collection \
		    Locked 2>/dev/null | grep -q true; do
			_i=$((_i + 1))
			[ $_i -le 200 ] || fail "KeePassXC did not lock its database"
			sleep 0.05
		done
		return 0
	fi
	_c=$(default_collection)
	[ -n "$_c" ] && [ "$_c" != / ] || fail "no default collection to lock"
	gdbus call --session --dest org.freedesktop.secrets \
	    --object-path /org/freedesktop/secrets \
	    --method org.freedesktop.Secret.Service.Lock "['$_c']" >/dev/null ||
		fail "could not lock the keyring"
}

# How many mogoplus items of a schema the keyring holds.
keyring_count() {
	secret-tool search --all xdg:schema "$1" 2>&1 | grep -c '^\[/' || true
}
