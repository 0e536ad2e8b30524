#!/bin/sh
# bench/kernel.sh: a warm get from the runtime tier in the kernel keyring
# (runtime_store = kernel) against the file tier and against `keyctl pipe`
# of one key, in one run (DESIGN section 9: at most 1.0x the file tier).
# Two profiles of one file, the same server and client: the only
# difference is where the token is. RUNS=N overrides the run count (200).
. "$(dirname "$0")/lib.sh"
if ! command -v keyctl >/dev/null 2>&1; then
	skipped kernel-warm-get "keyctl is not installed (Debian: keyutils)"
	skipped kernel-vs-keyctl "keyctl is not installed (Debian: keyutils)"
	exit 77
fi
start_server
: >"$MOGOPLUS_CONFIG"
write_profile file kernel kernel
write_profile file file file
"$BIN/mogoplus" token -p kernel >/dev/null
"$BIN/mogoplus" token -p file >/dev/null
key=$("$BIN/mogoplus" status -p kernel --json | sed -n 's/.*"token_key":\([0-9]*\).*/\1/p')
if [ -z "$key" ]; then
	skipped kernel-warm-get "the kernel keyring is not usable here: $("$BIN/mogoplus" status -p kernel | sed -n 's/^kernel: *//p')"
	skipped kernel-vs-keyctl "the kernel keyring is not usable here"
	exit 77
fi
trap '"$BIN/mogoplus" logout -p kernel >/dev/null 2>&1; bench_cleanup' EXIT
runs=$(runs_or 200)
hyperfine -N --warmup 20 --runs "$runs" --export-json "$B/kernel.json" \
	-n "warm get, kernel keyring" "$BIN/mogoplus token -p kernel" \
	-n "warm get, file tier" "$BIN/mogoplus token -p file" \
	-n "keyctl pipe of the key" "keyctl pipe $key" >/dev/null
set -- $(median "$B/kernel.json")
echo "median of $runs: warm get from the kernel keyring $1 ms; from the file tier $2 ms; keyctl pipe $3 ms"
result kernel-warm-get "$1" "$2" ms
result kernel-vs-keyctl "$1" "$3" ms
[ "$(stat_of token_requests)" -eq 2 ] || echo "note: the timed gets made requests"
