#!/bin/sh
# A mapped registry, in every spelling docker and podman send (https URL
# with /v1/, bare host:port, upper case), gets {"ServerURL": as received,
# "Username": the section's or oauth2accesstoken, "Secret": a live token}.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

start_devserver
write_config "[docker Registry.Example.com:5000]" "" \
	"[docker robots.example.com]" "username = robot-7"

for server in "https://registry.example.com:5000/v1/" "registry.example.com:5000" \
	"REGISTRY.example.com:5000" "HTTPS://registry.example.com:5000"; do
	run_helper get "$server"
	[ "$STATUS" -eq 0 ] || { cat "$OUT" "$ERR" >&2; fail "get $server: exit $STATUS"; }
	[ "$(wc -l <"$OUT")" -eq 1 ] || fail "get $server: answer is not one line"
	[ "$(json_get "$OUT" ServerURL)" = "$server" ] ||
		{ cat "$OUT" >&2; fail "ServerURL is not '$server' as received"; }
	[ "$(json_get "$OUT" Username)" = oauth2accesstoken ] ||
		{ cat "$OUT" >&2; fail "default Username is not oauth2accesstoken"; }
	tok=$(json_get "$OUT" Secret)
	[ -n "$tok" ] || { cat "$OUT" >&2; fail "no Secret"; }
	token_is_live "$tok" || fail "the Secret is not a token the server issued"
	[ ! -s "$ERR" ] || { cat "$ERR" >&2; fail "stderr is not empty"; }
done
# The answer is the exact JSON docker reads.
grep -qE '^\{"ServerURL":"HTTPS://registry\.example\.com:5000","Username":"oauth2accesstoken","Secret":"[^"]+"\}$' "$OUT" ||
	{ cat "$OUT" >&2; fail "the answer is not docker's JSON"; }

run_helper get "robots.example.com"
[ "$STATUS" -eq 0 ] || { cat "$OUT" >&2; fail "get robots.example.com: exit $STATUS"; }
[ "$(json_get "$OUT" Username)" = robot-7 ] || { cat "$OUT" >&2; fail "the section's username was not used"; }

# A second line (a smuggled value) is refused, not answered.
run_helper get "$(printf 'registry.example.com:5000\nx')"
[ "$STATUS" -eq 1 ] || fail "a two-line request got exit $STATUS"
grep -q Secret "$OUT" && fail "a two-line request was answered"
exit 0
