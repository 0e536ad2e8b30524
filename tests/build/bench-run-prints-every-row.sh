#!/bin/sh
# bench/run, in a smoke run (RUNS=2: no figure means anything, and none is
# asserted: timing never goes in tests), still runs every bench script and
# prints the whole table: the machine line, the header, and one row per
# figure of DESIGN section 9, each measured or skipped with its reason,
# none failed. A bench script that stops printing its bench-result line,
# or breaks, fails here rather than in the next person's benchmark run.
. "$top_srcdir/tests/lib.sh"

command -v hyperfine >/dev/null 2>&1 || skip "hyperfine is not installed (bench/ needs it)"
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed (bench/ needs it)"

# Not built: one line that says what to do.
mkdir "$T/empty"
if sh "$top_srcdir/bench/run" "$T/empty" >"$T/out" 2>"$T/err"; then
	fail "bench/run on an unbuilt folder succeeded"
fi
[ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "build first" "$T/err" ||
	{ cat "$T/err" >&2; fail "bench/run on an unbuilt folder does not say to build first in one line"; }

RUNS=2 TMPDIR=$T sh "$top_srcdir/bench/run" "$top_builddir" >"$T/table" 2>"$T/err"
st=$?
[ "$st" -eq 0 ] || { cat "$T/table" "$T/err" >&2; fail "bench/run exited $st"; }
head -n 1 "$T/table" | grep -qE '^bench/run on [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]+ UTC: Linux .* x [0-9]+ CPUs; load average [0-9.]+ [0-9.]+ [0-9.]+ at start' ||
	{ cat "$T/table" >&2; fail "the first line does not give the date, the machine and the load"; }
grep -qx '| figure | ours | peer | peer'"'"'s | ratio | target (DESIGN §9) | met |' "$T/table" ||
	{ cat "$T/table" >&2; fail "no table header"; }

# Every row: "figure | ours | ..." with a number in ours, or a skip reason.
# At RUNS=2 a figure with the shell's time taken off may come out negative:
# noise, which the table says ("within noise"), not a broken benchmark.
for f in 'cold get' 'warm get (runtime-cache hit)' 'peak RSS' '32 concurrent cold gets: requests' \
	'64 concurrent cold gets' 'warm `docker-credential-mogoplus get`' \
	'warm `git-credential-mogoplus get`' '`git clone`' 'get inside the refresh-ahead window' \
	'stale get' 'keyring-tier get' '32 concurrent cold gets, cache = auto' \
	'keyring module token load, GNOME Keyring' \
	'keyring module token load, KWallet' 'keyring module token load, KeePassXC'; do
	row=$(grep -F "| $f" "$T/table") || { cat "$T/table" >&2; fail "no row for $f"; }
	[ "$(printf '%s\n' "$row" | wc -l)" -eq 1 ] || fail "more than one row for $f"
	printf '%s\n' "$row" | grep -qE '^\| [^|]+ \| -?[0-9.]+( [A-Za-z]+)? \||\| skipped: [^|]+ \|$' ||
		{ cat "$T/table" >&2; fail "the row for $f holds neither a figure nor a skip reason: $row"; }
done
[ "$(grep -c '^| ' "$T/table")" -eq 16 ] ||
	{ cat "$T/table" >&2; fail "the table has other rows than the 15 figures"; }
if grep -q 'not measured' "$T/table"; then
	cat "$T/table" >&2
	fail "a benchmark failed"
fi
exit 0
