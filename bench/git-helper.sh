#!/bin/sh
# bench/git-helper.sh: the git helper's numbers, on the test
# servers (dev server + nginx + fcgiwrap + http-backend, tests/lib-git.sh).
#   1. a warm `git-credential-mogoplus get` (cache hit) against git's own
#      `git credential-store get` of a token in a plain file (target:
#      no slower), median of 20, both through the same shell
#   2. a clone with the helper against a clone with `credential.helper store`
#      holding a token written by hand, through the same server
# Prints the bench-result lines bench/run collects. RUNS=N: run count (20).
# Run from the build tree: top_builddir=$PWD top_srcdir=$PWD sh bench/git-helper.sh
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"
command -v hyperfine >/dev/null 2>&1 || skip "hyperfine is not installed"
runs=${RUNS:-20}

# medians JSON: "NAME MS" per command of a hyperfine export, in order.
medians() {
	tr -d '\n' <"$1" | sed 's/"command"/\n"command"/g' |
		sed -n 's/^"command": *"\([^"]*\)".*"median": *\([0-9.e-]*\).*/\1 \2/p' |
		awk '{ ms = $NF * 1000; $NF = ""; printf "%s%.2f\n", $0, ms }'
}

CACHE_MODE=file
start_devserver --expires-in 3600
write_config "[git https://git.example.com]" "profile = default"
printf 'protocol=https\nhost=git.example.com\n\n' >"$T/req"
"$HELPER" get <"$T/req" >/dev/null || fail "cold get failed"
tok=$("$MOGOPLUS" token) || fail "no token"
# The peer: the same token in git's plain credential file.
umask 077
printf 'https://oauth2:%s@git.example.com\n' "$tok" >"$T/store-get"
git credential-store --file="$T/store-get" get <"$T/req" | grep -q "^password=$tok\$" ||
	fail "git credential-store get does not answer"
hyperfine --warmup 3 --runs "$runs" --export-json "$T/get.json" \
	-n helper "$HELPER get <$T/req" \
	-n store "git credential-store --file=$T/store-get get <$T/req" >/dev/null ||
	fail "hyperfine failed"
set -- $(medians "$T/get.json" | awk '{ print $NF }')
echo "warm get, median of $runs: git-credential-mogoplus $1 ms, git credential-store $2 ms"
echo "bench-result: git-warm-get ours=$1 peer=$2 unit=ms"

start_git_server
# The helper answers only mapped URLs: map the git server too.
write_config "[git https://git.example.com]" "profile = default" "[git $GURL]" "profile = default"
tok=$("$MOGOPLUS" token) || fail "no token"
# The stored-password side: git's own store helper, a token written by hand.
printf 'https://oauth2:%s@127.0.0.1:%s\n' "$tok" "$GPORT" >"$T/git-credentials"
with_helper="git -c credential.helper= -c credential.$GURL.helper='$HELPER -p default' clone -q $GURL/repo.git $T/c"
with_store="git -c credential.helper= -c credential.helper='store --file=$T/git-credentials' clone -q $GURL/repo.git $T/c"
hyperfine --warmup 2 --runs "$runs" --prepare "rm -rf $T/c" --export-json "$T/clone.json" \
	-n helper "$with_helper" -n store "$with_store" >/dev/null || fail "hyperfine clone failed"
set -- $(medians "$T/clone.json" | awk '{ print $NF }')
echo "clone, median of $runs: with the helper $1 ms, with credential.helper store $2 ms"
echo "bench-result: git-clone ours=$1 peer=$2 unit=ms"
echo "token requests at the dev server: $(ds_stat token_requests)"
