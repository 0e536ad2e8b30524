#!/bin/sh
# Connection failures name the host, port, time spent, proxy and fix:
# an untrusted server (the ca in use, or the system trust store), a closed
# port, a proxy from the environment, a slow server, and a server that
# closes the TLS handshake on our certificate (asked once, not four times).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-ux.sh"

make_pki
# A server presenting the rogue CA's certificate.
start_devserver -n ROGUE --cert "$PKI/rogue-server.pem" --key "$PKI/rogue-server.key"
RPORT=$ROGUE_PORT
start_devserver
URL=https://127.0.0.1:$RPORT/api/v1/oauth2/token
write_config
NO_REQUEST=0
expect_token_fails 69 "^mogoplus: default: TLS failure: the server certificate of 127.0.0.1 port $RPORT cannot be verified with the ca in use \($PKI/ca.pem\): if the server is right, set ca = FILE to the CA that signed it\$"
sed -i '/^ca = /d' "$CONFIG"
expect_token_fails 69 "^mogoplus: default: TLS failure: the server certificate of 127.0.0.1 port $RPORT is not trusted by the system trust store: set ca = FILE"

# A port nothing listens on: the one the dev server above had, stopped.
start_devserver -n DEAD
DPORT=$DEAD_PORT
kill "$DEAD_PID"; wait "$DEAD_PID" 2>/dev/null
URL=https://127.0.0.1:$DPORT/api/v1/oauth2/token
write_config "timeout = 2"
expect_token_fails 69 "^mogoplus: default: token endpoint unavailable: cannot connect to 127.0.0.1 port $DPORT after [0-9]+ ms: connection refused or unreachable \(is the server running\?\)\$"

# A proxy from the environment is named with its variable, its password not.
HTTPS_PROXY=http://proxyuser:proxypass@127.0.0.1:$DPORT
export HTTPS_PROXY
write_config
expect_token_fails 69 "^mogoplus: default: token endpoint unavailable: cannot reach 127.0.0.1 port $DPORT after [0-9]+ ms: the proxy http://127.0.0.1:$DPORT from HTTPS_PROXY refused or is unknown"
grep -q proxypass "$ERR" && fail "the proxy password is in the message"
unset HTTPS_PROXY
ALL_PROXY=http://127.0.0.1:$DPORT
export ALL_PROXY
expect_token_fails 69 "from ALL_PROXY"
unset ALL_PROXY

# A slow server: host, port, time spent and the profile's timeout.
kill "$DS_PID"; wait "$DS_PID" 2>/dev/null
start_devserver --delay-ms 4000
write_config "timeout = 1"
expect_token_fails 69 "^mogoplus: default: token request timed out: no answer from 127.0.0.1 port $PORT within [0-9]+ ms \(timeout = 1 s\)\$"

# A server that requires a client certificate of its CA at the TLS layer and
# accepts one connection: a retry would meet a closed port instead.
command -v openssl >/dev/null || skip "openssl not installed"
openssl s_server -accept 127.0.0.1:0 -naccept 1 -cert "$PKI/server.pem" \
	-key "$PKI/server.key" -CAfile "$PKI/ca.pem" -Verify 1 -verify_return_error \
	-www >"$T/sserver.out" 2>&1 </dev/null &
track_pid $!
i=0
while ! grep -q '^ACCEPT' "$T/sserver.out" && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
SPORT=$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$T/sserver.out")
[ -n "$SPORT" ] || { cat "$T/sserver.out" >&2; exit 99; }
URL=https://127.0.0.1:$SPORT/
write_config
sed -i "s|^cert = .*|cert = $PKI/rogue-client.pem|; s|^key = .*|key = $PKI/rogue-client.key|" "$CONFIG"
expect_token_fails 69 "^mogoplus: default: TLS failure: 127.0.0.1 port $SPORT closed the connection in the TLS handshake \(.*\): the server may have refused the client certificate $PKI/rogue-client.pem\$"
exit 0
