#!/bin/sh
# mogoplus configure-git sets credential.<URL>.helper and the [git URL] section, keeps the rest of both files, and --remove undoes only its own.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

URL=https://token.invalid/unused
write_config "# keep this comment" "[git https://other.example.com]" "profile = other"
chmod 640 "$CONFIG"
git config --global credential.https://git.example.com/org.helper other-helper
run_mogoplus configure-git -p work https://git.example.com/org
expect_status 0
[ "$(git config --global --get-all credential.https://git.example.com/org.helper | tr '\n' ,)" = \
	"other-helper,$HELPER -p work," ] || fail "helper lines: $(git config --global --get-all credential.https://git.example.com/org.helper)"
[ "$(stat -c %a "$CONFIG")" = 640 ] || fail "the config file's mode changed"
grep -q '^# keep this comment' "$CONFIG" || fail "a comment was lost"
grep -q '^\[git https://other.example.com\]' "$CONFIG" || fail "another section was lost"
grep -q '^client_id *= *test-client' "$CONFIG" || fail "the profile was lost"
sect=$(sed -n '/^\[git https:\/\/git.example.com\/org\]/,/^\[/p' "$CONFIG")
echo "$sect" | grep -q '^profile *= *work' || fail "no profile = work in the section"
echo "$sect" | grep -q '^username *= *oauth2' || fail "no username in the section"
[ "$(ls "$XDG_CONFIG_HOME/mogoplus")" = config ] || fail "a temp file was left behind"
# Again with another profile: one line, not two; a username set by hand stays.
sed -i 's/^username *= *oauth2/username = robot/' "$CONFIG"
run_mogoplus configure-git -p work2 https://git.example.com/org
expect_status 0
[ "$(git config --global --get-all credential.https://git.example.com/org.helper | grep -c mogoplus)" -eq 1 ] ||
	fail "a second helper line was added"
grep -q '^username *= *robot' "$CONFIG" || fail "the hand-set username was replaced"
# The helper now answers that URL from the section (profile work2 does not exist: quit).
printf 'protocol=https\nhost=git.example.com\npath=org/x\n' >"$T/req"; helper get <"$T/req"
grep -q '^git-credential-mogoplus: work2: no such profile' "$ERR" || fail "the section does not map the URL"
# --remove: our line and section go, the rest stays.
run_mogoplus configure-git --remove https://git.example.com/org
expect_status 0
[ "$(git config --global --get-all credential.https://git.example.com/org.helper)" = other-helper ] ||
	fail "--remove touched other helpers"
! grep -q 'git.example.com/org' "$CONFIG" || fail "--remove left the section"
grep -q '^\[git https://other.example.com\]' "$CONFIG" || fail "--remove lost another section"
[ "$(stat -c %a "$CONFIG")" = 640 ] || fail "--remove changed the mode"
run_mogoplus configure-git --remove https://git.example.com/org
expect_status 0
# --local: the repository's config only; a new config file is born 0600.
rm -f "$CONFIG"
git init -q "$T/repo"
(cd "$T/repo" && "$MOGOPLUS" configure-git --local https://git.example.com) >/dev/null ||
	fail "configure-git --local failed"
[ "$(git -C "$T/repo" config --local credential.https://git.example.com.helper)" = "$HELPER -p default" ] ||
	fail "--local did not set the repository's config"
! git config --global --get credential.https://git.example.com.helper >/dev/null || fail "--local wrote the global config"
[ "$(stat -c %a "$CONFIG")" = 600 ] || fail "a new config file is not 0600"
# Refusals: not https, a bad profile name, outside a repository for --local.
run_mogoplus configure-git http://git.example.com; expect_status 64
run_mogoplus configure-git -p 'a b' https://git.example.com; expect_status 64
if (cd "$T" && "$MOGOPLUS" configure-git --local https://git.example.com 2>"$T/local.err"); then
	fail "--local outside a repository succeeded"
fi
grep -qx "mogoplus: default: usage: --local: $T is not in a git repository (run it inside one, or leave out --local for all of them)" "$T/local.err" ||
	fail "--local outside a repository said: $(cat "$T/local.err")"
# A trailing slash is the same mapping: one helper line, one section.
run_mogoplus configure-git https://git.example.com/team; expect_status 0
run_mogoplus configure-git https://git.example.com/team/; expect_status 0
grep -q '^nothing to change: already set up for https://git.example.com/team$' "$OUT" ||
	fail "the slash made a new mapping: $(cat "$OUT")"
[ "$(git config --global --get-regexp 'credential\..*team.*\.helper' | wc -l)" -eq 1 ] ||
	fail "two helper lines: $(git config --global --get-regexp 'credential\..*\.helper')"
[ "$(grep -c '^\[git https://git.example.com/team' "$CONFIG")" -eq 1 ] || fail "two sections: $(cat "$CONFIG")"
