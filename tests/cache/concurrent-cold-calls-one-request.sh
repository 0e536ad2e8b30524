#!/bin/sh
# 32 concurrent cold calls make exactly one request and all print the same token.
. "$top_srcdir/tests/lib.sh"
CACHE_MODE=file

# A slow answer keeps the window wide open: all 32 miss at once.
start_devserver --delay-ms 500
write_config
i=0
pids=""
while [ $i -lt 32 ]; do
	"$MOGOPLUS" token >"$T/out.$i" 2>"$T/err.$i" &
	pids="$pids $!"
	i=$((i + 1))
done
rc=0
for p in $pids; do wait "$p" || rc=1; done
[ $rc -eq 0 ] || { cat "$T"/err.* >&2; fail "a concurrent call failed"; }
[ "$(cat "$T"/out.* | sort -u | wc -l)" -eq 1 ] || fail "the calls printed different tokens"
[ "$(cat "$T"/out.* | wc -l)" -eq 32 ] || fail "not every call printed a token"
n=$(ds_stat token_requests)
[ "$n" -eq 1 ] || fail "32 concurrent cold calls made $n requests"
