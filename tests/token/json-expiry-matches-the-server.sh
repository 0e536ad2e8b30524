#!/bin/sh
# token --json prints one line of JSON: the token, token_type Bearer,
# expires_at (RFC 3339 UTC) within a second of when the server's
# expires_in ends, and expires_in, the seconds left; the token is the one
# a plain `mogoplus token` prints.
. "$top_srcdir/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed (reads the JSON)"
CACHE_MODE=file

start_devserver --expires-in 7200
write_config
t0=$(date +%s)
run_mogoplus token --json
t1=$(date +%s)
expect_status 0
[ "$(wc -l <"$OUT")" -eq 1 ] || { cat "$OUT" >&2; fail "--json printed more than one line"; }
python3 - "$OUT" >"$T/fields" <<'PY' || { cat "$OUT" >&2; fail "--json is not the JSON object expected"; }
import json, sys
d = json.load(open(sys.argv[1]))
assert sorted(d) == ["access_token", "expires_at", "expires_in", "token_type"], d
assert d["token_type"] == "Bearer" and isinstance(d["expires_in"], int)
print(d["access_token"], d["expires_at"], d["expires_in"])
PY
read -r tok at left <"$T/fields"
case $at in
[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z) ;;
*) fail "expires_at '$at' is not RFC 3339 UTC" ;;
esac
exp=$(date -u -d "$at" +%s) || fail "expires_at '$at' does not parse"
# The request was sent between t0 and t1; the server said 7200 s.
[ "$exp" -ge $((t0 + 7200 - 1)) ] && [ "$exp" -le $((t1 + 7200 + 1)) ] ||
	fail "expires_at $at ($exp) is not 7200 s after the request ($t0..$t1)"
[ "$left" -ge $((exp - t1 - 1)) ] && [ "$left" -le $((exp - t0)) ] ||
	fail "expires_in $left does not match expires_at $exp (now $t0..$t1)"
run_mogoplus token
expect_status 0
[ "$(cat "$OUT")" = "$tok" ] || fail "--json's access_token is not the cached token"
[ "$(ds_stat token_requests)" -eq 1 ] || fail "$(ds_stat token_requests) requests: --json did not use the cache"
run_mogoplus token --json --header
expect_status 64
expect_err "--json and --header"
exit 0
