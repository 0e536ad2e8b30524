# bench/lib.sh: a dev server and a profile for the benchmarks (sourced).
# Everything binds to 127.0.0.1 and is stopped by PID at exit.
# The build may be out of tree: top_builddir names it (bench/run sets it;
# default: the source tree, as after ./scripts/test).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${top_builddir:-$top}" && pwd)
B=$(mktemp -d "${TMPDIR:-/tmp}/mogoplus-bench.XXXXXX")
chmod 700 "$B"
_pids=""
bench_cleanup() {
	for p in $_pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done
	rm -rf "$B"
}
trap bench_cleanup EXIT
command -v hyperfine >/dev/null || { echo "bench: hyperfine missing (scripts/install-deps)" >&2; exit 1; }
[ -x "$build/mogoplus" ] && [ -x "$build/mogoplus-devserver" ] ||
	{ echo "bench: no built tree at $build: build first (make), or set top_builddir" >&2; exit 1; }
# The programs built for the test suite: the installed ones' code, loading
# this build tree's modules (the installed ones load only $(pkglibdir)).
BIN=$build/tests/bin
make -s -C "$build" tests/bin/mogoplus tests/bin/docker-credential-mogoplus \
	tests/bin/git-credential-mogoplus helpers/mogoplus-pki >/dev/null ||
	{ echo "bench: cannot build the programs in tests/bin" >&2; exit 1; }

unset MOGOPLUS_MODULE_DIR
export HOME=$B/home MOGOPLUS_CONFIG=$B/config
unset XDG_RUNTIME_DIR MOGOPLUS_PROFILE MOGOPLUS_CACHE_DIR MOGOPLUS_RUNTIME_STORE
[ -n "${MP_BENCH_IN_BUS:-}" ] || unset DBUS_SESSION_BUS_ADDRESS
mkdir -p "$HOME"
# bench/run makes one PKI for all its scripts (MP_BENCH_PKI): making one
# takes longer than most of what a dry run does.
if [ -n "${MP_BENCH_PKI:-}" ] && [ -f "$MP_BENCH_PKI/ca.pem" ]; then
	cp -R "$MP_BENCH_PKI" "$B/pki"
else
	sh "$build/helpers/mogoplus-pki" "$B/pki" >/dev/null
fi
SECRET=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf 'bench-client %s\n' "$SECRET" >"$B/clients"
printf '%s\n' "$SECRET" >"$B/secret"
# curl reads the form from a file, so the secret stays off its argv too.
printf 'client_id=bench-client&client_secret=%s' "$SECRET" >"$B/form"
chmod 600 "$B/secret" "$B/form" "$B/clients"

# start_server [FLAGS]: PORT and URL.
start_server() {
	rm -f "$B/port"
	"$build/mogoplus-devserver" --quiet --cert "$B/pki/server.pem" --key "$B/pki/server.key" \
		--client-ca "$B/pki/ca.pem" --clients "$B/clients" --port-file "$B/port" \
		--stats-file "$B/stats" --max-seconds 600 "$@" &
	_pids="$_pids $!"
	while [ ! -s "$B/port" ]; do sleep 0.05; done
	PORT=$(cat "$B/port")
	URL=https://127.0.0.1:$PORT/api/v1/oauth2/token
}

# write_profile CACHE [RUNTIME_STORE [NAME]]: the config for the running
# server (runtime_store file unless given: the figures of the file tier);
# with NAME, a [profile NAME] appended to the file instead.
write_profile() {
	[ -n "${3:-}" ] || : >"$MOGOPLUS_CONFIG"
	cat >>"$MOGOPLUS_CONFIG" <<CONF
[profile ${3:-default}]
token_url = $URL
client_id = bench-client
client_secret = file:$B/secret
cert = $B/pki/client.pem
key = $B/pki/client.key
ca = $B/pki/ca.pem
cache = $1
runtime_store = ${2:-file}
CONF
}

# median JSON_FILE: the median of the first command, in ms, 2 decimals.
median() {
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(" ".join("%.2f" % (x["median"]*1000) for x in r))' "$1"
}
stat_of() { sed -n "s/^$1 //p" "$B/stats"; }

# result NAME OURS PEER UNIT: the machine-readable line bench/run collects
# (PEER is - when the figure has no peer).
result() { echo "bench-result: $1 ours=$2 peer=$3 unit=$4"; }
# skipped NAME REASON: a figure not measured here, and why (one line).
skipped() { n=$1; shift; echo "bench-skip: $n $*"; }
# RUNS overrides every run count of a script (bench/run RUNS=N).
runs_or() { echo "${RUNS:-$1}"; }
# many N: how many concurrent processes a figure starts: N, or 2 in
# bench/run --dry-run (BENCH_DRY_RUN), which checks the script, not the figure.
many() { if [ -n "${BENCH_DRY_RUN:-}" ]; then echo 2; else echo "$1"; fi; }
