#!/bin/sh
# A config.json that is not a JSON object (or whose credHelpers is not an
# object) is reported and left byte for byte as it was; a symlinked
# config.json stays a symlink and its target is edited.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

DOCKER_CONFIG=$T/dockercfg
export DOCKER_CONFIG
mkdir -p "$DOCKER_CONFIG"
j=$DOCKER_CONFIG/config.json
for bad in '{"auths": {' '[1, 2]' '{"credHelpers": "oops"}' '{} trailing'; do
	printf '%s\n' "$bad" >"$j"
	cp "$j" "$T/before"
	run_mogoplus configure-docker registry.example.com
	[ "$STATUS" -eq 78 ] || fail "'$bad': exit $STATUS, want 78"
	expect_err "config.json.*left alone"
	cmp -s "$j" "$T/before" || fail "'$bad' was changed"
done
rm -f "$j"
mkdir -p "$T/dotfiles"
printf '{"psFormat": "x"}\n' >"$T/dotfiles/docker.json"
ln -s "$T/dotfiles/docker.json" "$j"
run_mogoplus configure-docker registry.example.com
expect_status 0
[ -L "$j" ] || fail "the symlink was replaced by a file"
grep -qF '"registry.example.com": "mogoplus"' "$T/dotfiles/docker.json" || fail "the target was not edited"
grep -qF '"psFormat": "x"' "$T/dotfiles/docker.json" || fail "the target lost a key"
