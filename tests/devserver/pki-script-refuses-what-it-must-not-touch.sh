#!/bin/sh
# mogoplus-pki DIR, run as root for someone else's benefit, must not adopt
# what another user made: an existing DIR of another user is refused
# untouched (not chmod'ed, nothing written into it), and a .certtool.log
# symlink planted in DIR is not followed. A DIR whose name starts with -
# never reaches mkdir or chmod as an option: alone it is an unknown option
# (usage error, nothing made), after -- it is a folder. --version prints
# the version.
. "$top_srcdir/tests/lib.sh"

command -v certtool >/dev/null 2>&1 || skip "certtool not installed (gnutls-bin)"
PKI_TOOL=$top_builddir/helpers/mogoplus-pki
[ -f "$PKI_TOOL" ] || fail "no $PKI_TOOL (make builds it)"

want=$("$MOGOPLUS" --version | sed -n '1s/^mogoplus /mogoplus-pki /p')
got=$(sh "$PKI_TOOL" --version 2>&1) || fail "--version exited $?: $got"
[ "$got" = "$want" ] || fail "--version printed \"$got\", want \"$want\""

cd "$T" || exit 99
sh "$PKI_TOOL" -x >"$T/out" 2>"$T/err"
st=$?
[ "$st" -eq 2 ] || { cat "$T/err" >&2; fail "-x: exit $st, want 2 (usage)"; }
grep -q 'unknown option -x' "$T/err" || { cat "$T/err" >&2; fail "-x: not called an unknown option"; }
! grep -qE '^(mkdir|chmod|rm):' "$T/err" || { cat "$T/err" >&2; fail "-x reached a command as an option"; }
[ ! -e "$T/-x" ] || fail "-x made something"
sh "$PKI_TOOL" -- -x >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; fail "-- -x failed"; }
[ -s "$T/-x/ca.pem" ] && [ -s "$T/-x/client.json" ] || fail "-- -x did not make the PKI in ./-x"

mkdir "$T/mine"
echo "keep me" >"$T/victim"
ln -s "$T/victim" "$T/mine/.certtool.log"
sh "$PKI_TOOL" "$T/mine" >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; fail "a folder of the caller's own was refused"; }
[ "$(cat "$T/victim")" = "keep me" ] || fail "the planted .certtool.log symlink was followed"
[ "$(stat -c %a "$T/mine")" = 700 ] || fail "the folder was not made private"
# The list of what it made names the folder it was given.
head -n 1 "$T/out" | grep -qx "mogoplus-pki: made in $T/mine:" ||
	fail "the list names another folder: $(head -n 1 "$T/out")"

ln -s "$T/mine" "$T/link"
sh "$PKI_TOOL" "$T/link" >"$T/out" 2>"$T/err" && fail "a symlink for DIR was followed"
grep -q 'not a folder' "$T/err" || { cat "$T/err" >&2; fail "the symlink refusal does not say why"; }

if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	mkdir -m 755 "$T/other"
	chown nobody "$T/other"
	sh "$PKI_TOOL" "$T/other" >"$T/out" 2>"$T/err" && fail "root adopted another user's folder"
	grep -q 'the folder is not yours' "$T/err" || { cat "$T/err" >&2; fail "the refusal does not say why"; }
	[ "$(stat -c %a "$T/other")" = 755 ] || fail "another user's folder was chmod'ed"
	[ -z "$(ls -A "$T/other")" ] || fail "files were written into another user's folder"
else
	note "not root: another user's folder not tested"
fi
