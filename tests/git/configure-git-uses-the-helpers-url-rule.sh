#!/bin/sh
# configure-git accepts exactly the URLs the git helper reads as [git URL] sections (one rule, plugins/git/match.c): a bad port, an empty host or user, or a password is refused before anything is written, and a URL spelt with case and :443 maps the helper's requests.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

URL=https://token.invalid/unused
write_config
before=$(cat "$CONFIG")
for bad in https://git.example.com:99999/org https://git.example.com:0 \
	https://git.example.com:x/org https://:8443/org https://@git.example.com \
	https://robot:hunter2@git.example.com/org http://git.example.com; do
	run_mogoplus configure-git -p work "$bad"
	expect_status 64
	grep -q "^mogoplus: work: usage: " "$ERR" || fail "no usage line for $bad: $(cat "$ERR")"
	if git config --global --get-regexp '^credential\.' >/dev/null; then
		fail "git config was written for $bad"
	fi
	[ "$(cat "$CONFIG")" = "$before" ] || fail "the mogoplus config was written for $bad"
done
run_mogoplus configure-git -p work https://robot:hunter2@git.example.com/org
grep -q 'holds a password' "$ERR" || fail "the password refusal does not say why: $(cat "$ERR")"
! grep -q hunter2 "$CONFIG" || fail "the password reached the config"

# Case and the default port are the helper's business too: the section this
# writes maps a request for git.example.com/org/x (profile work does not
# exist, so the helper names it and quits: the section was matched).
run_mogoplus configure-git -p work HTTPS://Git.Example.COM:443/org/
expect_status 0
printf 'protocol=https\nhost=git.example.com\npath=org/x\n' >"$T/req"
helper get <"$T/req"
grep -q '^git-credential-mogoplus: work: no such profile' "$ERR" ||
	fail "the section written does not map the URL: $(cat "$ERR")"
