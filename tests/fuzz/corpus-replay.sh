#!/bin/sh
# Every fuzz target replays its seed corpus (tests/fuzz/corpus/NAME/) without
# a failed check, a crash or (in a sanitizer build) a sanitizer report: the
# corpus is a regression suite. Built with libFuzzer, the same files run
# through libFuzzer's own runner.
. "$top_srcdir/tests/lib.sh"

: "${fuzz_programs:?run through make check}"
n=0
for t in $fuzz_programs; do
	name=${t##*/}
	dir=$top_srcdir/tests/fuzz/corpus/$name
	[ -d "$dir" ] || fail "$name has no seed corpus ($dir)"
	count=$(find "$dir" -type f | wc -l)
	[ "$count" -ge 3 ] || fail "$name: a seed corpus of $count inputs is too small"
	# libFuzzer runs the files it is given once each and exits.
	# shellcheck disable=SC2046
	"$top_builddir/$t" $(find "$dir" -type f | sort) >"$T/$name.out" 2>&1 ||
		{ tail -n 40 "$T/$name.out" >&2; fail "$name failed on its corpus"; }
	note "$name: $count inputs"
	n=$((n + 1))
done
[ "$n" -ge 5 ] || fail "only $n fuzz targets were built"
