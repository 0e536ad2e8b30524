#!/bin/sh
# A background refresh that fails writes its failure where an administrator
# looks for a daemon's: one syslog line, tagged mogoplus[PID], naming the
# profile and the cause, with neither the client secret nor the token; the
# get that started it prints nothing. glibc's syslog() writes to /dev/log
# only, so the test runs in a mount namespace of its own whose /dev holds
# this test's listener at log (root and unshare needed; else skip).
if [ -z "${MP_SYSLOG_NS:-}" ]; then
	if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 &&
	    unshare -m --propagation private true 2>/dev/null; then
		MP_SYSLOG_NS=1 exec unshare -m --propagation private sh "$0" "$@"
	fi
	echo "SKIP: needs root and unshare -m (a /dev/log of the test's own)" >&2
	exit 77
fi
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-refresh.sh"
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed (see scripts/install-deps)"
CACHE_MODE=file

# This namespace's /dev: the host's nodes the programs use, and our log.
# The host's /dev is reached through a folder outside $T, unmounted at
# once: the cleanup's rm -rf of $T must never meet it.
hostdev=$(mktemp -d "${TMPDIR:-/tmp}/mogoplus-hostdev.XXXXXX") || fail "mktemp"
mount --bind /dev "$hostdev" || { rmdir "$hostdev"; skip "cannot bind-mount /dev here"; }
if ! mount -t tmpfs -o mode=755 tmpfs /dev; then
	umount "$hostdev"; rmdir "$hostdev"; skip "cannot mount a tmpfs on /dev here"
fi
for n in null zero full random urandom tty; do
	[ -e "$hostdev/$n" ] || continue
	: >"/dev/$n" && mount --bind "$hostdev/$n" "/dev/$n" || fail "cannot bind /dev/$n"
done
umount "$hostdev" && rmdir "$hostdev" || fail "cannot unmount $hostdev"
ln -s /proc/self/fd /dev/fd
python3 -c 'import os, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
os.chmod("/dev/log", 0o666)
open(sys.argv[1], "w").close()
s.settimeout(120)
with open(sys.argv[2], "ab", buffering=0) as out:
    while True:
        try:
            out.write(s.recv(65536) + b"\n")
        except socket.timeout:
            break' "$T/log-ready" "$T/syslog" &
track_pid $!
wait_until "the /dev/log listener" test -e "$T/log-ready"

start_devserver
write_config
old=$("$MOGOPLUS" token) || fail "the first get failed"
kill "$DS_PID"; wait "$DS_PID" 2>/dev/null
make_due
"$REAPER" "$T/report" 30 "$MOGOPLUS" token >"$T/out" 2>"$T/err" || fail "reaper timed out"
report_has "$T/report" "command exited 0" || { cat "$T/err" >&2; fail "the due get failed"; }
[ "$(cat "$T/out")" = "$old" ] || fail "the due get did not return the cached token"
[ -s "$T/err" ] && { cat "$T/err" >&2; fail "the due get wrote to stderr"; }
report_has "$T/report" "adopted exited 1" || { cat "$T/report" >&2; fail "no failed refresh seen"; }
wait_until "a syslog line from the refresh" test -s "$T/syslog"
n=$(grep -c . "$T/syslog")
[ "$n" -eq 1 ] || { cat "$T/syslog" >&2; fail "$n syslog lines for one failed refresh"; }
grep -qE '^<[0-9]+>.* mogoplus\[[0-9]+\]: ' "$T/syslog" ||
	{ cat "$T/syslog" >&2; fail "the line is not tagged mogoplus[PID]"; }
# LOG_USER (8) with LOG_ERR (3) or LOG_WARNING (4).
grep -qE '^<1[12]>' "$T/syslog" || { cat "$T/syslog" >&2; fail "not LOG_USER at error or warning"; }
grep -q "default" "$T/syslog" || { cat "$T/syslog" >&2; fail "the line does not name the profile"; }
grep -q "127.0.0.1" "$T/syslog" || { cat "$T/syslog" >&2; fail "the line does not name the server"; }
grep -qF -- "$CLIENT_SECRET" "$T/syslog" && fail "the client secret is in syslog"
grep -qF -- "$old" "$T/syslog" && fail "the token is in syslog"
note "$(cat "$T/syslog")"
exit 0
