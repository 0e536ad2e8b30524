#!/bin/sh
# mogoplus configure-docker adds credHelpers to $DOCKER_CONFIG/config.json
# and $XDG_CONFIG_HOME/containers/auth.json and a [docker HOST] section to
# the mogoplus config, keeping every other key, comment and the files'
# modes; a second run changes nothing; --remove gives back what was there.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

start_devserver
write_config "# keep this comment" "[git https://git.example.com]" "username = oauth2"
DOCKER_CONFIG=$T/dockercfg
export DOCKER_CONFIG
mkdir -p "$DOCKER_CONFIG"
cat >"$DOCKER_CONFIG/config.json" <<'J'
{
	"auths": {
		"other.example.com": {
			"auth": "dXNlcjpwYXNz"
		}
	},
	"credHelpers": {
		"gcr.io": "gcloud",
		"taken.example.com": "someone-else"
	},
	"psFormat": "table {{.ID}}"
}
J
chmod 640 "$DOCKER_CONFIG/config.json"
cp "$DOCKER_CONFIG/config.json" "$T/docker.orig"
cp "$CONFIG" "$T/mogoplus.orig"
AUTH=$XDG_CONFIG_HOME/containers/auth.json	# does not exist yet

run_mogoplus configure-docker Registry.Example.com:5000 https://index.docker.io/v1/ taken.example.com
expect_status 0
# docker's config: merged, other keys intact, mode kept.
j=$DOCKER_CONFIG/config.json
for k in '"registry.example.com:5000": "mogoplus"' '"https://index.docker.io/v1/": "mogoplus"' \
	'"index.docker.io": "mogoplus"' '"gcr.io": "gcloud"' '"auth": "dXNlcjpwYXNz"' \
	'"psFormat": "table {{.ID}}"'; do
	grep -qF "$k" "$j" || { cat "$j" >&2; fail "config.json lacks $k"; }
done
# Someone else's helper for a registry is not taken over.
grep -qF '"taken.example.com": "someone-else"' "$j" || fail "another helper's entry was replaced"
[ "$(stat -c %a "$j")" = 640 ] || fail "config.json mode is $(stat -c %a "$j"), was 640"
ls "$DOCKER_CONFIG" | grep -v '^config.json$' && fail "a temporary file was left behind"
# containers' auth.json: created, private, docker.io for the hub.
[ "$(stat -c %a "$AUTH")" = 600 ] || fail "auth.json was created with mode $(stat -c %a "$AUTH")"
for k in '"registry.example.com:5000": "mogoplus"' '"docker.io": "mogoplus"'; do
	grep -qF "$k" "$AUTH" || { cat "$AUTH" >&2; fail "auth.json lacks $k"; }
done
# The mogoplus config: sections added, the rest (comment included) kept.
grep -qx '\[docker registry.example.com:5000\]' "$CONFIG" || { cat "$CONFIG" >&2; fail "no [docker registry.example.com:5000]"; }
grep -qx '\[docker docker.io\]' "$CONFIG" || fail "no [docker docker.io]"
grep -qx '# keep this comment' "$CONFIG" || fail "a comment was lost"
grep -qx '\[git https://git.example.com\]' "$CONFIG" || fail "the git section was lost"
# GKeyFile writes "key=value": compare values, not spacing.
grep -q "^client_secret *= *file:$T/secret" "$CONFIG" || fail "the profile was changed"

# What it wrote works: the helper answers both spellings.
run_helper get "https://registry.example.com:5000/v1/"
[ "$STATUS" -eq 0 ] || { cat "$OUT" >&2; fail "the configured registry is not answered"; }
run_helper get "docker.io"
[ "$STATUS" -eq 0 ] || fail "the configured hub is not answered"

# Idempotent: a second run leaves every byte as it was.
for f in "$j" "$AUTH" "$CONFIG"; do cp "$f" "$f.1"; done
run_mogoplus configure-docker registry.example.com:5000 docker.io taken.example.com
expect_status 0
for f in "$j" "$AUTH" "$CONFIG"; do cmp -s "$f" "$f.1" || fail "a second run changed $f"; rm -f "$f.1"; done

# --remove undoes it.
run_mogoplus configure-docker --remove registry.example.com:5000 docker.io taken.example.com
expect_status 0
grep -q mogoplus "$j" && { cat "$j" >&2; fail "config.json still names mogoplus"; }
grep -qF '"taken.example.com": "someone-else"' "$j" || fail "--remove took another helper's entry"
grep -qF '"gcr.io": "gcloud"' "$j" && grep -qF '"auth": "dXNlcjpwYXNz"' "$j" || fail "--remove lost keys"
[ "$(stat -c %a "$j")" = 640 ] || fail "--remove changed the mode"
grep -q mogoplus "$AUTH" && fail "auth.json still names mogoplus"
grep -q credHelpers "$AUTH" && fail "--remove left the credHelpers it created"
grep -q '^\[docker' "$CONFIG" && fail "--remove left [docker] sections"
# The file is what it was, byte for byte (only the added sections' lines
# were ever touched).
cmp -s "$T/mogoplus.orig" "$CONFIG" || { diff "$T/mogoplus.orig" "$CONFIG" >&2; fail "--remove did not restore the mogoplus config"; }
run_mogoplus configure-docker --remove registry.example.com:5000
expect_status 0

# Bad input: nothing is touched.
cp "$j" "$T/before"
run_mogoplus configure-docker "not a registry"
expect_status 64
run_mogoplus configure-docker
expect_status 64
cmp -s "$j" "$T/before" || fail "a usage error changed config.json"
