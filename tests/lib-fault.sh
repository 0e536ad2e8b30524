# tests/lib-fault.sh: the fault cases (tests/fault/), sourced after
# tests/lib.sh. Every case uses the file cache, so that a token or a half
# file that should not be kept would be found: after a failure the cache
# folder holds no token file and no temporary file (only the lock).

CACHE_MODE=file
CACHE_DIR=$HOME/.cache/mogoplus	# no XDG_RUNTIME_DIR in the tests

# cache_files: what the cache folder holds besides the per-key lock files.
cache_files() {
	[ -d "$CACHE_DIR" ] || return 0
	ls -A "$CACHE_DIR" | grep -v '\.lock$' || true
}

# expect_nothing_cached: no token and no temp file in the cache.
expect_nothing_cached() {
	_left=$(cache_files)
	[ -z "$_left" ] || { ls -la "$CACHE_DIR" >&2; fail "the cache holds: $_left"; }
}

# expect_failure STATUS PATTERN: exit STATUS, one stderr line matching
# PATTERN, nothing on stdout, nothing cached.
expect_failure() {
	expect_status "$1"
	expect_err "$2"
	[ ! -s "$OUT" ] || fail "something was printed on stdout: $(head -c 80 "$OUT")"
	expect_nothing_cached
}

# restart_devserver [FLAGS...]: stop the running dev server, start another.
restart_devserver() {
	kill "$DS_PID" 2>/dev/null && wait "$DS_PID" 2>/dev/null
	start_devserver "$@"
	write_config
}
