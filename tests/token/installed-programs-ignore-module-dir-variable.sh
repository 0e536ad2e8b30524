#!/bin/sh
# The installed programs (mogoplus and both helpers, as make install copies them) load modules only from $(pkglibdir): MOGOPLUS_MODULE_DIR naming a folder with a planted engine.so never runs its code. Only the test builds in tests/bin/ honour it.
. "$top_srcdir/tests/lib.sh"

: "${pkglibdir:?run through make check}"
start_devserver
write_config "[git https://git.example.com]" "profile = default" \
	"[docker registry.example.com]" "profile = default"
# A module whose constructor leaves a mark: code from the caller's folder.
mkdir "$T/evil"
cat >"$T/evil.c" <<C
#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void planted(void)
{
	close(open("$T/evil-ran", O_WRONLY | O_CREAT, 0600));
}
C
${CC:-cc} -shared -fPIC -o "$T/evil/engine.so" "$T/evil.c" || { echo "cannot build the planted module" >&2; exit 99; }
chmod 755 "$T/evil/engine.so"
MOGOPLUS_MODULE_DIR=$T/evil
export MOGOPLUS_MODULE_DIR

for prog in mogoplus git-credential-mogoplus docker-credential-mogoplus; do
	strings "$top_builddir/$prog" | grep -q MOGOPLUS_MODULE_DIR &&
		fail "the installed $prog holds the name MOGOPLUS_MODULE_DIR"
done
OUT=$T/out ERR=$T/err
"$top_builddir/mogoplus" token >"$OUT" 2>"$ERR"
STATUS=$?
[ ! -e "$T/evil-ran" ] || fail "the installed mogoplus ran a module from MOGOPLUS_MODULE_DIR"
if [ ! -e "$pkglibdir/engine.so" ]; then
	expect_status 70
	expect_err "^mogoplus: default: cannot load module: $pkglibdir/engine\\.so: "
fi
printf 'protocol=https\nhost=git.example.com\n\n' |
	"$top_builddir/git-credential-mogoplus" get >"$T/out" 2>"$T/err"
[ ! -e "$T/evil-ran" ] || fail "the installed git helper ran a module from MOGOPLUS_MODULE_DIR"
printf 'registry.example.com' | "$top_builddir/docker-credential-mogoplus" get >"$T/out" 2>"$T/err"
[ ! -e "$T/evil-ran" ] || fail "the installed docker helper ran a module from MOGOPLUS_MODULE_DIR"
[ "$(ds_stat token_requests)" -eq 0 ] || [ -e "$pkglibdir/engine.so" ] ||
	fail "a token request without an engine"
# The control: the test build honours the variable, so the mark can appear.
"$MOGOPLUS" token >"$T/out" 2>"$T/err"
[ -e "$T/evil-ran" ] || { cat "$T/err" >&2; fail "the test build did not load the planted module: the check is blind"; }
