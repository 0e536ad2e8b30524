#!/bin/sh
# configure's GLib check names a version that has every GLib call the tree makes: each GLib-using source compiles with GLib's API capped at that version.
. "$top_srcdir/tests/lib.sh"

min=$(sed -n 's/.*glib-2\.0 >= \([0-9][0-9]*\)\.\([0-9][0-9]*\).*/\1_\2/p' "$top_srcdir/configure.ac")
[ -n "$min" ] || fail "configure.ac has no 'glib-2.0 >= X.Y' check"
command -v pkg-config >/dev/null 2>&1 || skip "pkg-config is not installed"
flags=$(pkg-config --cflags glib-2.0 gio-2.0) || skip "GLib's development files are missing"
sflags=$(pkg-config --cflags libsecret-1 2>/dev/null) || sflags=
flags="$flags $(pkg-config --cflags json-c 2>/dev/null)"
# Every folder of the tree, the way the Makefile's -I flags reach our headers.
incs=$(cd "$top_srcdir" && find core engine plugins helpers -type d | sed "s|^|-I$top_srcdir/|")
# GLib marks every symbol newer than GLIB_VERSION_MAX_ALLOWED deprecated.
cap="-DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_$min -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_$min"
n=0
# The sources that include GLib, directly or through one of our headers.
glib='#include <(glib|gio|libsecret)'
hdrs=$(cd "$top_srcdir" && grep -rlE "$glib" core engine plugins helpers --include='*.h' |
	sed 's|.*/||; s|\.|\\.|g' | paste -sd'|' -)
[ -z "$hdrs" ] || glib="$glib|#include \"($hdrs)\""
for f in $(cd "$top_srcdir" && grep -rlE "$glib" core engine plugins helpers --include='*.c'); do
	case $f in plugins/secret/*) [ -n "$sflags" ] || continue ;; esac
	# shellcheck disable=SC2086
	${CC:-cc} -fsyntax-only -Werror=deprecated-declarations $cap $flags $sflags \
		-I"$top_builddir" $incs \
		-DMP_PKGLIBDIR='"/x"' -DMP_SYSCONFDIR='"/x"' \
		"$top_srcdir/$f" 2>"$T/cc.err" && { n=$((n + 1)); continue; }
	cat "$T/cc.err" >&2
	grep -q 'deprecated' "$T/cc.err" ||
		{ echo "cannot compile $f on its own (see above)" >&2; exit 99; }
	fail "$f uses GLib API newer than the $min that configure checks for"
done
# The control: the check is not blind (GUri is the newest call we make).
[ "$n" -ge 3 ] || fail "only $n GLib sources found"
printf '#include <glib.h>\nint main(void) { return g_uri_parse(0, 0, 0) != 0; }\n' >"$T/new.c"
${CC:-cc} -fsyntax-only -Werror=deprecated-declarations \
	-DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_56 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_56 \
	$flags "$T/new.c" 2>/dev/null && fail "the version cap does not catch GUri under 2.56"
exit 0
