#!/bin/sh
# No secret goes back to the allocator unwiped from our code or from json-c, including frees made inside the libraries: an LD_PRELOAD free()/realloc() scans every block for sentinels (client secret, token, docker login password, console JSON secret, the private key's bytes, a key password, a proxy's password) during a token exchange, a warm and a cold get with a certificate file that also holds the key, an encrypted key, an exchange through a proxy with a password, docker-credential store with the password on stdin, and login --from-file. What other libraries still free unwiped is listed in the log.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-keyring.sh"
# Under ASan its allocator owns free(); the scanner needs glibc's.
[ "${MP_SANITIZERS:-}" != yes ] || skip "a sanitizer build replaces malloc and free"
start_keyring

SCAN=$T/free-scan.so
${CC:-cc} -shared -fPIC -O1 -o "$SCAN" "$top_srcdir/tests/wipe/free-scan.c" ||
	{ echo "cannot build the free() scanner" >&2; exit 99; }
TOKEN_MARK=WIPEtok0SENTINEL-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
PW_MARK=WIPEpw0SENTINEL-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
CONSOLE_MARK=s3cr3t-WIPEcon0SENTINEL
PROXY_MARK=WIPEpx0SENTINEL-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
start_devserver --access-token-json "\"$TOKEN_MARK\""
# The private key's bytes: a stretch of its PEM body, as read from the file.
KEY_MARK=$(sed -n 3p "$PKI/client.key" | cut -c1-40)
KEYPW_MARK=$(cat "$PKI/client-enc.key.pass")
[ ${#KEY_MARK} -eq 40 ] && [ -n "$KEYPW_MARK" ] || { echo "no key or key password to mark" >&2; exit 99; }
DOCKER=$top_builddir/tests/bin/docker-credential-mogoplus

# scan NAME CMD...: run CMD with the scanner; its report in $T/report.NAME.
scan() {
	_n=$1
	shift
	LD_PRELOAD=$SCAN MP_WIPE_REPORT=$T/report.$_n \
		MP_WIPE_SENTINELS="$CLIENT_SECRET,$TOKEN_MARK,$PW_MARK,$CONSOLE_MARK,$KEY_MARK,$KEYPW_MARK,$PROXY_MARK" "$@"
}
# The control: the scanner sees a secret that a library frees unwiped.
: >"$T/report.control"
printf 'int main(void){char *p=__builtin_malloc(64);__builtin_strcpy(p,"%s");__builtin_free(p);return 0;}\n' \
	"$TOKEN_MARK" >"$T/c.c"
${CC:-cc} -o "$T/c" "$T/c.c" 2>/dev/null || { echo "cannot build the control" >&2; exit 99; }
scan control "$T/c"
grep -q 'sentinel=1 how=free' "$T/report.control" || fail "the scanner did not see a plain free: the test is blind"

# 1. A token exchange, then the same with the runtime cache and keyring.
CACHE_MODE=none write_config
scan exchange "$MOGOPLUS" token >"$T/tok" 2>"$T/err" || { cat "$T/err" >&2; fail "token"; }
grep -q "^$TOKEN_MARK" "$T/tok" || fail "the dev server's token does not start with the mark"
CACHE_MODE=auto write_config
scan cached "$MOGOPLUS" token >/dev/null 2>"$T/err" || { cat "$T/err" >&2; fail "token (cached)"; }
scan warm "$MOGOPLUS" token >/dev/null 2>"$T/err" || { cat "$T/err" >&2; fail "token (warm)"; }
# The certificate file holds the key too (no key line): certid hashes it on
# every warm get, the engine reads it on every cold one.
cat "$PKI/client.pem" "$PKI/client.key" >"$T/both.pem"
chmod 600 "$T/both.pem"
CACHE_MODE=file write_config
sed -i "s|^cert = .*|cert = $T/both.pem|; /^key = /d" "$CONFIG"
scan both-cold "$MOGOPLUS" token >/dev/null 2>"$T/err" || { cat "$T/err" >&2; fail "token (cert+key PEM, cold)"; }
scan both-warm "$MOGOPLUS" token >/dev/null 2>"$T/err" || { cat "$T/err" >&2; fail "token (cert+key PEM, warm)"; }
# An encrypted key and its password.
CACHE_MODE=none write_config "key_password = file:$PKI/client-enc.key.pass"
sed -i "s|^key = .*|key = $PKI/client-enc.key|" "$CONFIG"
scan keypw "$MOGOPLUS" token >/dev/null 2>"$T/err" || { cat "$T/err" >&2; fail "token (encrypted key)"; }
# A proxy with a password (nothing listens there: the attempt fails).
CACHE_MODE=none write_config
https_proxy="http://u:$PROXY_MARK@127.0.0.1:1" scan proxy "$MOGOPLUS" -v token \
	>/dev/null 2>"$T/err" || true
# 2. docker login's store: the password on stdin, for a registry the
# profile maps (an unmapped one is turned away before it looks further).
CACHE_MODE=auto write_config "[docker registry.example.com]"
printf '{"ServerURL":"registry.example.com","Username":"u","Secret":"%s"}' "$PW_MARK" |
	scan store "$DOCKER" store >/dev/null 2>"$T/err" || { cat "$T/err" >&2; fail "store"; }
# 3. login --from-file: the console's JSON into the keyring.
printf '{"clientName":"t","clientId":"%s","clientSecret":"%s"}\n' "$CLIENT_ID" "$CONSOLE_MARK" >"$T/console.json"
chmod 600 "$T/console.json"
scan login "$MOGOPLUS" login --from-file "$T/console.json" >/dev/null 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "login --from-file"; }

# Ours (the programs, the modules) and json-c (whose copies we wipe) free
# nothing unwiped; what other libraries do is listed, not judged.
ours="mogoplus|credential-mogoplus|engine\\.so|keyring\\.so|libjson-c"
bad=0
for r in "$T"/report.exchange "$T"/report.cached "$T"/report.warm "$T"/report.both-cold \
	"$T"/report.both-warm "$T"/report.keypw "$T"/report.proxy "$T"/report.store "$T"/report.login; do
	[ -s "$r" ] || continue
	sort "$r" | uniq -c | sed "s|^|# ${r##*report.}: |" >&2
	grep -Eq "by=[^ ]*($ours)" "$r" && bad=1
done
[ "$bad" -eq 0 ] || fail "a secret was freed unwiped by our code or json-c (lines above)"
exit 0
