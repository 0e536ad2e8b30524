#!/bin/sh
# bench/git-helper.sh: the git helper's numbers for issue 4, on the test
# servers (dev server + nginx + fcgiwrap + http-backend, tests/lib-git.sh).
#   1. median wall time of 20 warm `git-credential-mogoplus get` (cache hit)
#   2. a clone with the helper against a clone with `credential.helper store`
#      holding a token written by hand, through the same server
# Run from the build tree: top_builddir=$PWD top_srcdir=$PWD sh bench/git-helper.sh
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"
command -v hyperfine >/dev/null 2>&1 || skip "hyperfine is not installed"

CACHE_MODE=file
start_devserver --expires-in 3600
write_config "[git https://git.example.com]" "profile = default"
printf 'protocol=https\nhost=git.example.com\n\n' >"$T/req"
"$HELPER" get <"$T/req" >/dev/null || fail "cold get failed"
hyperfine --warmup 3 --runs 20 --export-json "$T/get.json" \
	"$HELPER get <$T/req" >/dev/null || fail "hyperfine failed"
echo "warm get, median of 20: $(sed -n 's/.*"median": *\([0-9.e-]*\).*/\1/p' "$T/get.json" |
	awk '{ printf "%.2f ms", $1 * 1000 }')"

start_git_server
# The helper answers only mapped URLs: map the git server too.
write_config "[git https://git.example.com]" "profile = default" "[git $GURL]" "profile = default"
tok=$("$MOGOPLUS" token) || fail "no token"
# The stored-password side: git's own store helper, a token written by hand.
umask 077
printf 'https://oauth2:%s@127.0.0.1:%s\n' "$tok" "$GPORT" >"$T/git-credentials"
with_helper="git -c credential.helper= -c credential.$GURL.helper='$HELPER -p default' clone -q $GURL/repo.git $T/c"
with_store="git -c credential.helper= -c credential.helper='store --file=$T/git-credentials' clone -q $GURL/repo.git $T/c"
hyperfine --warmup 2 --runs 20 --prepare "rm -rf $T/c" --export-json "$T/clone.json" \
	-n helper "$with_helper" -n store "$with_store" >/dev/null || fail "hyperfine clone failed"
sed -n 's/.*"command": *"\([a-z]*\)".*/\1/p; s/.*"median": *\([0-9.e-]*\).*/\1/p' "$T/clone.json" |
	paste - - | awk '{ printf "clone with %s: median %.1f ms\n", $1, $2 * 1000 }'
echo "token requests at the dev server: $(ds_stat token_requests)"
