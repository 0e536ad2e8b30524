#!/bin/sh
# The disk is full when the new token is written to the cache (the file
# size limit makes write(2) fail with EFBIG, as ENOSPC would): the token is
# still printed, one warning line says it was not cached, and the cache is
# left as it was: the old file byte for byte, no temporary file.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-fault.sh"

start_devserver
write_config
run_mogoplus token
expect_status 0
old=$(cache_files)
[ "$(printf '%s\n' "$old" | grep -c .)" -eq 1 ] || fail "want one cache file, have: $old"
# Make the cached token stale (obtained long ago), so the next call fetches.
f=$CACHE_DIR/$old
sed -e 's/^obtained_at=.*/obtained_at=1000/' -e 's/^expires_at=.*/expires_at=2000/' "$f" >"$T/stale"
cat "$T/stale" >"$f"
cp "$f" "$T/before"

# Only mogoplus runs under the limit. It writes its output into FIFOs (the
# limit is for regular files), and readers outside the limit keep it.
mkfifo "$T/out.fifo" "$T/err.fifo"
cat "$T/out.fifo" >"$T/out" &
r1=$!
cat "$T/err.fifo" >"$T/err" &
r2=$!
( ulimit -f 0; trap '' XFSZ; exec "$MOGOPLUS" token ) >"$T/out.fifo" 2>"$T/err.fifo"
status=$?
wait "$r1" "$r2"
OUT=$T/out ERR=$T/err STATUS=$status
expect_status 0
[ -s "$OUT" ] || fail "the token was not printed"
grep -qF "$(cat "$OUT")" "$T/before" && fail "the stale token was printed"
expect_err '^mogoplus: warning: token not cached: '
cmp -s "$f" "$T/before" || fail "the cache file was changed"
[ "$(cache_files)" = "$old" ] || fail "the cache holds: $(cache_files)"
grep -qF -- "$CLIENT_SECRET" "$OUT" "$ERR" && fail "the secret appeared"
exit 0
