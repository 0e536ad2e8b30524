#!/bin/sh
# Inside a user namespace that does not map real root (rootless podman runs
# the Docker helper in one), root's files show as the overflow uid (65534):
# the modules the build installed load there, so a cold `mogoplus token`
# fetches a token. A module owned by someone else than root or the user is
# still refused out of it, and one others can write in it too.
. "$top_srcdir/tests/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root (runs a user as nobody in a namespace of its own)"
command -v setpriv >/dev/null 2>&1 || skip "setpriv is not installed (Debian: util-linux)"
command -v unshare >/dev/null 2>&1 || skip "unshare is not installed (Debian: util-linux)"
id nobody >/dev/null 2>&1 || skip "no user nobody"
# as_nobody_in_ns CMD...: CMD as nobody, in a new user namespace where
# nobody is uid 0 and real root is not mapped (as rootless podman's).
as_nobody_in_ns() {
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
		unshare --user --map-root-user "$@"
}
as_nobody_in_ns true 2>"$T/err" ||
	skip "cannot make a user namespace here: $(head -n1 "$T/err")"
# A build in a private folder (a root build under a 0700 mktemp -d) is out
# of nobody's reach: nothing to run there.
as_nobody_in_ns test -x "$MOGOPLUS" ||
	skip "nobody cannot reach the build tree ($top_builddir): build in a folder others may enter"

start_devserver
# nobody's own copy of what the profile names, under a folder it can reach.
chmod 711 "$T"
U=$T/ns
mkdir -p "$U/pki" "$U/cache" "$U/mods"
cp "$PKI/client.pem" "$PKI/client.key" "$PKI/ca.pem" "$U/pki/"
cp "$T/secret" "$U/secret"
cat >"$U/config" <<EOF
[profile default]
token_url = $URL
client_id = $CLIENT_ID
client_secret = file:$U/secret
cert = $U/pki/client.pem
key = $U/pki/client.key
ca = $U/pki/ca.pem
timeout = 5
cache = file
EOF
chown -R nobody "$U"
chmod 600 "$U/secret" "$U/pki/client.key"
chmod 700 "$U/cache"
# Root's module dir, as installed: owned by root, written by nobody else.
M=$T/rootmods
mkdir "$M"
cp "$top_builddir/.libs/engine.so" "$M/engine.so"
chmod 755 "$M" "$M/engine.so"
run_ns() {
	OUT=$T/out ERR=$T/err
	as_nobody_in_ns env HOME="$U" MOGOPLUS_CONFIG="$U/config" \
		MOGOPLUS_CACHE_DIR="$U/cache" MOGOPLUS_MODULE_DIR="$1" \
		"$MOGOPLUS" token >"$OUT" 2>"$ERR"
	STATUS=$?
}

run_ns "$M"
[ "$STATUS" -eq 0 ] || { cat "$ERR" >&2; fail "a cold token in a user namespace failed (exit $STATUS)"; }
[ ! -s "$ERR" ] || { cat "$ERR" >&2; fail "a cold token in a user namespace said something"; }
[ "$(ds_stat tokens_issued)" -eq 1 ] || fail "no token was fetched"
token_ok=$(cat "$OUT")
[ -n "$token_ok" ] || fail "no token printed"

# A module others can write is still refused there.
cp "$M/engine.so" "$U/mods/engine.so"
chmod 757 "$U/mods/engine.so"
rm -f "$U/cache"/* 2>/dev/null
run_ns "$U/mods"
[ "$STATUS" -ne 0 ] || fail "a world-writable module loaded in the namespace"
grep -q "writable by group or others" "$ERR" || { cat "$ERR" >&2; fail "no line naming the module's mode"; }

# Out of any namespace, a module owned by nobody (the overflow uid's
# number) is not root's.
chown nobody "$U/mods/engine.so"
chmod 755 "$U/mods/engine.so"
MOGOPLUS_MODULE_DIR=$U/mods
export MOGOPLUS_MODULE_DIR
write_config
run_mogoplus token
expect_status 70
expect_err "owned by uid $(id -u nobody), neither root nor you"
exit 0
