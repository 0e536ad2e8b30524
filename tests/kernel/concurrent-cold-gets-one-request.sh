#!/bin/sh
# 32 concurrent cold gets with runtime_store = kernel make one request and
# print one token: the lock is still a flock in the runtime folder.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-kernel.sh"
CACHE_MODE=file

start_devserver --delay-ms 500
write_config "runtime_store = kernel"
i=0
pids=""
while [ $i -lt 32 ]; do
	"$MOGOPLUS" token >"$T/out.$i" 2>"$T/err.$i" &
	pids="$pids $!"
	i=$((i + 1))
done
rc=0
for p in $pids; do wait "$p" || rc=1; done
[ $rc -eq 0 ] || { cat "$T"/err.* >&2; fail "a concurrent get failed"; }
[ "$(cat "$T"/out.* | sort -u | wc -l)" -eq 1 ] || fail "the gets printed different tokens"
[ "$(cat "$T"/out.* | wc -l)" -eq 32 ] || fail "not every get printed a token"
n=$(ds_stat token_requests)
[ "$n" -eq 1 ] || fail "32 concurrent cold gets made $n requests"
[ -n "$(status_field token_key)" ] || fail "the token is not in the kernel keyring"
exit 0
