#!/bin/sh
# keyring-lookup.sh: the keyring tier against `secret-tool lookup` (DESIGN
# section 9: "keyring-tier get: no slower than secret-tool lookup of one
# item"). Same setup as tests/secret/keyring.sh: a private D-Bus session, a
# fresh HOME/XDG_DATA_HOME/XDG_RUNTIME_DIR, an unlocked gnome-keyring.
# Usage: bench/keyring-lookup.sh [BUILDDIR] (after make; needs hyperfine)
set -u
B=$(cd "${1:-.}" && pwd) || exit 64
[ -x "$B/bench/keyring-load" ] || { echo "build first: make bench/keyring-load" >&2; exit 64; }
for tool in hyperfine dbus-run-session gnome-keyring-daemon secret-tool gdbus; do
	command -v "$tool" >/dev/null 2>&1 || { echo "$tool is not installed" >&2; exit 77; }
done
T=$(mktemp -d "${TMPDIR:-/tmp}/mogoplus-bench.XXXXXX") || exit 70
trap 'rm -rf "$T"' EXIT
mkdir -m 700 "$T/home" "$T/run" "$T/data"

env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u WAYLAND_DISPLAY \
    HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_RUNTIME_DIR="$T/run" B="$B" T="$T" \
    dbus-run-session -- sh -c '
	eval "$(printf %s bench-password | gnome-keyring-daemon --unlock --components=secrets)"
	i=0
	until gdbus call --session --dest org.freedesktop.DBus \
	    --object-path /org/freedesktop/DBus \
	    --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets \
	    2>/dev/null | grep -q true; do
		i=$((i + 1)); [ $i -le 100 ] || exit 70; sleep 0.05
	done
	printf %s bench-token-value | secret-tool store --label=bench bench-item 1 || exit 70
	"$B/bench/keyring-load" "$B/.libs" store || exit 70
	"$B/bench/keyring-load" "$B/.libs" || exit 70
	hyperfine -N --warmup 20 --runs 200 --export-json "$T/h.json" \
	    -n "secret-tool lookup" "secret-tool lookup bench-item 1" \
	    -n "keyring module token_load" "$B/bench/keyring-load $B/.libs"
' 2>&1 | grep -v "Failed to set fd limit"
python3 - "$T/h.json" <<'PY' 2>/dev/null || echo "(python3 missing: medians are in hyperfine's output above)"
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("median %-28s %.2f ms" % (r["command"] + ":", r["median"] * 1000))
PY
