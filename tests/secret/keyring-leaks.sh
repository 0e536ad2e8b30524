#!/bin/sh
# keyring-leaks.sh: every operation of the keyring store module under
# valgrind's leak checker, against a real gnome-keyring on a private bus:
# no definite leak on a path through the module's code. The module is the
# copy built with a 30 s bound (tests/secret/slow/): under valgrind on a
# busy machine a call can take longer than 2 s, and a call given up on at
# its deadline leaks its pending operation by design.
# (kr_call_end() must run the GDBus frees deferred to its
# private main context before dropping it; without that, every call leaks
# a reply and its closures.) The one suppression is explained in
# tests/secret/keyring.supp.
set -u
: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"

# valgrind over ASan-built programs reports nothing useful (both replace
# malloc): in the sanitizer build LeakSanitizer watches the same workload
# (tests/secret/*.sh), and the plain suite runs this one.
[ "${MP_SANITIZERS:-}" != yes ] || {
	echo "SKIP: valgrind cannot run ASan-built programs (sanitizer build)" >&2
	exit 77
}
for tool in dbus-run-session gnome-keyring-daemon gdbus secret-tool valgrind; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "SKIP: $tool is not installed" >&2
		exit 77
	}
done
T=$(mktemp -d "${TMPDIR:-/tmp}/mogoplus-leaks.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
trap 'exit 99' HUP INT TERM
mkdir -m 700 "$T/home" "$T/run" "$T/data"
PROG=$top_builddir/tests/secret/run-keyring-tests
[ -x "$top_builddir/tests/secret/.libs/run-keyring-tests" ] &&
	PROG=$top_builddir/tests/secret/.libs/run-keyring-tests

env -u DBUS_SESSION_BUS_ADDRESS -u GNOME_KEYRING_CONTROL -u DISPLAY \
    -u WAYLAND_DISPLAY HOME="$T/home" XDG_DATA_HOME="$T/data" \
    XDG_RUNTIME_DIR="$T/run" top_builddir="$top_builddir" \
    G_SLICE=always-malloc G_DEBUG=gc-friendly \
    MP_TEST_MODULE_DIR="$top_builddir/tests/secret/slow/.libs" \
    dbus-run-session -- sh -c '
	printf %s test-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null ||
		{ echo "gnome-keyring-daemon --unlock failed" >&2; exit 99; }
	i=0
	until gdbus call --session --dest org.freedesktop.DBus \
	    --object-path /org/freedesktop/DBus \
	    --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets \
	    2>/dev/null | grep -q true; do
		i=$((i + 1))
		[ $i -le 100 ] || { echo "the keyring never took its bus name" >&2; exit 99; }
		sleep 0.05
	done
	# The keyring writes its login keyring on first use: not in valgrind.
	printf x | secret-tool store --label=warm-up warm up >/dev/null 2>&1
	secret-tool clear warm up >/dev/null 2>&1
	exec valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
	    --show-leak-kinds=definite --error-exitcode=42 --num-callers=40 \
	    --suppressions="'"$top_srcdir"'/tests/secret/keyring.supp" \
	    "'"$PROG"'" --leak-workload' >"$T/out" 2>&1
rc=$?
cat "$T/out" >&2
# A definite leak allocated on a path through the module's own code.
if awk '/definitely lost in/ { rec = 1; hit = 0; next }
    rec && /\((call|keyring|unlock|provider)\.c:/ { hit = 1 }
    rec && /^==[0-9]+== *$/ { if (hit) n++; rec = 0 }
    END { exit n > 0 ? 0 : 1 }' "$T/out"; then
	echo "FAIL: the keyring module leaks" >&2
	exit 1
fi
[ $rc -eq 0 ] || { echo "FAIL: the workload under valgrind (exit $rc)" >&2; exit 1; }
exit 0
