#!/bin/sh
# The module reads no environment (under sudo the caller controls it):
# MOGOPLUS_TOKEN_URL, MOGOPLUS_CONFIG, MOGOPLUS_CLIENT_ID, MOGOPLUS_CA,
# MOGOPLUS_TIMEOUT, MOGOPLUS_PROFILE, MOGOPLUS_MODULE_DIR and a proxy
# pointing at a second server change nothing: the config's server gets the
# request, the other one none.
. "$top_srcdir/tests/lib-pam.sh"

# The bogus server: a dev server of its own that knows the same client.
make_pki
"$DEVSERVER" --quiet --cert "$PKI/server.pem" --key "$PKI/server.key" \
	--client-ca "$PKI/ca.pem" --clients "$T/clients" \
	--port-file "$T/bogus.port" --stats-file "$T/bogus.stats" --max-seconds 60 \
	2>"$T/bogus.err" &
track_pid $!
i=0
while [ ! -s "$T/bogus.port" ]; do
	i=$((i + 1)); [ "$i" -le 100 ] || fail "the bogus server did not start"; sleep 0.05
done
BOGUS=https://127.0.0.1:$(cat "$T/bogus.port")/api/v1/oauth2/token
start_devserver
write_config
{ echo "[profile default]"; echo "token_url = $BOGUS"; echo "client_id = $CLIENT_ID"
  echo "cert = $PKI/client.pem"; echo "key = $PKI/client.key"; echo "ca = $PKI/ca.pem"; } \
	>"$T/bogus.conf"
pam_stack "auth required MODULE config=$CONFIG"
MOGOPLUS_TOKEN_URL=$BOGUS MOGOPLUS_CONFIG=$T/bogus.conf MOGOPLUS_CLIENT_ID=nobody \
MOGOPLUS_CA=/nonexistent MOGOPLUS_TIMEOUT=1 MOGOPLUS_PROFILE=nope \
MOGOPLUS_MODULE_DIR=/nonexistent https_proxy=http://127.0.0.1:1 HTTPS_PROXY=http://127.0.0.1:1 \
	run_pam authenticate_succeeds
expect_pass
[ "$(ds_stat tokens_issued)" -eq 1 ] || fail "the config's server issued no token"
bogus=$(sed -n 's/^token_requests //p' "$T/bogus.stats" 2>/dev/null)
[ "${bogus:-0}" -eq 0 ] || fail "the environment's server got $bogus requests"
