#!/bin/sh
# bench/docker-get.sh: a warm `docker-credential-mogoplus get` (runtime-cache
# hit) against Debian's `docker-credential-secretservice get` under a real
# gnome-keyring, in one hyperfine run (targets: warm get at most 2 ms and
# at most 0.15x secretservice: docker runs a helper on every pull and push).
# Prints one line per measurement, and the bench-result line bench/run
# collects. RUNS=N: run count (20).
#
# hyperfine 1.15 has no --input, so every command (the baseline too) runs
# as `sh -c 'exec CMD get <FILE'`; the baseline `true` shows what the shell
# and the redirection cost, and is the same for both helpers.
if [ "${1-}" = --in-session ]; then
	# Inside dbus-run-session: a fresh, unlocked keyring of our own.
	set -eu
	B=$2 RUNS=$3 HELPER=$4
	export XDG_DATA_HOME=$B/xdg-data
	mkdir -p "$XDG_DATA_HOME"
	printf '%s' bench-keyring-pw | gnome-keyring-daemon --foreground --unlock \
		--components=secrets >"$B/gkd.out" 2>"$B/gkd.err" &
	gkd=$!
	trap 'kill "$gkd" 2>/dev/null; wait "$gkd" 2>/dev/null || true' EXIT
	# Store only once our daemon owns the Secret Service name: earlier, the
	# bus would activate another, locked, gnome-keyring-daemon.
	i=0
	until dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
		org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
		grep -q 'boolean true'; do
		i=$((i + 1)); [ $i -lt 100 ] || { cat "$B/gkd.err" >&2; exit 1; }
		kill -0 "$gkd" 2>/dev/null || { cat "$B/gkd.err" >&2; exit 1; }
		sleep 0.05
	done
	i=0
	# One credential, stored the way docker login would.
	until printf '{"ServerURL":"registry.example.com","Username":"bench","Secret":"bench-secret"}' |
		docker-credential-secretservice store 2>"$B/store.err"; do
		i=$((i + 1)); [ $i -lt 50 ] || { cat "$B/gkd.err" "$B/store.err" >&2; exit 1; }
		sleep 0.1
	done
	printf 'registry.example.com' >"$B/server"
	docker-credential-secretservice get <"$B/server" | grep -q bench-secret ||
		{ echo "bench: secretservice get does not answer" >&2; exit 1; }
	"$HELPER" get <"$B/server" | grep -q '"Secret"' ||
		{ echo "bench: mogoplus get does not answer" >&2; exit 1; }
	hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$B/get.json" \
		"sh -c 'exec $HELPER get <$B/server >/dev/null'" \
		"sh -c 'exec docker-credential-secretservice get <$B/server >/dev/null'" \
		"sh -c 'exec true <$B/server >/dev/null'" >"$B/hyperfine.out"
	exit 0
fi

. "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-20}
HELPER=$BIN/docker-credential-mogoplus
[ -x "$HELPER" ] || { echo "bench: build first (make)" >&2; exit 1; }
for c in dbus-run-session gnome-keyring-daemon docker-credential-secretservice; do
	command -v "$c" >/dev/null ||
		{ skipped docker-warm-get "$c is not installed (scripts/install-deps)"; exit 77; }
done

start_server
write_profile file
printf '[docker registry.example.com]\n' >>"$MOGOPLUS_CONFIG"
# Warm the runtime cache: every measured get is a hit.
printf 'registry.example.com' | "$HELPER" get >/dev/null
issued=$(stat_of tokens_issued)

dbus-run-session -- sh "$0" --in-session "$B" "$RUNS" "$HELPER"
[ "$(stat_of tokens_issued)" = "$issued" ] ||
	echo "bench: warning: the measured gets minted tokens (not all warm)" >&2
set -- $(median "$B/get.json")
echo "warm get, median of $RUNS (each through sh -c with stdin from a file):"
echo "  docker-credential-mogoplus get:      $1 ms"
echo "  docker-credential-secretservice get: $2 ms"
echo "  baseline (sh -c 'exec true'):        $3 ms"
python3 -c 'import sys; a,b,c=map(float,sys.argv[1:]); print("  ratio mogoplus/secretservice: %.3f (baseline subtracted: %.3f)" % (a/b, (a-c)/(b-c)))' "$1" "$2" "$3"
# What Docker itself waits for: the helper alone, the shell's share taken off.
# With few runs the shell's own spread can be larger than the helper.
python3 -c 'import sys; sys.exit(float(sys.argv[1]) > float(sys.argv[2]))' "$1" "$3" &&
	echo "bench: warning: the helper's median is within the shell's noise; raise RUNS" >&2
result docker-warm-get "$(python3 -c 'import sys; a,c=map(float,sys.argv[1:]); print("%.2f" % (a - c))' "$1" "$3")" \
	"$(python3 -c 'import sys; b,c=map(float,sys.argv[1:]); print("%.2f" % (b - c))' "$2" "$3")" ms
