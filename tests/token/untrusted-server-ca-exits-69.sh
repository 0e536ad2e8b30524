#!/bin/sh
# A server whose certificate our CA did not sign is refused: exit 69, no request.
. "$top_srcdir/tests/lib.sh"

make_pki
[ -x "$DEVSERVER" ] || skip "no dev server"
# The server presents the rogue CA's certificate.
"$DEVSERVER" --quiet --cert "$PKI/rogue-server.pem" --key "$PKI/rogue-server.key" \
	--client-ca "$PKI/ca.pem" --clients "$T/clients" --port-file "$T/port" \
	--stats-file "$T/stats" --max-seconds 60 2>/dev/null &
track_pid $!
i=0; while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
URL=https://127.0.0.1:$(cat "$T/port")/api/v1/oauth2/token
write_config
run_mogoplus token
expect_status 69
expect_err '^mogoplus: default: TLS failure: '
[ "$(ds_stat token_requests)" -eq 0 ] || fail "the secret was sent to an untrusted server"
