#!/bin/sh
# The layers hold: no two of the project's C files (core, engine, plugins,
# helpers) reach each other through the functions they call, and no file
# of the tree is over 700 lines. scripts/include-cycles names the files and
# the calls of a cycle when there is one.
. "$top_srcdir/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
(cd "$top_srcdir" && python3 scripts/include-cycles) >"$T/cycles" 2>&1 ||
	{ cat "$T/cycles" >&2; fail "import cycles among the project's C files (above)"; }
grep -q "^no import cycles among [0-9]* C files" "$T/cycles" ||
	fail "scripts/include-cycles said: $(head -n 1 "$T/cycles")"
long=$(cd "$top_srcdir" && find core engine plugins helpers -name '*.[ch]' -exec wc -l {} + |
	awk '$2 != "total" && $1 > 700 { print $2 " (" $1 " lines)" }')
[ -z "$long" ] || fail "over 700 lines, split by concept: $long"
note "$(cat "$T/cycles")"
