# tests/lib-pam.sh: pam_mogoplus in the real Linux-PAM stack, without root
# (sourced after nothing else; it sources tests/lib.sh).
#
# pam_wrapper (LD_PRELOAD) makes libpam read the service file from
# $T/pam.d instead of /etc/pam.d, so the stack names the module just built
# by absolute path. pam_syslog lines go to pam_wrapper's log on stderr
# (PAM_WRAPPER_DEBUGLEVEL=2), which every run captures in $PAMLOG and
# searches for the secret and the token.

. "$top_srcdir/tests/lib.sh"

PAM_MODULE=$top_builddir/tests/pam/.libs/pam_mogoplus_test.so
RUN_PAM_TESTS=$top_builddir/tests/pam/run-pam-tests
[ -f "$PAM_MODULE" ] || skip "the check-only PAM module is not built (make check builds it)"
PAM_WRAPPER_LIB=$(pkg-config --libs pam_wrapper 2>/dev/null | tr -d ' ')
case $PAM_WRAPPER_LIB in
/*.so) [ -f "$PAM_WRAPPER_LIB" ] || PAM_WRAPPER_LIB= ;;
*) PAM_WRAPPER_LIB= ;;
esac
[ -n "$PAM_WRAPPER_LIB" ] || skip "pam_wrapper not installed (Debian: libpam-wrapper)"
# pam_set_items and friends, pam_wrapper's test modules.
PAM_WRAPPER_MODULES=$(pkg-config --variable=modules libpamtest 2>/dev/null)
[ -n "$PAM_WRAPPER_MODULES" ] || PAM_WRAPPER_MODULES=$(dirname "$PAM_WRAPPER_LIB")/pam_wrapper

# The host's configuration lives outside any user's config search path: the
# module must find it through config= alone.
mkdir -p "$T/etc" "$T/pam.d"
CONFIG=$T/etc/mogoplus.conf
SERVICE_FILE=$T/pam.d/mogoplus
PAMLOG=$T/pam.log
PAM_USER=$CLIENT_ID	# client_id=%u on a stack line maps it to the dev server's client

# write_config writes no client_id line: the module supplies the client id
# per user (client_id=%u or a map file), so a PAM profile names none.
CONFIG_CLIENT_ID=

# pam_stack LINE...: the service "mogoplus", one stack line per argument;
# MODULE in a line stands for the module under test.
pam_stack() {
	: >"$SERVICE_FILE"
	for _l in "$@"; do
		printf '%s\n' "$_l" | sed "s|MODULE|$PAM_MODULE|" >>"$SERVICE_FILE"
	done
}

# In a sanitizer build (configure --enable-sanitizers) the ASan runtime must
# come first in the library list, before pam_wrapper: pamtester is not built
# with it, and ASan refuses to start behind another preloaded library.
if [ "${MP_SANITIZERS:-}" = yes ]; then
	[ -n "${MP_SAN_RUNTIME:-}" ] || skip "sanitizer build without a shared ASan runtime"
	PAM_PRELOAD=$MP_SAN_RUNTIME:$PAM_WRAPPER_LIB
else
	PAM_PRELOAD=$PAM_WRAPPER_LIB
fi

# pam_env CMD...: CMD under pam_wrapper; pam_syslog lines appended to $PAMLOG;
# PAM_MS: how long CMD ran, without the wait for the lock.
# One at a time across the suite: pam_wrapper picks its /tmp/pam.N folder
# with lstat() and creates it after, so two runs starting together (make
# -j) can share one folder and read each other's service file (seen under
# ASan: a stack with client_id= read as one without). flock comes first,
# outside the preload, so that only CMD is under pam_wrapper.
command -v flock >/dev/null 2>&1 || skip "flock is not installed (Debian: util-linux)"
pam_env() {
	flock /tmp/mogoplus-pam-wrapper.lock sh -c 'date +%s%3N >"$0"; exec "$@"' \
	    "$T/pam.t0" env LD_PRELOAD="$PAM_PRELOAD" PAM_WRAPPER=1 \
	    PAM_WRAPPER_SERVICE_DIR="$T/pam.d" PAM_WRAPPER_DEBUGLEVEL=2 \
	    "$@" 2>>"$PAMLOG"
	_pam_st=$?
	PAM_MS=$(( $(now_ms) - $(cat "$T/pam.t0") ))
	return $_pam_st
}

# run_pam NAME...: the named libpamtest cases of tests/pam/run-pam-tests;
# sets STATUS. The secret reaches the program through a file only.
run_pam() {
	[ -x "$RUN_PAM_TESTS" ] || skip "run-pam-tests not built (needs CUnit and libpamtest)"
	PAMT_USER=${PAMT_USER:-$PAM_USER} PAMT_SECRET_FILE=$T/secret PAMT_OUT=$T/pam.out \
	PAMT_ENV_NAME=${PAMT_ENV_NAME:-MOGOPLUS_ACCESS_TOKEN} \
	pam_env "$RUN_PAM_TESTS" "$@" >"$T/cunit.out"
	STATUS=$?
	cat "$T/cunit.out" >&2
	no_secret_in_log
}

# expect_pass: run_pam's tests all passed.
expect_pass() {
	[ "$STATUS" -eq 0 ] || { tail -n 30 "$PAMLOG" >&2; fail "run-pam-tests $* failed"; }
}

# The client secret never reaches the log, whatever the outcome.
no_secret_in_log() {
	if grep -qF -- "$CLIENT_SECRET" "$PAMLOG" 2>/dev/null; then
		fail "the client secret appeared in the PAM log"
	fi
}

# pam_logged PATTERN: a pam_syslog line (pam_wrapper tags them SYSLOG(prio)) matches.
pam_logged() {
	grep -E 'SYSLOG' "$PAMLOG" | grep -qE -- "$1"
}
