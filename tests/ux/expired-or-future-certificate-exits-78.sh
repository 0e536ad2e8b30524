#!/bin/sh
# An expired certificate is not a wrong secret: exit 78 with its date and
# the fix, before any connection. A not-yet-valid one names its start. One
# about to expire works, with one warning on stderr.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-ux.sh"

start_devserver
write_config
set_key "cert=$PKI/client-expired.pem"
set_key "key=$PKI/client-expired.key"
expect_token_fails 78 "^mogoplus: default: client certificate: $PKI/client-expired.pem: expired on 2021-01-01 00:00 UTC \(renew it in the Mogoplus console\)\$"

set_key "cert=$PKI/client-future.pem"
set_key "key=$PKI/client-future.key"
expect_token_fails 78 "^mogoplus: default: client certificate: $PKI/client-future.pem: not valid before 2090-01-01 00:00 UTC \(check this machine's clock\)\$"

set_key "cert=$PKI/client-soon.pem"
set_key "key=$PKI/client-soon.key"
run_mogoplus token
expect_status 0
[ -s "$OUT" ] || fail "no token"
expect_err "^mogoplus: warning: client certificate: $PKI/client-soon.pem: expires on .* in [45] days \(renew it in the Mogoplus console\)\$"

# The git helper warns on stderr, never in git's protocol on stdout.
printf '[git https://git.example]\nprofile = default\n' >>"$CONFIG"
printf 'protocol=https\nhost=git.example\n\n' |
	"$top_builddir/tests/bin/git-credential-mogoplus" get >"$T/git.out" 2>"$T/git.err"
[ $? -eq 0 ] || fail "git helper failed: $(cat "$T/git.err")"
grep -q '^password=' "$T/git.out" || fail "no password for git"
grep -q 'expires on' "$T/git.out" && fail "the warning is in git's stdout"
grep -q 'expires on' "$T/git.err" || fail "no warning on the git helper's stderr"
exit 0
