# tests/lib-sshd.sh: pam_mogoplus inside a real OpenSSH server (sourced
# after nothing else; it sources tests/lib.sh). Needs root: sshd checks
# passwords as root, and the test adds a user and a PAM service file.
#
# A private sshd (-D -e -f CONF) runs as this test's own child on a free
# 127.0.0.1 port with its own host key, config and PID file. OpenSSH 9.2
# takes the PAM service name from the name it runs under, so it is started
# through a symlink with a private name, and the service file
# /etc/pam.d/THAT-NAME holds the PAM stack of pam_mogoplus(8) as written
# there (module path and config file the test's own); the machine's sshd
# and /etc/pam.d/sshd are never touched. The login is a throwaway user
# with a locked password, named in the stack's map= file (the test's own)
# with its name as its client id. At
# exit, whatever happened: sshd stopped by PID, the user, its group, its
# /run/user/UID (and /run/user when the test made it) and the service file
# removed. Left in place: /run/sshd, which sshd needs and the package
# makes too, and the lock file of catch_syslog.
#
# The module logs through syslog(3). Its lines are caught on a socket of
# the test's own: bind-mounted over /dev/log in a private mount namespace
# of sshd when the machine has a /dev/log (a real syslog daemon, never
# clobbered), or at /dev/log itself when it has none. The sshd tests of
# all checkouts on the machine take turns, under a lock in /run/lock.
# sshd's own log (-e) is its stderr.

. "$top_srcdir/tests/lib.sh"

# Not in the sanitizer build: sshd is not built with ASan and would need
# its runtime preloaded, and then LeakSanitizer reports sshd's own
# allocations at every exit of its forked children, and its seccomp
# sandbox kills the privsep child when LSan starts its tracer thread.
# The plain suite runs these tests; the module's code paths run under ASan
# in tests/pam/*.sh through pamtester and libpamtest.
[ "${MP_SANITIZERS:-}" != yes ] || skip "sshd cannot load an ASan-built module (sanitizer build)"
[ "$(id -u)" -eq 0 ] || skip "needs root (sshd checks passwords as root; the test adds a user)"
# A package build (debian/rules) runs the suite as root on a machine that
# is not the test's to change: no user, no /etc/pam.d file there.
[ -z "${MP_TEST_NO_SYSTEM_CHANGES:-}" ] ||
	skip "MP_TEST_NO_SYSTEM_CHANGES is set (a package build): the test would add a user and a /etc/pam.d file"
SSHD_BIN=/usr/sbin/sshd
[ -x "$SSHD_BIN" ] || skip "sshd is not installed (Debian: openssh-server)"
command -v ssh >/dev/null 2>&1 || skip "ssh is not installed (Debian: openssh-client)"
command -v sshpass >/dev/null 2>&1 || skip "sshpass is not installed"
command -v socat >/dev/null 2>&1 || skip "socat is not installed"
command -v curl >/dev/null 2>&1 || skip "curl is not installed"
PAM_MODULE=$top_builddir/tests/pam/.libs/pam_mogoplus_test.so
[ -f "$PAM_MODULE" ] || skip "the check-only PAM module is not built (make check builds it)"
MAN_PAGE=$top_builddir/doc/pam_mogoplus.8	# made from doc/pam_mogoplus.8.in

SSH_TAG=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
SSH_USER=mpt$SSH_TAG
SSH_SERVICE=mogoplus-test-sshd-$SSH_TAG
SSH_PAM_FILE=/etc/pam.d/$SSH_SERVICE
SSHLOG=$T/sshd.log
SYSLOG=$T/syslog
_sshd_pid=
_user_added=
_rundir=
_runuser=
_devlog=

sshd_cleanup() {
	[ -z "$_sshd_pid" ] || { kill "$_sshd_pid" 2>/dev/null; wait "$_sshd_pid" 2>/dev/null; }
	rm -f "$SSH_PAM_FILE"
	[ -z "$_rundir" ] || rm -rf "$_rundir"
	[ -z "$_runuser" ] || rmdir /run/user 2>/dev/null
	if [ -n "$_user_added" ]; then
		# userdel refuses a user with a process: a per-connection sshd of
		# that user may still be exiting. Wait for it (bounded), then retry.
		_i=0
		while [ $_i -lt 50 ]; do
			if ! ps -o pid= -u "$SSH_USER" >/dev/null 2>&1; then
				userdel "$SSH_USER" 2>/dev/null && break
			fi
			sleep 0.2; _i=$((_i + 1))
		done
		! getent passwd "$SSH_USER" >/dev/null || note "userdel $SSH_USER failed"
		! getent group "$SSH_USER" >/dev/null || groupdel "$SSH_USER" 2>/dev/null
	fi
	# Our catcher's socket only, never a syslog daemon's.
	[ -z "$_devlog" ] || { [ -S /dev/log ] && rm -f /dev/log; }
	cleanup
}
trap sshd_cleanup EXIT

# doc_lines MARKER: the lines of pam_mogoplus(8) between its ".\" MARKER
# begin" and ".\" MARKER end" comments, roff requests left out.
doc_lines() {
	sed -n "/^\\.\\\\\" $1 begin\$/,/^\\.\\\\\" $1 end\$/p" "$MAN_PAGE" | grep -v '^\.'
}

# catch_syslog: a datagram socket collecting syslog lines into $SYSLOG;
# sets SYSLOG_SOCK (where it listens) and how sshd must be started.
catch_syslog() {
	: >"$SYSLOG"
	# One sshd test at a time on the machine, all checkouts together: a
	# /dev/log of another test's catcher is neither to be taken for a
	# daemon's nor to be mounted over (its removal would unmount ours).
	exec 9>/run/lock/mogoplus-sshd-test.lock
	flock 9
	if [ -e /dev/log ] || [ -L /dev/log ]; then
		unshare -m true 2>/dev/null ||
			{ SYSLOG_SOCK=; note "a syslog daemon owns /dev/log and no mount namespace: module lines not checked"; return 0; }
		SYSLOG_SOCK=$T/log.sock
		SSHD_NS="unshare -m --propagation private"
	else
		# Nobody's: ours for this test.
		SYSLOG_SOCK=/dev/log
		_devlog=1
		SSHD_NS=
	fi
	socat -u "UNIX-RECV:$SYSLOG_SOCK,mode=666" "OPEN:$SYSLOG,creat,append" 2>>"$T/socat.err" &
	track_pid $!
	_i=0
	until [ -S "$SYSLOG_SOCK" ]; do
		_i=$((_i + 1))
		[ "$_i" -lt 100 ] || { cat "$T/socat.err" >&2; echo "socat did not start" >&2; exit 99; }
		sleep 0.05
	done
}

# add_user: the throwaway login, password locked, home and /run/user/UID
# its own (as pam_systemd would make it: the default cache lives there).
add_user() {
	chmod 711 "$T"
	useradd -M -d "$T/uhome" -s /bin/sh "$SSH_USER" || { echo "useradd failed" >&2; exit 99; }
	_user_added=1
	SSH_UID=$(id -u "$SSH_USER")
	mkdir -p "$T/uhome"
	chown "$SSH_USER" "$T/uhome"
	[ -d /run/user ] || { mkdir -m 755 /run/user && _runuser=1; }
	_rundir=/run/user/$SSH_UID
	[ ! -e "$_rundir" ] || { echo "$_rundir exists already" >&2; _rundir=; exit 99; }
	mkdir -m 700 "$_rundir"
	chown "$SSH_USER" "$_rundir"
}

# sshd_config: the man page's lines, then the test's own server.
write_sshd_config() {
	mkdir -p "$T/ssh"
	{
		doc_lines sshd_config
		cat <<C
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $T/ssh/host_key
PidFile $T/ssh/sshd.pid
PubkeyAuthentication no
HostbasedAuthentication no
AuthorizedKeysFile none
PermitRootLogin no
AllowUsers $SSH_USER
StrictModes no
LogLevel VERBOSE
LoginGraceTime 60
MaxStartups 10:30:100
C
	} >"$T/ssh/sshd_config"
	grep -q '^UsePAM yes$' "$T/ssh/sshd_config" || { echo "no UsePAM in the man page" >&2; exit 99; }
}

# The PAM stack of the man page as written: only the module path, the
# config file and the map file are the test's.
write_pam_service() {
	doc_lines 'pam stack' | sed -e "s|pam_mogoplus\\.so|$PAM_MODULE|" \
		-e "s|config=[^ ]*|config=$CONFIG|" -e "s|map=[^ ]*|map=$T/etc/pam-users|" \
		>"$T/pam.service"
	[ "$(grep -c "$PAM_MODULE" "$T/pam.service")" -eq 3 ] || { echo "no PAM stack in the man page" >&2; exit 99; }
	cp "$T/pam.service" "$SSH_PAM_FILE"
}

# start_sshd: a private sshd; another port if the bind lost a race.
start_sshd() {
	mkdir -p "$T/bin" "$T/ssh"
	[ -d /run/sshd ] || mkdir -m 755 /run/sshd	# privilege separation dir
	ln -sf "$SSHD_BIN" "$T/bin/$SSH_SERVICE"
	[ -f "$T/ssh/host_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$T/ssh/host_key" >/dev/null
	for _try in 1 2 3 4 5; do
		SSH_PORT=$(free_port)
		write_sshd_config
		rm -f "$T/ssh/sshd.pid"
		if [ -n "$SSHD_NS" ]; then
			$SSHD_NS sh -c 'mount --bind "$1" /dev/log && shift && exec "$@"' sh \
				"$SYSLOG_SOCK" "$T/bin/$SSH_SERVICE" -D -e -f "$T/ssh/sshd_config" \
				</dev/null >/dev/null 2>>"$SSHLOG" &
		else
			"$T/bin/$SSH_SERVICE" -D -e -f "$T/ssh/sshd_config" \
				</dev/null >/dev/null 2>>"$SSHLOG" &
		fi
		_sshd_pid=$!
		_i=0
		while kill -0 "$_sshd_pid" 2>/dev/null; do
			[ -s "$T/ssh/sshd.pid" ] && return 0	# written after it listens
			_i=$((_i + 1))
			[ "$_i" -lt 200 ] || break
			sleep 0.05
		done
		kill "$_sshd_pid" 2>/dev/null; wait "$_sshd_pid" 2>/dev/null
		_sshd_pid=
		grep -q 'Address already in use' "$SSHLOG" || break
	done
	cat "$SSHLOG" >&2
	echo "sshd did not start" >&2
	exit 99
}

# sshd_setup: dev server with the user as its client, config root's 0644
# in a root 0755 folder, user, service file, syslog catcher, sshd.
sshd_setup() {
	catch_syslog	# first: it may wait for another checkout's sshd test
	CLIENT_ID=$SSH_USER
	CONFIG_CLIENT_ID=
	start_devserver "$@"
	mkdir -p "$T/etc"
	chmod 755 "$T/etc"
	CONFIG=$T/etc/mogoplus.conf
	write_config
	chmod 644 "$CONFIG"
	printf '%s %s\n' "$SSH_USER" "$SSH_USER" >"$T/etc/pam-users"
	chmod 644 "$T/etc/pam-users"
	add_user
	write_pam_service
	start_sshd
}

# ssh_login METHOD SECRET_FILE CMD: ssh as the user with METHOD (password
# or keyboard-interactive), the password from a file (sshpass -f, never
# argv); sets STATUS, OUT (the command's output), SECONDS_TAKEN.
ssh_login() {
	OUT=$T/ssh.out
	_t0=$(now_ms)
	sshpass -f "$2" ssh -F /dev/null -p "$SSH_PORT" \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
		-o GlobalKnownHostsFile=/dev/null -o LogLevel=ERROR \
		-o PreferredAuthentications="$1" -o PubkeyAuthentication=no \
		-o NumberOfPasswordPrompts=1 -o ConnectTimeout=30 \
		"$SSH_USER@127.0.0.1" "$3" </dev/null >"$OUT" 2>"$T/ssh.err"
	STATUS=$?
	SECONDS_TAKEN=$(( ($(now_ms) - _t0 + 999) / 1000 ))
}

# module_lines: the caught pam_mogoplus syslog lines, one a line (the
# datagrams arrive back to back, each starting "<PRIORITY>").
module_lines() {
	sed 's/<[0-9][0-9]*>/\
&/g' "$SYSLOG" | grep 'pam_mogoplus'
}

# module_logged PATTERN [N]: N (default 1) caught pam_mogoplus syslog
# lines match. The catcher writes a moment after sshd's child sends: wait
# for them a while.
module_logged() {
	[ -n "$SYSLOG_SOCK" ] || return 0
	_i=0
	until [ "$(module_lines | grep -cE -- "$1")" -ge "${2:-1}" ]; do
		_i=$((_i + 1))
		[ "$_i" -lt 100 ] || return 1
		sleep 0.1
	done
}

# no_secret_logged [TOKEN]: neither log holds the secret (or the token).
no_secret_logged() {
	for _f in "$SSHLOG" "$SYSLOG"; do
		! grep -qF -- "$CLIENT_SECRET" "$_f" || fail "the client secret is in $(basename "$_f")"
		[ -z "${1:-}" ] || ! grep -qF -- "$1" "$_f" || fail "the token is in $(basename "$_f")"
	done
}

# Shell command of the session: it ran, its environment, and the token in
# the user's default cache (/run/user/UID/mogoplus) as "cache=TOKEN".
SESSION_CMD='echo ran; env; sed -n "s/^access_token=/cache=/p" /run/user/$(id -u)/mogoplus/t-* 2>/dev/null; exit 0'

# cached_files: token files left in the user's cache (lock files aside).
cached_files() {
	ls -A "/run/user/$SSH_UID/mogoplus" 2>/dev/null | grep -v '\.lock$'
}

# login_cases METHOD: the right secret logs in and the session has the
# dev server's token (export_env's variable, the user's cache, never the
# carrier), closing the session takes it out of the cache; a wrong secret
# runs nothing; the logs hold neither secret nor token.
login_cases() {
	sshd_setup
	ssh_login "$1" "$T/secret" "$SESSION_CMD"
	[ "$STATUS" -eq 0 ] || { cat "$T/ssh.err" "$SSHLOG" >&2; fail "$1 login with the right secret failed ($STATUS)"; }
	grep -qx ran "$OUT" || fail "the command did not run"
	tok=$(sed -n 's/^MOGOPLUS_ACCESS_TOKEN=//p' "$OUT")
	[ -n "$tok" ] || fail "no MOGOPLUS_ACCESS_TOKEN in the $1 session"
	token_is_live "$tok" || fail "the session's token is not one the dev server issued"
	[ "$(sed -n 's/^cache=//p' "$OUT")" = "$tok" ] ||
		fail "the user's cache does not hold the session's token"
	! grep -q PAM_MOGOPLUS_CARRIER "$OUT" || fail "the carrier reached the shell"
	[ "$(ds_stat tokens_issued)" -eq 1 ] || fail "$(ds_stat tokens_issued) tokens issued for one login"
	module_logged "authentication succeeded \(service=$SSH_SERVICE user=$SSH_USER profile=default server=127.0.0.1:$PORT result=PAM_SUCCESS time=[0-9]+ms\)" ||
		{ module_lines >&2; fail "no summary line for the login"; }
	# sshd closes the PAM session after the client has gone: wait for it.
	_i=0
	while [ -n "$(cached_files)" ] && [ "$_i" -lt 200 ]; do
		_i=$((_i + 1))
		sleep 0.1
	done
	[ -z "$(cached_files)" ] || fail "the token stayed in the user's cache after the session closed"

	printf 'not-%s\n' "$CLIENT_SECRET" >"$T/wrong"
	chmod 600 "$T/wrong"
	ssh_login "$1" "$T/wrong" "$SESSION_CMD"
	[ "$STATUS" -ne 0 ] || fail "a wrong secret logged in"
	! grep -q ran "$OUT" || fail "a command ran after a wrong secret"
	module_logged "authentication failed: default: token request rejected: invalid_client: client_id $SSH_USER with the client secret from the password given \(service=$SSH_SERVICE user=$SSH_USER .*result=PAM_AUTH_ERR" ||
		{ module_lines >&2; fail "the refusal was not logged"; }
	no_secret_logged "$tok"
}

# unavailable_cases METHOD: a token server that accepts and never answers,
# then none at all: refused within the stack's timeout=5 plus a little (a
# server that never answers would hold the login for its 100 s), with
# PAM_AUTHINFO_UNAVAIL in the module's line; nothing runs. "A little" is
# generous: sshd pads a failed attempt up to twice its time, to hide
# timing (auth2.c, ensure_minimum_time_since), and the machine is shared;
# the module's own line gives its time (time=5002ms when measured).
unavailable_cases() {
	sshd_setup --delay-ms 100000
	for _case in silent down; do
		[ "$_case" = silent ] || { kill "$DS_PID"; wait "$DS_PID" 2>/dev/null; }
		ssh_login "$1" "$T/secret" "$SESSION_CMD"
		note "$_case token server: $1 login refused after about $SECONDS_TAKEN s"
		[ "$STATUS" -ne 0 ] || fail "logged in with the token server $_case"
		! grep -q ran "$OUT" || fail "a command ran with the token server $_case"
		[ "$SECONDS_TAKEN" -le 20 ] || fail "refused only after $SECONDS_TAKEN s for timeout=5"
	done
	module_logged 'result=PAM_AUTHINFO_UNAVAIL' 2 ||
		{ module_lines >&2; fail "PAM_AUTHINFO_UNAVAIL was not logged for each refusal"; }
	no_secret_logged
}
