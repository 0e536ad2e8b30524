#!/bin/sh
# bench/run --dry-run (nothing timed: each bench script runs its setup and
# each command it would time once; timing never goes in tests) runs every
# bench script and prints the whole table: the machine line, the header,
# and one row per figure bench/run lists, each given by its script or
# skipped with its reason, none failed. A bench script that stops printing
# its bench-result line, or breaks, fails here rather than in the next
# person's benchmark run.
. "$top_srcdir/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is not installed (bench/ needs it)"

# Not built: one line that says what to do.
mkdir "$T/empty"
if sh "$top_srcdir/bench/run" "$T/empty" >"$T/out" 2>"$T/err"; then
	fail "bench/run on an unbuilt folder succeeded"
fi
[ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "build first" "$T/err" ||
	{ cat "$T/err" >&2; fail "bench/run on an unbuilt folder does not say to build first in one line"; }

TMPDIR=$T sh "$top_srcdir/bench/run" --dry-run "$top_builddir" >"$T/table" 2>"$T/err"
st=$?
[ "$st" -eq 0 ] || { cat "$T/table" "$T/err" >&2; fail "bench/run exited $st"; }
head -n 1 "$T/table" | grep -qE '^bench/run on [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]+ UTC: Linux .* x [0-9]+ CPUs; load average [0-9.]+ [0-9.]+ [0-9.]+ at start.*; RUNS=dry run, nothing timed;' ||
	{ cat "$T/table" >&2; fail "the first line does not give the date, the machine and the load"; }
grep -qx '| figure | ours | peer | peer'"'"'s | ratio | target | met |' "$T/table" ||
	{ cat "$T/table" >&2; fail "no table header"; }

# Every row: "figure | dry run: not timed | ..." when its script gave
# its result line with a number in it (bench/run checks the number), or a
# skip reason.
for f in 'cold get' 'warm get (runtime-cache hit)' 'peak RSS' '32 concurrent cold gets: requests' \
	'64 concurrent cold gets' 'warm `docker-credential-mogoplus get`' \
	'warm `git-credential-mogoplus get`' '`git clone`' 'get inside the refresh-ahead window' \
	'stale get' 'keyring-tier get' '32 concurrent cold gets, cache = auto' \
	'keyring module token load, GNOME Keyring' \
	'keyring module token load, KWallet' 'keyring module token load, KeePassXC' \
	'warm get from the kernel keyring (`runtime_store = kernel`)' 'warm get from the kernel keyring, `mogoplus token`'; do
	row=$(grep -F "| $f" "$T/table") || { cat "$T/table" >&2; fail "no row for $f"; }
	[ "$(printf '%s\n' "$row" | wc -l)" -eq 1 ] || fail "more than one row for $f"
	printf '%s\n' "$row" | grep -qE '^\| [^|]+ \| dry run: not timed \||\| skipped: [^|]+ \|$' ||
		{ cat "$T/table" >&2; fail "the row for $f holds neither a figure nor a skip reason: $row"; }
done
[ "$(grep -c '^| ' "$T/table")" -eq 18 ] ||
	{ cat "$T/table" >&2; fail "the table has other rows than the 17 figures"; }
if grep -q 'not measured' "$T/table"; then
	cat "$T/table" >&2
	fail "a benchmark failed"
fi
exit 0
