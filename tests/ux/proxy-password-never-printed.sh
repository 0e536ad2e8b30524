#!/bin/sh
# A proxy's password never shows, whatever libcurl says about the proxy: not in the one-line error of a malformed proxy URL (a configuration error, exit 78, at once: no retries), not in -v's lines or MOGOPLUS_DEBUG's for the git and Docker helpers (libcurl's "Uses proxy env variable https_proxy == '...'"), not in mogoplus doctor.
. "$top_srcdir/tests/lib.sh"
GIT_HELPER=$top_builddir/tests/bin/git-credential-mogoplus
DOCKER_HELPER=$top_builddir/tests/bin/docker-credential-mogoplus

PW=Pr0xy-Passw0rd-SENTINEL
start_devserver
write_config "timeout = 3" "[git https://git.example.com]" "profile = default" \
	"[docker registry.example.com]" "profile = default"
# no_pw WHAT FILE...: neither the password nor a long piece of it is there.
no_pw() {
	_what=$1
	shift
	if grep -qF -e "$PW" -e "Passw0rd-SEN" -e "Pr0xy-Pass" "$@"; then
		cat "$@" >&2
		fail "$_what: the proxy's password was printed"
	fi
}

# A malformed proxy URL: a bad port, an unknown scheme, a broken address.
for p in "http://alice:$PW@127.0.0.1:99999" "socks9://alice:$PW@127.0.0.1:1" \
	"http://alice:$PW@[::1"; do
	t0=$(now_ms)
	https_proxy=$p run_mogoplus token
	ms=$(($(now_ms) - t0))
	no_pw "token with https_proxy=$p" "$OUT" "$ERR"
	expect_status 78
	expect_err "^mogoplus: default: bad configuration: proxy [^ ]+ from https_proxy: .*\(fix or unset https_proxy\)\$"
	note "$(cat "$ERR")"
	grep -qF "alice" "$ERR" && fail "the proxy's user name was printed: $(cat "$ERR")"
	[ "$ms" -lt 1500 ] || fail "https_proxy=$p took $ms ms: retried a configuration error"
	https_proxy=$p run_mogoplus -v token
	no_pw "token -v with https_proxy=$p" "$OUT" "$ERR"
	STATUS=0
	https_proxy=$p timeout 60 "$MOGOPLUS" doctor >"$T/doc" 2>&1 || STATUS=$?
	[ "$STATUS" -ne 124 ] || fail "doctor hung"
	no_pw "doctor with https_proxy=$p" "$T/doc"
	grep -q "proxy" "$T/doc" || { cat "$T/doc" >&2; fail "doctor does not name the proxy"; }
done
[ "$(ds_stat token_requests)" -eq 0 ] || fail "a token request was made through a malformed proxy"

# A well-formed proxy that refuses: libcurl names the variable and its value
# in its own debug lines, and in its error.
export https_proxy="http://alice:$PW@127.0.0.1:1"
run_mogoplus -v token
[ "$STATUS" -eq 69 ] || { cat "$ERR" >&2; fail "exit $STATUS through a refusing proxy, not 69"; }
no_pw "token -v through a refusing proxy" "$OUT" "$ERR"
note "$(grep -v "^mogoplus: debug" "$ERR")"
grep -q "curl: Uses proxy env variable https_proxy == 'http://127.0.0.1:1'" "$ERR" ||
	{ cat "$ERR" >&2; fail "libcurl's proxy line is not in -v's output: the check above is blind"; }
printf 'protocol=https\nhost=git.example.com\n\n' | MOGOPLUS_DEBUG=1 "$GIT_HELPER" get \
	>"$T/out" 2>"$T/err" || true
no_pw "the git helper with MOGOPLUS_DEBUG=1" "$T/out" "$T/err"
grep -q "curl: " "$T/err" || { cat "$T/err" >&2; fail "the git helper showed no libcurl lines"; }
printf 'registry.example.com' | MOGOPLUS_DEBUG=1 "$DOCKER_HELPER" get \
	>"$T/out" 2>"$T/err" || true
no_pw "the Docker helper with MOGOPLUS_DEBUG=1" "$T/out" "$T/err"
grep -q "curl: " "$T/err" || { cat "$T/err" >&2; fail "the Docker helper showed no libcurl lines"; }
STATUS=0
timeout 60 "$MOGOPLUS" doctor >"$T/doc" 2>&1 || STATUS=$?
no_pw "doctor through a refusing proxy" "$T/doc"
exit 0
