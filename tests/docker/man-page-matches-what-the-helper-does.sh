#!/bin/sh
# docker-credential-mogoplus(1) says what the helper does, and the helper
# does it: the bare host[:port] as clients send it; exit status 1 on every
# failure (an unmapped get, a bad request, a server that refuses the
# client), never mogoplus(1)'s codes; erase of a registry it does not
# handle does nothing and exits 0; what resets a revoked token.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

command -v groff >/dev/null 2>&1 || skip "groff is not installed (Debian: groff-base)"
PAGE=$top_builddir/doc/docker-credential-mogoplus.1
[ -f "$PAGE" ] || fail "$PAGE was not made (make builds the man pages)"
# The page as a reader sees it, on one line, hyphenation off.
groff -man -Tutf8 -rHY=0 -P-c "$PAGE" 2>/dev/null | sed 's/.\x08//g' | tr -s ' \n' '  ' >"$T/page"
says() {
	grep -qF -- "$1" "$T/page" || fail "the man page does not say: $1"
}
says_not() {
	! grep -qF -- "$1" "$T/page" || fail "the man page still says: $1"
}

says "the bare host[:port] (the docker CLI and podman do so for every registry but Docker Hub)"
says_not "https://host[:port]/v1/"
says "1 on every failure of an action"
says_not "the codes of mogoplus(1)"
says "For a registry it does not handle it does nothing and exits 0"
says "docker logout REGISTRY or podman logout REGISTRY"
says "mogoplus logout"
says "docker login REGISTRY or podman login REGISTRY (a new token)"

# What the page says, done.
start_devserver
write_config "[docker registry.example.com]"
run_helper get "registry.example.com"
[ "$STATUS" -eq 0 ] || { cat "$OUT" >&2; fail "get of the bare host: exit $STATUS"; }
run_helper get "other.example.com"
[ "$STATUS" -eq 1 ] || fail "get of an unmapped registry: exit $STATUS, want 1"
run_helper erase "other.example.com"
[ "$STATUS" -eq 0 ] || fail "erase of an unmapped registry: exit $STATUS, want 0"
[ ! -s "$OUT" ] || { cat "$OUT" >&2; fail "erase of an unmapped registry answered something"; }
run_helper store "not json"
[ "$STATUS" -eq 1 ] || fail "store of a bad request: exit $STATUS, want 1"
# A refused client is 77 for mogoplus(1), 1 here.
printf 'wrong-secret\n' >"$T/secret"
"$MOGOPLUS" logout >/dev/null 2>&1
run_helper get "registry.example.com"
[ "$STATUS" -eq 1 ] || fail "get refused by the server: exit $STATUS, want 1"
grep -q '^mogoplus: default: .*invalid_client' "$OUT" || { cat "$OUT" >&2; fail "no line on stdout naming the refusal"; }
exit 0
