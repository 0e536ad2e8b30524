#!/bin/sh
# configure-git, configure-docker (and --remove) and logout say on stdout
# which files they changed, by path, one line each: the mogoplus config,
# git's config file, docker's config.json, containers' auth.json and
# registries.conf drop-in, the runtime cache file. A file left as it was is not named; when nothing
# changed they say so.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-ux.sh"
command -v git >/dev/null 2>&1 || skip "git is not installed"

start_devserver
CACHE_MODE=file
write_config
export XDG_RUNTIME_DIR=$T/run
mkdir -m 700 "$XDG_RUNTIME_DIR"
DOCKER_JSON=$HOME/.docker/config.json
AUTH_JSON=$XDG_CONFIG_HOME/containers/auth.json

# said LINE...: stdout is exactly these lines, in this order.
said() {
	printf '%s\n' "$@" >"$T/want"
	cmp -s "$T/want" "$OUT" || { diff "$T/want" "$OUT" >&2; fail "stdout is not as expected"; }
}

# configure-git: git's global file and the mogoplus config.
run_mogoplus configure-git https://git.example.com; expect_status 0
HELPER=$(git config --global --get credential.https://git.example.com.helper)
case $HELPER in /*/git-credential-mogoplus" -p default") ;; *) fail "helper: $HELPER" ;; esac
said "$HOME/.gitconfig: credential.https://git.example.com.helper = $HELPER" \
	"$CONFIG: [git https://git.example.com] maps to profile default"
run_mogoplus configure-git https://git.example.com; expect_status 0
said "nothing to change: already set up for https://git.example.com"
# git's line is there, the section is not: only the mogoplus config is named.
write_config
run_mogoplus configure-git https://git.example.com; expect_status 0
said "$CONFIG: [git https://git.example.com] maps to profile default"
# Another profile: both change.
run_mogoplus configure-git -p work https://git.example.com; expect_status 0
said "$HOME/.gitconfig: credential.https://git.example.com.helper = ${HELPER% -p default} -p work" \
	"$CONFIG: [git https://git.example.com] maps to profile work"
run_mogoplus configure-git --remove https://git.example.com; expect_status 0
said "$HOME/.gitconfig: credential.https://git.example.com.helper removed" \
	"$CONFIG: [git https://git.example.com] removed"
run_mogoplus configure-git --remove https://git.example.com; expect_status 0
said "nothing to remove for https://git.example.com"
write_config

# --local: the repository's own config file, by its full path.
git init -q "$T/repo"
(cd "$T/repo" && "$MOGOPLUS" configure-git --local https://git.example.com >"$OUT" 2>"$ERR") ||
	{ cat "$ERR" >&2; fail "configure-git --local"; }
said "$T/repo/.git/config: credential.https://git.example.com.helper = $HELPER" \
	"$CONFIG: [git https://git.example.com] maps to profile default"
# The git section is there already: only the repository's file changes on removal
# of its line, and then the section.
(cd "$T/repo" && "$MOGOPLUS" configure-git --local --remove https://git.example.com >"$OUT" 2>"$ERR") ||
	{ cat "$ERR" >&2; fail "configure-git --local --remove"; }
said "$T/repo/.git/config: credential.https://git.example.com.helper removed" \
	"$CONFIG: [git https://git.example.com] removed"

# configure-docker: the three files; one that already says so is not named.
mkdir -p "$(dirname "$DOCKER_JSON")"
printf '{\n\t"credHelpers": {\n\t\t"registry.example.com": "mogoplus"\n\t}\n}\n' >"$DOCKER_JSON"
run_mogoplus configure-docker registry.example.com; expect_status 0
said "$CONFIG: [docker registry.example.com] maps to profile default" \
	"$AUTH_JSON: credHelpers point to mogoplus" \
	"$HOME/.config/containers/registries.conf.d/mogoplus.conf: podman, skopeo and buildah ask mogoplus first"
run_mogoplus configure-docker registry.example.com; expect_status 0
said "nothing to change: already set up for registry.example.com"
run_mogoplus configure-docker --remove registry.example.com; expect_status 0
said "$CONFIG: [docker registry.example.com] removed" \
	"$DOCKER_JSON: mogoplus removed from credHelpers" \
	"$AUTH_JSON: mogoplus removed from credHelpers" \
	"$HOME/.config/containers/registries.conf.d/mogoplus.conf: removed"
run_mogoplus configure-docker --remove registry.example.com; expect_status 0
said "nothing to remove for registry.example.com"

# logout: the runtime cache file it removed, by path; then nothing.
run_mogoplus logout; expect_status 0
said "nothing to remove: no cached token for profile default"
run_mogoplus token; expect_status 0
FILE=$(ls "$XDG_RUNTIME_DIR/mogoplus" | grep '^t-[0-9a-f]*$')
[ -n "$FILE" ] || fail "no cache file after a token"
run_mogoplus logout; expect_status 0
said "$XDG_RUNTIME_DIR/mogoplus/$FILE: cached token removed"
[ -e "$XDG_RUNTIME_DIR/mogoplus/$FILE" ] && fail "logout said it removed a file that is still there"
run_mogoplus logout; expect_status 0
said "nothing to remove: no cached token for profile default"
exit 0
