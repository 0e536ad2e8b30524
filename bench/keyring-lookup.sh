#!/bin/sh
# keyring-lookup.sh: the keyring tier against `secret-tool lookup`, for each
# Secret Service provider (target: a keyring-tier get no slower than
# secret-tool lookup of one item, the least work a client can do). Each provider runs
# as in the tests (tests/lib-keyring.sh): its own D-Bus session, fresh HOME
# and XDG folders, started headless, stopped by PID.
# Usage: bench/keyring-lookup.sh [BUILDDIR [gnome|kwallet|keepassxc ...]]
# (after make; needs hyperfine). Default: all three providers. Prints the
# bench-result lines bench/run collects. RUNS=N: run count (200).
set -u
B=$(cd "${1:-.}" && pwd) || exit 64
[ $# -gt 0 ] && shift
S=$(cd "$(dirname "$0")/.." && pwd)
[ -x "$B/bench/keyring-load" ] || { echo "build first: make bench/keyring-load" >&2; exit 64; }
for tool in hyperfine dbus-run-session secret-tool gdbus; do
	command -v "$tool" >/dev/null 2>&1 && continue
	for prov in gnome kwallet keepassxc; do
		echo "bench-skip: keyring-load-$prov $tool is not installed (scripts/install-deps)"
	done
	exit 77
done
[ $# -gt 0 ] || set -- gnome kwallet keepassxc

if [ -n "${MP_BENCH_PROVIDER:-}" ]; then
	# Inside the provider's own bus: what tests/lib-keyring.sh needs.
	T=$(mktemp -d "${TMPDIR:-/tmp}/mogoplus-bench.XXXXXX") || exit 70
	_pids=""
	cleanup() {
		for _p in $_pids; do kill "$_p" 2>/dev/null && wait "$_p" 2>/dev/null; done
		rm -rf "$T"
	}
	trap cleanup EXIT
	track_pid() { _pids="$_pids $1"; }
	fail() { echo "bench: $*" >&2; exit 70; }
	skip() { echo "bench: $MP_BENCH_PROVIDER skipped: $*" >&2; exit 77; }
	HOME=$T/home XDG_CONFIG_HOME=$T/home/.config
	export HOME XDG_CONFIG_HOME
	mkdir -p "$XDG_CONFIG_HOME"
	MP_IN_TEST_BUS=1 KEYRING_PROVIDER=$MP_BENCH_PROVIDER
	. "$S/tests/lib-keyring.sh"
	start_keyring
	printf %s bench-token-value | secret-tool store --label=bench bench-item 1 || exit 70
	"$B/bench/keyring-load" "$B/.libs" store || exit 70
	"$B/bench/keyring-load" "$B/.libs" || exit 70
	# -i: against KWallet about one secret-tool lookup in 200 fails its
	# session ("Client public key size is invalid"); the module retries.
	hyperfine -N -i --warmup 20 --runs "${RUNS:-200}" --export-json "$MP_BENCH_JSON" \
	    -n "secret-tool lookup" "secret-tool lookup bench-item 1" \
	    -n "keyring module token_load" "$B/bench/keyring-load $B/.libs" >&2
	check_no_dialog
	stop_keyring
	exit 0
fi

J=$(mktemp -d "${TMPDIR:-/tmp}/mogoplus-bench-json.XXXXXX") || exit 70
trap 'rm -rf "$J"' EXIT
for prov in "$@"; do
	env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u WAYLAND_DISPLAY \
	    MP_BENCH_PROVIDER="$prov" MP_BENCH_JSON="$J/$prov.json" \
	    dbus-run-session -- sh "$0" "$B" >"$J/$prov.out" 2>&1
	grep -v -e "Failed to set fd limit" -e "monitor" "$J/$prov.out"
	if [ ! -s "$J/$prov.json" ]; then
		why=$(sed -n 's/^bench: [a-z]* skipped: //p' "$J/$prov.out" | tail -n 1)
		echo "bench-skip: keyring-load-$prov ${why:-no figures (see the lines above)}"
		continue
	fi
	# Medians from hyperfine's JSON, without python: one result per line.
	tr -d '\n' <"$J/$prov.json" | sed 's/"command"/\n"command"/g' |
	    sed -n 's/^"command": *"\([^"]*\)".*"median": *\([0-9.e-]*\).*/\1 \2/p' >"$J/$prov.txt"
	awk -v p="$prov" -v n="${RUNS:-200}" '{ ms[NR] = $NF * 1000; $NF = ""; name[NR] = $0 }
	    END { printf "%s: median of %d: %s %.2f ms; %s %.2f ms; ratio %.2f\n",
	        p, n, name[1], ms[1], name[2], ms[2], ms[2] / ms[1]
	        printf "bench-result: keyring-load-%s ours=%.2f peer=%.2f unit=ms\n",
	        p, ms[2], ms[1] }' "$J/$prov.txt"
done
