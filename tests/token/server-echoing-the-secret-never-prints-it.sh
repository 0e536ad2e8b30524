#!/bin/sh
# A server whose error_description quotes the request ("client_secret X is not valid") never gets the secret just sent printed, nor any long piece of it: not in the one-line error, not in -v's lines, not in the helpers' MOGOPLUS_DEBUG lines. The server's other words still show.
. "$top_srcdir/tests/lib.sh"
GIT_HELPER=$top_builddir/tests/bin/git-credential-mogoplus

start_devserver --echo-secret
# A mistyped secret: what a person's typo would send, and the server quote.
SENT=Typo-$CLIENT_SECRET-x
printf '%s\n' "$SENT" >"$T/secret"
write_config "[git https://git.example.com]" "profile = default"
# Pieces: the whole, its first 10 bytes (the dev server quotes those too),
# and a middle stretch.
pieces() { printf '%s\n' "$SENT" "$(printf '%s' "$SENT" | cut -c1-10)" \
	"$(printf '%s' "$SENT" | cut -c6-20)"; }
pieces >"$T/pieces"
no_secret() {
	_what=$1
	shift
	if grep -qF -f "$T/pieces" "$@"; then
		cat "$@" >&2
		fail "$_what: the secret sent, or a piece of it, was printed"
	fi
}

# The control: the dev server really quotes it (the checks below are not blind).
if command -v curl >/dev/null 2>&1; then
	curl -sS --cert "$PKI/client.pem" --key "$PKI/client.key" --cacert "$PKI/ca.pem" \
		--data-urlencode "client_id=$CLIENT_ID" --data-urlencode "client_secret=$SENT" \
		"$URL?grant_type=client_credentials" >"$T/raw" 2>&1 || true
	grep -qF "$SENT" "$T/raw" || { cat "$T/raw" >&2; fail "the dev server did not quote the secret"; }
else
	note "curl is not installed: the dev server's quote is not checked directly"
fi

run_mogoplus token
expect_status 77
no_secret "token" "$OUT" "$ERR"
expect_err "^mogoplus: default: token request rejected: invalid_client \(client_secret \*\*\* is not valid \(it starts with \*\*\*\)\)(: .*)?\$"
run_mogoplus -v token
no_secret "token -v" "$OUT" "$ERR"
printf 'protocol=https\nhost=git.example.com\n\n' | MOGOPLUS_DEBUG=1 "$GIT_HELPER" get \
	>"$T/out" 2>"$T/err" || true
no_secret "the git helper with MOGOPLUS_DEBUG=1" "$T/out" "$T/err"
grep -q "invalid_client" "$T/err" || { cat "$T/err" >&2; fail "the git helper did not say why"; }
exit 0
