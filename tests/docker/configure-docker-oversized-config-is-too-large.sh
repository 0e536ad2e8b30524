#!/bin/sh
# A config.json over the 4 MiB cap, or one that merging would take over it, is reported as "too large" naming the file (exit 78, never "invalid token response"), and left byte for byte as it was.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

DOCKER_CONFIG=$T/dockercfg
export DOCKER_CONFIG
mkdir -p "$DOCKER_CONFIG"
j=$DOCKER_CONFIG/config.json

check_left_alone() {
	cp "$j" "$T/before"
	run_mogoplus configure-docker registry.example.com
	[ "$STATUS" -eq 78 ] || fail "$1: exit $STATUS, want 78"
	expect_err "^mogoplus: default: too large: $j: "
	! grep -q "invalid token response" "$ERR" || fail "$1: reported as a token response"
	[ "$(wc -l <"$ERR")" -eq 1 ] || fail "$1: more than one line: $(cat "$ERR")"
	cmp -s "$j" "$T/before" || fail "$1: the file was changed"
}

# Over the cap as it stands: 4 MiB of one string, and the braces.
{ printf '{"auths": {"x": {"auth": "'; head -c 4194304 /dev/zero | tr '\0' A; printf '"}}}\n'; } >"$j"
check_left_alone "a file over 4 MiB"
expect_err "over 4 MiB; left alone"

# Under the cap as written (compact), over it pretty-printed with tabs the
# way the docker CLI writes it, as a merge would have to write it back.
{ printf '{"a": ['; yes 1, | head -n 1500000 | tr -d '\n'; printf '1]}\n'; } >"$j"
[ "$(wc -c <"$j")" -lt 4194304 ] || fail "the compact file is not under the cap"
check_left_alone "a file that merging would grow over 4 MiB"
expect_err "merged in it would be over 4 MiB; left alone"
