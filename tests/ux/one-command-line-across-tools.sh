#!/bin/sh
# One command line across the programs: -h/--help prints usage and exits 0
# on every mogoplus command and helper; --version on each binary; unknown
# options exit 64; MOGOPLUS_DEBUG=1 shows steps (never the secret) where git
# runs the helper; status --json writes URLs without "\/"; login
# --from-file refuses a bare secret and says which format it wants.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-ux.sh"

GITH=$top_builddir/tests/bin/git-credential-mogoplus
DOCKH=$top_builddir/tests/bin/docker-credential-mogoplus
for c in token login logout status doctor configure-git configure-docker; do
	for h in -h --help; do
		run_mogoplus "$c" "$h"
		expect_status 0
		grep -q "^usage: mogoplus $c" "$OUT" || fail "$c $h: no usage on stdout"
	done
	run_mogoplus "$c" --no-such-option
	expect_status 64
done
run_mogoplus login --help
grep -q '"clientSecret"' "$OUT" || fail "login --help does not show the console JSON"
# Help points at the installed man pages, not at a file of the source tree.
run_mogoplus --help
expect_status 0
grep -q 'mogoplus.conf(5)' "$OUT" || fail "mogoplus --help does not name mogoplus.conf(5): $(cat "$OUT")"
grep -q 'mogoplus(1)' "$OUT" || fail "mogoplus --help does not name mogoplus(1): $(cat "$OUT")"
for c in token login logout status configure-git configure-docker; do
	"$MOGOPLUS" "$c" --help >"$T/h" 2>&1
	grep -q 'mogoplus.conf(5)' "$T/h" || fail "$c --help does not name mogoplus.conf(5): $(cat "$T/h")"
	cat "$T/h" >>"$OUT"
done
grep -q 'doc/configuration.md' "$OUT" && fail "help names doc/configuration.md, which is not installed"

for b in "$MOGOPLUS" "$GITH" "$DOCKH"; do
	"$b" --version >"$T/v" 2>&1 || fail "$b --version: exit $?"
	grep -qE '[0-9]+\.[0-9]+\.[0-9]+' "$T/v" || fail "$b --version: $(cat "$T/v")"
	"$b" --help >"$T/h" 2>&1 || fail "$b --help: exit $?"
	grep -q usage "$T/h" || fail "$b --help: no usage"
	"$b" --no-such-option >/dev/null 2>&1
	st=$?
	[ $st -eq 64 ] || fail "$b --no-such-option: exit $st"
done
"$DOCKH" >/dev/null 2>&1
st=$?
[ $st -eq 64 ] || fail "docker helper without arguments: exit $st"

# MOGOPLUS_DEBUG=1 where git runs the helper: steps on stderr, no secret.
start_devserver
write_config
printf '[git https://git.example]\nprofile = default\n' >>"$CONFIG"
printf 'protocol=https\nhost=git.example\n\n' |
	MOGOPLUS_DEBUG=1 "$GITH" get >"$T/git.out" 2>"$T/git.err"
grep -q '^password=' "$T/git.out" || fail "no password: $(cat "$T/git.err")"
grep -q 'debug: ' "$T/git.err" || fail "MOGOPLUS_DEBUG=1 showed no steps"
grep -qF -- "$CLIENT_SECRET" "$T/git.err" && fail "the secret is in the debug lines"
TOKEN=$(sed -n 's/^password=//p' "$T/git.out")
grep -qF -- "$TOKEN" "$T/git.err" && fail "the token is in the debug lines"

run_mogoplus status --json
expect_status 0
grep -q '\\/' "$OUT" && fail "escaped slashes: $(cat "$OUT")"
grep -qF "\"$URL\"" "$OUT" || fail "token_url not as written: $(cat "$OUT")"

# A file holding only the secret is not the console's JSON.
printf '%s\n' "$CLIENT_SECRET" >"$T/only-secret"; chmod 600 "$T/only-secret"
run_mogoplus login --from-file "$T/only-secret"
expect_status 64
expect_err "^mogoplus: default: usage: $T/only-secret: not the console's client JSON; --from-file wants the file the console downloads: \{\"clientName\": \.\.\., \"clientId\": \.\.\., \"clientSecret\": \.\.\.\}\$"
exit 0
