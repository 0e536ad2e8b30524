#!/bin/sh
# configure-git when git cannot write its config (another git holds
# ~/.gitconfig.lock, as during a concurrent `git config`) while a helper
# line of another profile is there: git's own line naming the lock, ours
# saying git config failed, exit 78, and neither file changed. It used to
# free the helper line it had looked up twice on this path (glibc aborts).
. "$top_srcdir/tests/lib.sh"
command -v git >/dev/null 2>&1 || skip "git is not installed"

start_devserver
write_config
run_mogoplus configure-git https://git.example.com
expect_status 0
cp "$HOME/.gitconfig" "$T/gitconfig.before"
cp "$CONFIG" "$T/config.before"
: >"$HOME/.gitconfig.lock"

run_mogoplus configure-git -p work https://git.example.com
expect_status 78
grep -q "^mogoplus: work: bad configuration: git config --global credential.https://git.example.com.helper failed" "$ERR" ||
	{ cat "$ERR" >&2; fail "the error does not say that git config failed"; }
grep -q "could not lock config file $HOME/.gitconfig" "$ERR" ||
	{ cat "$ERR" >&2; fail "git's own cause (the lock) is not shown"; }
[ "$(wc -l <"$ERR")" -eq 2 ] || { cat "$ERR" >&2; fail "not git's line and ours alone"; }
cmp -s "$HOME/.gitconfig" "$T/gitconfig.before" || fail "~/.gitconfig changed"
cmp -s "$CONFIG" "$T/config.before" || fail "the mogoplus config changed"
[ ! -s "$OUT" ] || { cat "$OUT" >&2; fail "a file was named as changed"; }
exit 0
