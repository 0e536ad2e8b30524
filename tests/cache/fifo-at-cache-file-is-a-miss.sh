#!/bin/sh
# A FIFO planted where the cache file should be is a miss at once, never waited on: mogoplus token, the git helper and the Docker helper each fetch a token and answer within the profile's timeout (timeout(1) only keeps a hang from hanging the suite).
. "$top_srcdir/tests/lib.sh"
CACHE_MODE=file
GIT_HELPER=$top_builddir/tests/bin/git-credential-mogoplus
DOCKER_HELPER=$top_builddir/tests/bin/docker-credential-mogoplus

start_devserver
write_config "[git https://git.example.com]" "profile = default" \
	"[docker registry.example.com]" "profile = default"
run_mogoplus token; expect_status 0
f=$(ls "$HOME/.cache/mogoplus"/t-* | grep -v '\.lock$')
[ -f "$f" ] || fail "no cache file after a get"
n=1
# plant_fifo WHO CMD...: CMD with a FIFO at the cache file's path answers
# at once with a new token.
plant_fifo() {
	_who=$1
	shift
	rm -f "$f"
	mkfifo -m 600 "$f"
	_t0=$(now_ms)
	STATUS=0
	timeout 30 "$@" >"$T/out" 2>"$T/err" || STATUS=$?
	_ms=$(($(now_ms) - _t0))
	[ "$STATUS" -ne 124 ] || fail "$_who waited on a FIFO at the cache file's path"
	[ "$STATUS" -eq 0 ] || { cat "$T/err" >&2; fail "$_who: exit $STATUS"; }
	[ "$_ms" -lt 5000 ] || fail "$_who took $_ms ms, past the profile's timeout"
	n=$((n + 1))
	[ "$(ds_stat token_requests)" -eq "$n" ] || fail "$_who did not fetch a token"
	[ -f "$f" ] && [ ! -p "$f" ] || fail "$_who left the FIFO in place of the cache file"
}
plant_fifo "mogoplus token" "$MOGOPLUS" token
grep -q . "$T/out" || fail "mogoplus token printed no token"
printf 'protocol=https\nhost=git.example.com\n\n' >"$T/git-req"
plant_fifo "the git helper" sh -c '"$1" get <"$2"' sh "$GIT_HELPER" "$T/git-req"
grep -q '^password=' "$T/out" || fail "the git helper gave no password"
printf 'registry.example.com' >"$T/docker-req"
plant_fifo "the Docker helper" sh -c '"$1" get <"$2"' sh "$DOCKER_HELPER" "$T/docker-req"
grep -q '"Secret"' "$T/out" || fail "the Docker helper gave no secret"
exit 0
