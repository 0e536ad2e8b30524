#!/bin/sh
# Corrupt, truncated, foreign or symlinked cache files are a miss: a new token, no error.
. "$top_srcdir/tests/lib.sh"
CACHE_MODE=file

start_devserver
write_config
run_mogoplus token; expect_status 0
f=$(ls "$HOME/.cache/mogoplus"/t-* | grep -v '\.lock$')
good=$(cat "$f")
n=1
check_miss() {
	run_mogoplus token; expect_status 0
	[ ! -s "$ERR" ] || { cat "$ERR" >&2; fail "$1: a warning or error was printed"; }
	n=$((n + 1))
	[ "$(ds_stat token_requests)" -eq $n ] || fail "$1 was used as a token"
	grep -q '^access_token=' "$f" || fail "$1: the file was not rewritten"
}
printf 'garbage\n' >"$f"; check_miss "garbage"
printf '%s\n' "$good" | head -n 4 >"$f"; check_miss "a truncated file"
printf '%s' "$good" >"$f"; check_miss "a file without its last newline"
printf '%s\n' "$good" | sed 's/^client_id=.*/client_id=someone-else/' >"$f"; check_miss "a foreign file"
printf '%s\n' "$good" | sed 's/^expires_at=.*/expires_at=1/' >"$f"; check_miss "an expired entry"
printf '\0\0\0' >"$f"; check_miss "binary junk"
# A planted symlink is never followed.
printf '%s\n' "$good" >"$T/planted"; chmod 600 "$T/planted"
rm -f "$f"; ln -s "$T/planted" "$f"; check_miss "a symlink"
[ -L "$f" ] && fail "the symlink is still there"
exit 0
