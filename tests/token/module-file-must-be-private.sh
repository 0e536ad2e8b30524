#!/bin/sh
# A module file is loaded only when it is a regular file owned by root or the user, that neither group nor others can write (a symlink, a FIFO, a group- or world-writable file is refused with one line naming it and the fix, and its code never runs).
. "$top_srcdir/tests/lib.sh"

start_devserver
write_config
M=$T/mods
mkdir "$M"
MOGOPLUS_MODULE_DIR=$M
export MOGOPLUS_MODULE_DIR
# refused WHY: the test build refuses $M/engine.so with a line matching WHY.
refused() {
	run_mogoplus token
	expect_status 70
	expect_err "^mogoplus: default: cannot load module: $M/engine\\.so: $1"
	[ "$(ds_stat token_requests)" -eq "$requests" ] || fail "a token was requested with a refused module"
}
requests=0
# The control: a private copy of the real engine works.
cp "$top_builddir/.libs/engine.so" "$M/engine.so"
chmod 755 "$M/engine.so"
run_mogoplus token
expect_status 0
requests=$(ds_stat token_requests)
chmod 775 "$M/engine.so"
refused "writable by group or others: chmod go-w $M/engine\\.so$"
chmod 757 "$M/engine.so"
refused "writable by group or others: chmod go-w $M/engine\\.so$"
rm "$M/engine.so"
ln -s "$top_builddir/.libs/engine.so" "$M/engine.so"
refused "a symbolic link"
rm "$M/engine.so"
mkfifo "$M/engine.so"
# timeout(1) only stops a hang from hanging the suite; the refusal is the check.
STATUS=0
timeout 60 "$MOGOPLUS" token >"$T/out" 2>"$T/err" || STATUS=$?
[ "$STATUS" -ne 124 ] || fail "loading blocked on a FIFO named engine.so"
expect_status 70
expect_err "engine\\.so: not a regular file$"
rm "$M/engine.so"
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	cp "$top_builddir/.libs/engine.so" "$M/engine.so"
	chmod 755 "$M/engine.so"
	chown nobody "$M/engine.so"
	refused "owned by uid $(id -u nobody), neither root nor you: reinstall mogoplus$"
	rm -f "$M/engine.so"
else
	note "not root: the other-owner case is not tried"
fi
# A refused module's code never runs: the checks come before dlopen().
cat >"$T/evil.c" <<C
#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void planted(void)
{
	close(open("$T/evil-ran", O_WRONLY | O_CREAT, 0600));
}
C
${CC:-cc} -shared -fPIC -o "$M/engine.so" "$T/evil.c" || { echo "cannot build the planted module" >&2; exit 99; }
chmod 775 "$M/engine.so"
run_mogoplus token
[ ! -e "$T/evil-ran" ] || fail "the constructor of a group-writable module ran"
chmod 755 "$M/engine.so"
run_mogoplus token
[ -e "$T/evil-ran" ] || fail "the control module did not run: the check above is blind"
