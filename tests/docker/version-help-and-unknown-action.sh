#!/bin/sh
# version and --version print "docker-credential-mogoplus (mogoplus) X.Y.Z";
# --help exits 0; an unknown action or none exits 1 with usage on stderr.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

for a in version --version; do
	run_helper "$a"
	[ "$STATUS" -eq 0 ] || fail "$a: exit $STATUS"
	grep -qxE 'docker-credential-mogoplus \(mogoplus\) [0-9]+\.[0-9]+\.[0-9]+' "$OUT" ||
		{ cat "$OUT" >&2; fail "$a: wrong version line"; }
done
run_helper --help
[ "$STATUS" -eq 0 ] && grep -q 'get|store|erase|list|version' "$OUT" || fail "--help"
run_helper frobnicate
[ "$STATUS" -eq 1 ] && grep -q usage "$ERR" || fail "unknown action: exit $STATUS"
"$HELPER" >/dev/null 2>&1 && fail "no action: exit 0"
exit 0
