# tests/lib.sh: shared setup for the integration tests (sourced, POSIX sh).
#
# Every test gets a private temp dir, its own throwaway PKI and its own dev
# server on a free 127.0.0.1 port. Everything a test starts is stopped by
# PID when it exits. Exit statuses follow automake: 0 pass, 1 fail, 77 skip,
# 99 hard error.

set -u
: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"

T=$(mktemp -d "${TMPDIR:-/tmp}/mogoplus-test.XXXXXX") || exit 99
chmod 700 "$T"
_pids=""

cleanup() {
	for _p in $_pids; do
		kill "$_p" 2>/dev/null && wait "$_p" 2>/dev/null
	done
	[ -n "${KEEP_TEST_DIR:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 99' HUP INT TERM

# Remember a child to stop at exit.
track_pid() { _pids="$_pids $1"; }

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
note() { echo "# $*" >&2; }

# A clean environment: nothing of the user's own configuration leaks in.
unset MOGOPLUS_CONFIG MOGOPLUS_PROFILE MOGOPLUS_TOKEN_URL MOGOPLUS_CLIENT_ID \
	MOGOPLUS_CLIENT_SECRET MOGOPLUS_CERT MOGOPLUS_KEY MOGOPLUS_CA \
	MOGOPLUS_AUTH_METHOD MOGOPLUS_GRANT_TYPE_IN MOGOPLUS_SCOPE \
	MOGOPLUS_TIMEOUT MOGOPLUS_CACHE MOGOPLUS_CACHE_DIR XDG_RUNTIME_DIR \
	http_proxy https_proxy HTTPS_PROXY ALL_PROXY all_proxy
# The suite's tests look at the runtime tier's files; the kernel keyring's
# tests (tests/kernel/) say runtime_store themselves, and root's persistent
# keyring, shared by every suite running here, gets no keys from the rest.
MOGOPLUS_RUNTIME_STORE=file
export MOGOPLUS_RUNTIME_STORE
# Only a test's own bus (tests/lib-keyring.sh) may be used, never the caller's.
[ -n "${MP_IN_TEST_BUS:-}" ] || unset DBUS_SESSION_BUS_ADDRESS
HOME=$T/home
XDG_CONFIG_HOME=$HOME/.config
export HOME XDG_CONFIG_HOME
# The programs built for the test suite (Makefile.am's tests/bin/) load this
# build tree's modules by themselves; the installed ones ignore this variable.
unset MOGOPLUS_MODULE_DIR
mkdir -p "$XDG_CONFIG_HOME/mogoplus"
CONFIG=$XDG_CONFIG_HOME/mogoplus/config

# tests/bin/: the same programs as the installed ones, built to load the
# modules of this build tree (core/test-build.h).
MOGOPLUS=$top_builddir/tests/bin/mogoplus
DEVSERVER=$top_builddir/mogoplus-devserver
PKI=$T/pki
CLIENT_ID=test-client
# The secret lives in files only; tests grep every output for it.
CLIENT_SECRET=s3cr3t-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')

make_pki() {
	[ -d "$PKI" ] && return 0
	sh "$top_builddir/helpers/mogoplus-pki" "$PKI" || { echo "mogoplus-pki failed" >&2; exit 99; }
	printf '%s %s\n' "$CLIENT_ID" "$CLIENT_SECRET" >"$T/clients"
	printf '%s\n' "$CLIENT_SECRET" >"$T/secret"
	# A token request's form for curl --data-binary @"$T/form" (the secret
	# needs no escaping, and stays out of curl's argv).
	printf 'client_id=%s&client_secret=%s' "$CLIENT_ID" "$CLIENT_SECRET" >"$T/form"
	chmod 600 "$T/secret" "$T/clients" "$T/form"
}

# start_devserver [-n NAME] [FLAGS...]: a dev server on a free 127.0.0.1
# port, stopped by PID at exit. Without -n it is the test's server: PORT,
# URL and DS_PID, its files $T/port, $T/stats, $T/devserver.err. With -n
# NAME (a variable-name prefix) it is one more, as many as a test needs:
# NAME_PORT, NAME_URL and NAME_PID, its files $T/NAME.port, .stats, .err.
# Fault switches are passed through (see mogoplus-devserver --help); a
# --cert and --key among them replace the server's certificate.
start_devserver() {
	_ds=
	if [ "${1-}" = -n ]; then
		_ds=$2
		shift 2
	fi
	make_pki
	[ -x "$DEVSERVER" ] || skip "mogoplus-devserver not built (libmicrohttpd missing)"
	if [ -n "$_ds" ]; then
		_dsf=$T/$_ds. _dserr=$T/$_ds.err
	else
		_dsf=$T/ _dserr=$T/devserver.err
	fi
	rm -f "${_dsf}port" "${_dsf}stats"
	"$DEVSERVER" --quiet --cert "$PKI/server.pem" --key "$PKI/server.key" \
		--client-ca "$PKI/ca.pem" --clients "$T/clients" \
		--port-file "${_dsf}port" --stats-file "${_dsf}stats" --max-seconds 120 \
		"$@" 2>"$_dserr" &
	_dspid=$!
	track_pid "$_dspid"
	_i=0
	while [ ! -s "${_dsf}port" ]; do
		_i=$((_i + 1))
		if [ "$_i" -gt 100 ] || ! kill -0 "$_dspid" 2>/dev/null; then
			cat "$_dserr" >&2
			echo "dev server ${_ds:-} did not start" >&2
			exit 99
		fi
		sleep 0.05
	done
	_dsport=$(cat "${_dsf}port")
	if [ -n "$_ds" ]; then
		eval "${_ds}_PORT=\$_dsport ${_ds}_PID=\$_dspid"
		eval "${_ds}_URL=https://127.0.0.1:\$_dsport/api/v1/oauth2/token"
	else
		PORT=$_dsport DS_PID=$_dspid
		URL=https://127.0.0.1:$PORT/api/v1/oauth2/token
	fi
}

# ds_stat [-n NAME] COUNTER: a counter of the test's dev server, or of the
# one started with -n NAME (0 before any request).
ds_stat() {
	_dsf=$T/stats
	if [ "$1" = -n ]; then
		_dsf=$T/$2.stats
		shift 2
	fi
	_v=$(sed -n "s/^$1 //p" "$_dsf" 2>/dev/null)
	echo "${_v:-0}"
}

# write_config [EXTRA LINES...]: a [profile default] for the dev server,
# with client_id = $CONFIG_CLIENT_ID (default $CLIENT_ID; set but empty:
# no client_id line, as the PAM tests want).
# The exchange tests want every run to ask the server: CACHE_MODE=none unless
# a test sets it (a later "cache = ..." extra line wins too). MP_TEST_TIMEOUT
# (seconds, default 5) is for slow builds: ci-sanitizers' ASan binaries
# decrypting a key on a loaded machine.
write_config() {
	{
		echo "[profile default]"
		echo "token_url = $URL"
		[ -z "${CONFIG_CLIENT_ID-$CLIENT_ID}" ] ||
			echo "client_id = ${CONFIG_CLIENT_ID-$CLIENT_ID}"
		echo "client_secret = file:$T/secret"
		echo "cert = $PKI/client.pem"
		echo "key = $PKI/client.key"
		echo "ca = $PKI/ca.pem"
		echo "timeout = ${MP_TEST_TIMEOUT:-5}"
		echo "cache = ${CACHE_MODE:-none}"
		for _l in "$@"; do echo "$_l"; done
	} >"$CONFIG"
}

# run_mogoplus ARGS...: sets STATUS, OUT (stdout file) and ERR (stderr file),
# and checks that the secret reached neither.
run_mogoplus() {
	OUT=$T/out ERR=$T/err
	"$MOGOPLUS" "$@" >"$OUT" 2>"$ERR"
	STATUS=$?
	if grep -qF -- "$CLIENT_SECRET" "$OUT" "$ERR"; then
		fail "the client secret appeared in the output of mogoplus $*"
	fi
}

expect_status() {
	[ "$STATUS" -eq "$1" ] || {
		cat "$ERR" >&2
		fail "expected exit $1, got $STATUS"
	}
}

# expect_err PATTERN: stderr is exactly one line and matches the pattern.
expect_err() {
	[ "$(wc -l <"$ERR")" -eq 1 ] || { cat "$ERR" >&2; fail "stderr is not one line"; }
	grep -qE -- "$1" "$ERR" || { cat "$ERR" >&2; fail "stderr does not match: $1"; }
}

now_ms() { date +%s%3N; }

# wait_until DESCRIPTION COMMAND...: poll COMMAND (bounded: 30 s) until it
# succeeds. Waits for an event; never asserts a duration.
wait_until() {
	_what=$1; shift
	_i=0
	until "$@"; do
		_i=$((_i + 1))
		[ "$_i" -le 600 ] || fail "gave up waiting: $_what"
		sleep 0.05
	done
}
stat_is() { [ "$(ds_stat "$1")" -eq "$2" ]; }

# free_port: a loopback TCP port nobody listens on (the starters retry if
# another process takes it first).
free_port() {
	while :; do
		_p=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 + 20000 ))
		_h=$(printf ':%04X ' "$_p")
		grep -q "$_h" /proc/net/tcp /proc/net/tcp6 2>/dev/null || { echo "$_p"; return; }
	done
}

# token_is_live TOKEN: the dev server's /auth-check accepts it.
token_is_live() {
	_code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$PKI/ca.pem" \
		--cert "$PKI/client.pem" --key "$PKI/client.key" -H @- \
		"https://127.0.0.1:$PORT/auth-check" <<H
Authorization: Bearer $1
H
)
	[ "$_code" = 204 ]
}
