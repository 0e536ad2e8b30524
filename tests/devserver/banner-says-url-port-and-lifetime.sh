#!/bin/sh
# What a person starting the dev server by hand needs from its banner: the
# whole token URL (pasted as token_url, and it answers there), that the
# port is new on each start, that it stops by itself after 300 s; and
# --version answers like every other program of the package.
. "$top_srcdir/tests/lib.sh"

make_pki
[ -x "$DEVSERVER" ] || skip "mogoplus-devserver not built (libmicrohttpd missing)"
"$DEVSERVER" --version >"$T/v" 2>&1 || fail "--version exits $?: $(cat "$T/v")"
grep -qx "mogoplus-devserver [0-9][0-9.a-z~-]*" "$T/v" || fail "--version said: $(cat "$T/v")"

# No --max-seconds: the default a person gets (stopped by PID at exit).
"$DEVSERVER" --cert "$PKI/server.pem" --key "$PKI/server.key" \
	--client-ca "$PKI/ca.pem" --clients "$T/clients" \
	--port-file "$T/port" 2>"$T/banner" &
track_pid $!
i=0
while [ ! -s "$T/port" ]; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || fail "the dev server did not start: $(cat "$T/banner")"
	sleep 0.05
done
sleep 0.1
PORT=$(cat "$T/port")
url=$(sed -n 's/^mogoplus-devserver: listening on //p' "$T/banner")
[ "$url" = "https://127.0.0.1:$PORT/api/v1/oauth2/token" ] ||
	fail "the banner's URL is '$url': $(cat "$T/banner")"
grep -q 'port is new on each start' "$T/banner" || fail "no word of the port: $(cat "$T/banner")"
grep -q 'stops by itself after 300 s' "$T/banner" || fail "no word of the 300 s: $(cat "$T/banner")"

# The URL as printed is the token endpoint.
URL=$url
write_config
run_mogoplus token
expect_status 0
