#!/bin/sh
# mogoplus-devserver(1)'s EXAMPLE works as written: mogoplus-pki makes the
# certificates, the client's console JSON and the dev server's clients
# file, and the server started exactly as the page says issues a token to a
# client that has only what the Mogoplus console would hand out
# (client.json, client.pem, client.key) and the CA.
. "$top_srcdir/tests/lib.sh"

[ -x "$DEVSERVER" ] || skip "mogoplus-devserver not built (libmicrohttpd missing)"
command -v certtool >/dev/null 2>&1 || skip "certtool not installed (gnutls-bin)"
page=$top_builddir/doc/mogoplus-devserver.1
[ -f "$page" ] || fail "no $page (make builds it)"
# The lines between the page's example markers, as a shell reads them.
sed -n '/^\.\\" example begin$/,/^\.\\" example end$/p' "$page" | grep -v '^\.' |
	sed -e 's/\\-/-/g' -e 's/\\e/\\/g' >"$T/example.sh"
grep -q '^mogoplus-pki demo$' "$T/example.sh" || { cat "$T/example.sh" >&2; fail "no example in $page"; }
# As written, but the server stops by itself (every server in the suite
# does) and becomes the process whose PID the test holds.
sed -e 's/^mogoplus-devserver /exec mogoplus-devserver /' -e '$s/$/ --max-seconds 120/' \
	"$T/example.sh" >"$T/run.sh"
mkdir "$T/work"
(cd "$T/work" && PATH=$top_builddir:$top_builddir/helpers:$PATH exec sh "$T/run.sh") \
	>"$T/example.out" 2>&1 &
track_pid $!
i=0
while [ ! -s "$T/work/demo/port" ]; do
	i=$((i + 1))
	[ "$i" -le 400 ] || { cat "$T/example.out" >&2; fail "the example's server wrote no port file"; }
	sleep 0.05
done
d=$T/work/demo
for f in client.json clients; do
	[ "$(stat -c %a "$d/$f")" = 600 ] || fail "$f is mode $(stat -c %a "$d/$f"), want 600"
done
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import json, sys
o = json.load(open(sys.argv[1]))
assert sorted(o) == ["clientId", "clientName", "clientSecret"], sorted(o)
assert all(isinstance(v, str) and v for v in o.values())' "$d/client.json" ||
		fail "client.json is not the console's {clientName, clientId, clientSecret}"
fi
# What a user does with the console's three files (the secret copied by
# sed, never through an argv).
id=$(sed -n 's/.*"clientId": *"\([^"]*\)".*/\1/p' "$d/client.json")
sed -n 's/.*"clientSecret": *"\([^"]*\)".*/\1/p' "$d/client.json" >"$T/secret"
chmod 600 "$T/secret"
[ -n "$id" ] && [ -s "$T/secret" ] || fail "no clientId or clientSecret in client.json"
cat >"$CONFIG" <<C
[profile default]
token_url = https://127.0.0.1:$(cat "$d/port")/api/v1/oauth2/token
client_id = $id
client_secret = file:$T/secret
cert = $d/client.pem
key = $d/client.key
ca = $d/ca.pem
cache = none
C
CLIENT_SECRET=$(cat "$T/secret")
run_mogoplus token
[ "$STATUS" -eq 0 ] && [ -s "$OUT" ] || { cat "$ERR" "$T/example.out" >&2; fail "no token from the example's server (exit $STATUS)"; }
