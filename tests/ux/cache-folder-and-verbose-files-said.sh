#!/bin/sh
# Where tokens are cached, and why there, is shown by status and doctor:
# without XDG_RUNTIME_DIR (su, cron, an SSH login without logind) it is
# ~/.cache/mogoplus on disk, with it the runtime folder in memory. -v names
# the config file and the cache file it used, and shows dates as dates,
# never raw epoch seconds.
. "$top_srcdir/tests/lib.sh"

start_devserver
CACHE_MODE=file write_config

run_mogoplus -v token; expect_status 0
grep -qx "mogoplus: debug: config: $CONFIG" "$ERR" || fail "-v names no config: $(cat "$ERR")"
grep -q "^mogoplus: debug: runtime cache: $HOME/.cache/mogoplus/t-[0-9a-f]*\$" "$ERR" ||
	fail "-v names no cache file: $(cat "$ERR")"
grep -q 'valid until 20[0-9-]*T[0-9:]*Z' "$ERR" || fail "-v shows no date: $(cat "$ERR")"
grep -q 'until [0-9]\{9,\}' "$ERR" && fail "-v shows epoch seconds: $(grep until "$ERR")"
ls "$HOME/.cache/mogoplus"/t-* >/dev/null 2>&1 || fail "no cache file in ~/.cache/mogoplus"

run_mogoplus status; expect_status 0
grep -qx "cache: *$HOME/.cache/mogoplus (XDG_RUNTIME_DIR is not set, as outside a login session: on disk in the user's cache folder, mode 700)" "$OUT" ||
	fail "status: $(cat "$OUT")"
run_mogoplus status --json; expect_status 0
grep -qF "\"cache_dir\":\"$HOME/.cache/mogoplus\"" "$OUT" || fail "status --json: $(cat "$OUT")"
run_mogoplus doctor; expect_status 0
grep -q "^✓ cache: safe; holds a fresh token .*; $HOME/.cache/mogoplus (XDG_RUNTIME_DIR is not set" "$OUT" ||
	fail "doctor: $(grep cache "$OUT")"

mkdir -m 700 "$T/run"
XDG_RUNTIME_DIR=$T/run run_mogoplus status; expect_status 0
grep -qx "cache: *$T/run/mogoplus (under \$XDG_RUNTIME_DIR: in memory, gone at logout)" "$OUT" ||
	fail "status with a runtime dir: $(cat "$OUT")"
exit 0
