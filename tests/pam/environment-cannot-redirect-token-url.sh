#!/bin/sh
# The module reads no environment (under sudo the caller controls it):
# MOGOPLUS_TOKEN_URL, MOGOPLUS_CONFIG, MOGOPLUS_CLIENT_ID, MOGOPLUS_CA,
# MOGOPLUS_TIMEOUT, MOGOPLUS_PROFILE, MOGOPLUS_MODULE_DIR and a proxy
# pointing at a second server change nothing: the config's server gets the
# request, the other one none.
. "$top_srcdir/tests/lib-pam.sh"

# The bogus server: a dev server of its own that knows the same client.
start_devserver -n BOGUS
BOGUS=$BOGUS_URL
start_devserver
write_config
{ echo "[profile default]"; echo "token_url = $BOGUS"; echo "client_id = $CLIENT_ID"
  echo "cert = $PKI/client.pem"; echo "key = $PKI/client.key"; echo "ca = $PKI/ca.pem"; } \
	>"$T/bogus.conf"
pam_stack "auth required MODULE config=$CONFIG client_id=%u"
MOGOPLUS_TOKEN_URL=$BOGUS MOGOPLUS_CONFIG=$T/bogus.conf MOGOPLUS_CLIENT_ID=nobody \
MOGOPLUS_CA=/nonexistent MOGOPLUS_TIMEOUT=1 MOGOPLUS_PROFILE=nope \
MOGOPLUS_MODULE_DIR=/nonexistent https_proxy=http://127.0.0.1:1 HTTPS_PROXY=http://127.0.0.1:1 \
	run_pam authenticate_succeeds
expect_pass
[ "$(ds_stat tokens_issued)" -eq 1 ] || fail "the config's server issued no token"
bogus=$(ds_stat -n BOGUS token_requests)
[ "$bogus" -eq 0 ] || fail "the environment's server got $bogus requests"
