#!/bin/sh
# `./configure --prefix=DIR && make install` writes nothing outside DIR:
# the PAM module's default directory is $(libdir)/security, and the
# system's PAM folder (where pam_unix.so is) only for --prefix=/usr;
# configure's summary says which and why. configure runs on a copy of the
# files it and make read (timestamps kept, so nothing is regenerated), and
# make prints where each installing rule would write.
. "$top_srcdir/tests/lib.sh"

S=$top_srcdir
[ -x "$S/configure" ] || skip "no configure script (run autoreconf -fi)"
grep -q '^securelib_LTLIBRARIES = pam_mogoplus.la' "$top_builddir/Makefile" || skip "this build has no PAM module"
src=$T/src
mkdir -p "$src/core"
for f in configure configure.ac Makefile.am Makefile.in aclocal.m4 \
    config.h.in core/mogoplus.h; do
	cp -p "$S/$f" "$src/$f" || fail "cannot copy $f"
done
[ ! -f "$S/acinclude.m4" ] || cp -p "$S/acinclude.m4" "$src/"
cp -pR "$S/build-aux" "$S/m4" "$src/"
# The generated files newer than their sources, whatever the checkout did,
# so that make regenerates nothing (autoreconf is not this test's subject).
(cd "$src" && touch configure.ac Makefile.am m4/* &&
	touch aclocal.m4 configure Makefile.in config.h.in) || fail "cannot touch the copy"

# install_dirs: every directory make install writes to, one a line (a make
# of its own: not the jobs or the directory messages of the make running
# this test).
install_dirs() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory -C "$src" \
		--eval 'mp-dirs: ; @printf "%s\n" "$(securelibdir)" "$(bindir)" "$(pkglibdir)" "$(man1dir)" "$(man5dir)" "$(man8dir)" "$(docdir)"' \
		mp-dirs | grep '^/'
}

(cd "$src" && ./configure -C --prefix="$T/x" --enable-pam >"$T/conf.out" 2>"$T/conf.err") ||
	{ tail -n 20 "$T/conf.err" >&2; fail "configure --prefix=$T/x failed"; }
install_dirs >"$T/dirs" || fail "make cannot say its install directories"
[ "$(sed -n 1p "$T/dirs")" = "$T/x/lib/security" ] ||
	fail "the PAM module would go to $(sed -n 1p "$T/dirs"), not $T/x/lib/security"
while read -r d; do
	case $d in
	"$T/x"/*) ;;
	*) fail "make install would write outside --prefix=$T/x: $d" ;;
	esac
done <"$T/dirs"
grep -qE "PAM module: +yes \(securedir: $T/x/lib/security, under --prefix" "$T/conf.out" ||
	{ cat "$T/conf.out" >&2; fail "configure's summary does not say where the PAM module goes and why"; }

# --prefix=/usr: where the system's Linux-PAM looks, when it can be found.
sysdir=
for d in /lib/*/security /usr/lib/*/security /lib/security /usr/lib/security; do
	[ -f "$d/pam_unix.so" ] && { sysdir=$d; break; }
done
[ -n "$sysdir" ] || { note "no pam_unix.so on this machine: --prefix=/usr not tested"; exit 0; }
(cd "$src" && ./configure -C --prefix=/usr --enable-pam >"$T/conf.out" 2>"$T/conf.err") ||
	{ tail -n 20 "$T/conf.err" >&2; fail "configure --prefix=/usr failed"; }
d=$(install_dirs | sed -n 1p)
[ "$(cd "$d" && pwd -P)" = "$(cd "$sysdir" && pwd -P)" ] ||
	fail "with --prefix=/usr the PAM module would go to $d, not $sysdir"
grep -qE "securedir: .*--prefix=/usr: where the system's pam_unix.so is" "$T/conf.out" ||
	{ cat "$T/conf.out" >&2; fail "configure's summary does not say why the system's PAM folder"; }
