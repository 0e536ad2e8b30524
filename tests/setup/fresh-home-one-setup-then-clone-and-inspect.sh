#!/bin/sh
# The first day: a fresh HOME with no config, the console's three files
# (the client's JSON, its certificate and its key), one `mogoplus setup`
# with --git and --docker, and then a real git clone through nginx +
# git-http-backend and a skopeo inspect through the registry work with no
# other command. The secret is in no config file and in no output.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"
. "$top_srcdir/tests/lib-docker.sh"
need skopeo skopeo

start_devserver
start_git_server
# Both fronts are nginx under $T/nginx: the registry's gets a folder of its own.
T0=$T; T=$T0/reg; mkdir -p "$T"
start_registry
T=$T0
make_oci_image "$T/image"
[ ! -e "$CONFIG" ] || fail "the HOME is not fresh"

# What the console hands out.
mkdir -m 700 "$T/downloads"
printf '{"clientName": "first-day", "clientId": "%s", "clientSecret": "%s"}\n' \
	"$CLIENT_ID" "$CLIENT_SECRET" >"$T/downloads/client.json"
cp "$PKI/client.pem" "$T/downloads/client.pem"
cp "$PKI/client.key" "$T/downloads/client.key"
chmod 600 "$T/downloads/client.json" "$T/downloads/client.key"

run_mogoplus setup --from-file "$T/downloads/client.json" \
	--cert "$T/downloads/client.pem" --key "$T/downloads/client.key" \
	--ca "$PKI/ca.pem" --token-url "$URL" --git "$GURL" --docker "$REG" \
	--secret-store file
expect_status 0
cat "$OUT" >&2
grep -q "^profile default is set up: a token request succeeded" "$OUT" || fail "no summary: $(cat "$OUT")"
grep -qF "$CONFIG: [profile default] written" "$OUT" || fail "the config is not named: $(cat "$OUT")"
grep -q "client secret of $CLIENT_ID stored" "$OUT" || fail "the secret's store is not named"
grep -rqF -- "$CLIENT_SECRET" "$CONFIG" "$HOME/.gitconfig" "$HOME/.docker" \
	"$XDG_CONFIG_HOME/containers" 2>/dev/null && fail "the secret is in a config file"
[ "$(ds_stat token_requests)" -eq 1 ] || fail "$(ds_stat token_requests) token requests for one setup"

# git: a real clone through nginx, which asks the dev server about the token.
git clone -q "$GURL/repo.git" "$T/clone" 2>"$T/git.err" || { cat "$T/git.err" >&2; fail "git clone failed"; }
[ "$(cat "$T/clone/file")" = one ] || fail "the clone has the wrong content"
[ "$(http_401s)" -ge 1 ] || fail "nginx never challenged git: the gate is not in the path"

# Docker's side: skopeo reads the auth file setup wrote (no --authfile).
mkdir -p "$T/certs"
cp "$PKI/ca.pem" "$T/certs/ca.crt"
XDG_RUNTIME_DIR=$T/run
mkdir -m 700 "$XDG_RUNTIME_DIR"
export XDG_RUNTIME_DIR
skopeo copy --quiet --dest-cert-dir "$T/certs" "oci:$T/image:latest" \
	"docker://$REG/first/day:latest" 2>"$T/err" || { cat "$T/err" >&2; fail "skopeo copy failed"; }
skopeo inspect --cert-dir "$T/certs" "docker://$REG/first/day:latest" >"$T/inspect" 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "skopeo inspect failed"; }
grep -q "\"Digest\": \"$IMAGE_DIGEST\"" "$T/inspect" || fail "inspect: $(cat "$T/inspect")"
exit 0
