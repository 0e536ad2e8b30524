#!/bin/sh
# configure-docker checks every file it will change before it changes any:
# when it refuses one (a config.json or containers auth.json that is not a
# JSON object), the mogoplus config and the other auth file are left byte
# for byte as they were, and no file is created.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

DOCKER_CONFIG=$T/dockercfg
export DOCKER_CONFIG
mkdir -p "$DOCKER_CONFIG" "$XDG_CONFIG_HOME/containers"
docker_json=$DOCKER_CONFIG/config.json
containers_json=$XDG_CONFIG_HOME/containers/auth.json
printf '[profile default]\ntoken_url = https://auth.example.com/token\nclient_id = c\n' >"$CONFIG"
cp "$CONFIG" "$T/config.before"

# 1. docker's config.json is broken; containers' auth.json does not exist.
printf '{"auths": {\n' >"$docker_json"
cp "$docker_json" "$T/docker.before"
run_mogoplus configure-docker registry.example.com
expect_status 78
expect_err "config.json.*left alone"
cmp -s "$CONFIG" "$T/config.before" || fail "the mogoplus config was changed before config.json was refused"
cmp -s "$docker_json" "$T/docker.before" || fail "the broken config.json was changed"
[ ! -e "$containers_json" ] || fail "containers' auth.json was created although config.json was refused"

# 2. docker's config.json is fine; containers' auth.json is broken.
printf '{"psFormat": "x"}\n' >"$docker_json"
cp "$docker_json" "$T/docker.before"
printf '[1, 2]\n' >"$containers_json"
cp "$containers_json" "$T/containers.before"
run_mogoplus configure-docker registry.example.com
expect_status 78
expect_err "auth.json.*left alone"
cmp -s "$CONFIG" "$T/config.before" || fail "the mogoplus config was changed before auth.json was refused"
cmp -s "$docker_json" "$T/docker.before" || fail "config.json was changed before auth.json was refused"
cmp -s "$containers_json" "$T/containers.before" || fail "the broken auth.json was changed"

# 3. With both fixed, all three are set up in one run.
printf '{}\n' >"$containers_json"
run_mogoplus configure-docker registry.example.com
expect_status 0
grep -q '^\[docker registry.example.com\]' "$CONFIG" || fail "no [docker registry.example.com] section"
grep -qF '"registry.example.com": "mogoplus"' "$docker_json" || fail "config.json not set up"
grep -qF '"registry.example.com": "mogoplus"' "$containers_json" || fail "auth.json not set up"
