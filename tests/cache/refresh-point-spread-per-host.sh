#!/bin/sh
# The refresh point of a cached token lies inside its refresh-ahead window,
# at an offset of this host: two processes of one host (one cache folder,
# racing to make its host id) agree on it; a host with another id (another
# cache folder holding the same token) refreshes at another second.
. "$top_srcdir/tests/lib.sh"
CACHE_MODE=file

start_devserver --expires-in 36000
write_config
A=$T/host-a B=$T/host-b
mkdir -m 700 "$A" "$B"
export MOGOPLUS_CACHE_DIR="$A"
run_mogoplus token; expect_status 0
f=$(ls "$A"/t-* | grep -v '\.lock$')
[ ! -e "$A/host-id" ] || fail "a get outside the window made a host id"

# refresh_at DIR: the refresh point status shows for the token in DIR.
refresh_at() {
	MOGOPLUS_CACHE_DIR=$1 "$MOGOPLUS" status --json >"$T/st.$2" 2>"$T/st.$2.err" ||
		{ cat "$T/st.$2.err" >&2; fail "status failed"; }
	sed -n 's/.*"refresh_at":\([0-9]*\).*/\1/p' "$T/st.$2"
}
field() { sed -n "s/.*\"$1\":\\([0-9]*\\).*/\\1/p" "$T/st.$2"; }

# Two processes at once, both finding no host id yet.
refresh_at "$A" 1 >"$T/p1" & p1=$!
refresh_at "$A" 2 >"$T/p2" & p2=$!
wait "$p1" && wait "$p2" || fail "status failed"
one=$(cat "$T/p1") two=$(cat "$T/p2")
[ -n "$one" ] || { cat "$T/st.1" >&2; fail "status --json shows no refresh_at"; }
[ "$one" = "$two" ] || fail "two processes of one host disagree: $one and $two"
[ "$(refresh_at "$A" 3)" = "$one" ] || fail "the refresh point moved on a third look"

# Inside the window: a ten-hour token is stale 300 s before expiry, and the
# window is the hour before that.
exp=$(field expires_at 1) stale=$(field stale_at 1) start=$(field refresh_window_start 1)
[ "$stale" -eq $((exp - 300)) ] && [ "$start" -eq $((stale - 3600)) ] ||
	fail "window $start..$stale for a token expiring at $exp"
[ "$one" -ge "$start" ] && [ "$one" -lt "$stale" ] || fail "refresh point $one outside $start..$stale"
run_mogoplus status; expect_status 0
grep -q '^refresh: *20[0-9-]*T[0-9:]*Z, by the first use from then on' "$OUT" ||
	{ cat "$OUT" >&2; fail "status does not say when the token is refreshed"; }

# Another host: the same token, another id. One token's points may meet by
# chance (1 in 3600); three tokens' never do unless the id is ignored.
cp -p "$f" "$B/"
differ=0
for e in 0 1 2; do
	sed -i "s/^expires_at=.*/expires_at=$((exp + e))/" "$f" "$B/${f##*/}"
	a=$(refresh_at "$A" a) b=$(refresh_at "$B" b)
	[ "$a" != "$b" ] && differ=$((differ + 1))
	for x in $a $b; do
		[ "$x" -ge $((start + e)) ] && [ "$x" -lt $((stale + e)) ] ||
			fail "refresh point $x outside the window"
	done
done
cmp -s "$A/host-id" "$B/host-id" && fail "two cache folders made the same host id"
[ "$differ" -ge 1 ] || fail "two hosts refresh the same token at the same second, three times"
[ "$(ds_stat token_requests)" -eq 1 ] || fail "status made a token request"
exit 0
