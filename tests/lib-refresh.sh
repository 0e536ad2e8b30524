# tests/lib-refresh.sh: refresh ahead for the tests (sourced
# after tests/lib.sh). Time is moved by rewriting the cache file's
# obtained_at and expires_at, as if the token had aged; nothing sleeps.
# Events are ordered with the dev server's --hold-file and with
# tests/cache/reaper, which sees every process that outlives its parent.

REAPER=$top_builddir/tests/cache/reaper
[ -x "$REAPER" ] || skip "tests/cache/reaper not built"
HOLD=$T/hold
# The refresher is killed after the profile's timeout: a test that holds its
# request for as long as it checks things gives it a minute (never reached).
LONG_TIMEOUT="timeout = 60"
unset MOGOPLUS_REFRESH_AHEAD

# cache_file: the runtime cache file of the only cached token.
cache_file() {
	_f=$(ls "${MOGOPLUS_CACHE_DIR:-$HOME/.cache/mogoplus}"/t-* 2>/dev/null | grep -v '\.lock$')
	[ -n "$_f" ] || fail "no token in the runtime cache"
	echo "$_f"
}

# age_token SECONDS: the cached token now expires in SECONDS, with a life of
# an hour. refresh_margin 300 and the default window (a tenth: 360 s) make
# 301..660 the window (fresh, refreshed from this host's point in it on)
# and 0..300 stale.
age_token() {
	_f=$(cache_file)
	_now=$(date +%s)
	sed -i -e "s/^obtained_at=.*/obtained_at=$((_now + $1 - 3600))/" \
	    -e "s/^expires_at=.*/expires_at=$((_now + $1))/" "$_f"
}
# make_due: inside the window and at or past this host's refresh point,
# which lies somewhere in 301..660 s before expiry (core/refresh.c): the
# token is aged to 400 s, then to 401, ... until status says the point
# has passed (each try moves the point; most first tries land). With the
# window off, 400 s it is.
make_due() {
	_e=400
	while :; do
		age_token "$_e"
		"$MOGOPLUS" status --json >"$T/due.json" 2>/dev/null
		_at=$(sed -n 's/.*"refresh_at":\([0-9]*\).*/\1/p' "$T/due.json")
		[ -n "$_at" ] || fail "status --json shows no refresh_at"
		[ "$_at" -le "$(date +%s)" ] && return 0
		# refresh_ahead = 0: no window, the point is when it goes stale.
		grep -q "\"refresh_window_start\":$_at," "$T/due.json" && return 0
		_e=$((_e + 1))
		[ "$_e" -le 600 ] || fail "no token age from 400 to 600 s is past the refresh point"
	done
}
make_stale() { age_token 200; }

# cached_token: the access token in the runtime cache file.
cached_token() { sed -n 's/^access_token=//p' "$(cache_file)"; }

report_has() { grep -qx "$2" "$1" 2>/dev/null; }

# refresh_done: wait until nobody holds the profile's lock (a refresher
# holds it from before it starts until it exits).
refresh_done() {
	flock -w 30 "$(cache_file).lock" true || fail "the refresher still holds the lock"
}

# adopted REPORT: how many processes outlived their parent under the reaper.
adopted() { grep -c '^adopted ' "$1"; }

# refresher_pid: the process that holds the profile's lock file open.
refresher_pid() {
	_lk=$(cache_file).lock
	for _p in /proc/[0-9]*; do
		for _fd in "$_p"/fd/*; do
			[ "$(readlink "$_fd" 2>/dev/null)" = "$_lk" ] && { echo "${_p#/proc/}"; return 0; }
		done
	done
	return 1
}

# check_detached PID FILE...: PID is in a session of its own without a
# terminal, has /dev/null on 0-2, and none of FILE open (its caller's).
check_detached() {
	_pid=$1; shift
	set -- "$@"
	_st=$(sed 's/^.*) //' "/proc/$_pid/stat")	# after "(comm) "
	_sid=$(echo "$_st" | cut -d' ' -f4)
	_tty=$(echo "$_st" | cut -d' ' -f5)
	_mysid=$(sed 's/^.*) //' /proc/$$/stat | cut -d' ' -f4)
	[ "$_sid" = "$_pid" ] && [ "$_sid" != "$_mysid" ] || fail "the refresher is not in a session of its own"
	[ "$_tty" = 0 ] || fail "the refresher has a controlling terminal"
	for _fd in 0 1 2; do
		[ "$(readlink "/proc/$_pid/fd/$_fd")" = /dev/null ] ||
			fail "the refresher's fd $_fd is $(readlink "/proc/$_pid/fd/$_fd"), not /dev/null"
	done
	for _f; do
		for _fd in /proc/"$_pid"/fd/*; do
			[ "$(readlink "$_fd")" = "$_f" ] && fail "the refresher kept its caller's $_f open"
		done
	done
	return 0
}
