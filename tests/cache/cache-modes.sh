#!/bin/sh
# The cache dir is 0700 and its files 0600; a dir open to others is refused and bypassed.
. "$top_srcdir/tests/lib.sh"
CACHE_MODE=file

start_devserver
write_config
run_mogoplus token; expect_status 0
d=$HOME/.cache/mogoplus
[ "$(stat -c %a "$d")" = 700 ] || fail "cache dir mode $(stat -c %a "$d")"
for f in "$d"/*; do
	[ "$(stat -c %a "$f")" = 600 ] || fail "$f has mode $(stat -c %a "$f")"
	[ "$(stat -c %u "$f")" = "$(id -u)" ] || fail "$f is not ours"
done
# A dir others can enter: refused with one warning, the token still comes.
chmod 755 "$d"
run_mogoplus token; expect_status 0
grep -q "token cache not used: $d must be a directory of uid $(id -u) with mode 0700" "$ERR" ||
	{ cat "$ERR" >&2; fail "no clear warning"; }
[ "$(ds_stat token_requests)" -eq 2 ] || fail "the refused cache was read"
[ "$(stat -c %a "$d")" = 755 ] || fail "our mode change was undone silently"
# MOGOPLUS_CACHE_DIR as a symlink to a good dir is refused too.
mkdir -m 700 "$T/real"; ln -s "$T/real" "$T/link"
MOGOPLUS_CACHE_DIR=$T/link run_mogoplus token; expect_status 0
grep -q 'is a symlink' "$ERR" || { cat "$ERR" >&2; fail "a symlinked cache dir was used"; }
