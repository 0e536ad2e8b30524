#!/bin/sh
# A mapped registry whose token cannot be had: one line on stdout naming
# the cause (invalid_client, unreachable), exit 1, never a secret, never
# the not-found message (docker must show why).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

start_devserver
write_config "[docker registry.example.com]"
printf 'wrong-secret-9f\n' >"$T/wrong"; chmod 600 "$T/wrong"
sed -i "s|^client_secret = .*|client_secret = file:$T/wrong|" "$CONFIG"
run_helper get registry.example.com
[ "$STATUS" -eq 1 ] || fail "invalid_client: exit $STATUS, want 1"
[ "$(wc -l <"$OUT")" -eq 1 ] || { cat "$OUT" >&2; fail "invalid_client: stdout is not one line"; }
grep -qx "mogoplus: default: token request rejected: invalid_client: client_id $CLIENT_ID with the client secret from file:$T/wrong" "$OUT" ||
	{ cat "$OUT" >&2; fail "invalid_client is not named"; }
grep -q wrong-secret "$OUT" "$ERR" && fail "the secret is in the error"

# Unreachable: the server is gone.
sed -i "s|^client_secret = .*|client_secret = file:$T/secret|" "$CONFIG"
kill "$DS_PID" && wait "$DS_PID" 2>/dev/null
run_helper get registry.example.com
[ "$STATUS" -eq 1 ] || fail "unreachable: exit $STATUS, want 1"
[ "$(wc -l <"$OUT")" -eq 1 ] || { cat "$OUT" >&2; fail "unreachable: stdout is not one line"; }
grep -q '^mogoplus: default: token endpoint unavailable' "$OUT" ||
	{ cat "$OUT" >&2; fail "unreachable is not named"; }
grep -q 'credentials not found' "$OUT" && fail "a failure looks like an unmapped registry"

# A profile that does not exist is a configuration error, also named.
write_config "[docker registry.example.com]" "profile = nosuch"
run_helper get registry.example.com
[ "$STATUS" -eq 1 ] && grep -q '^mogoplus: nosuch: no such profile' "$OUT" ||
	{ cat "$OUT" >&2; fail "a missing profile is not named"; }
exit 0
