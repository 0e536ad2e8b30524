#!/bin/sh
# An http:// token_url is a configuration error: exit 78, nothing sent.
. "$top_srcdir/tests/lib.sh"

make_pki
URL=http://127.0.0.1:9/api/v1/oauth2/token
write_config
run_mogoplus token
expect_status 78
expect_err "^mogoplus: default: bad configuration: token_url must be an https:// URL \\(fix it in $CONFIG\\)\$"
# The environment cannot sneak one in either, and is named as the culprit.
MOGOPLUS_TOKEN_URL=http://127.0.0.1:9/x run_mogoplus token
expect_status 78
expect_err 'token_url must be an https:// URL \(fix it in \$MOGOPLUS_TOKEN_URL\)$'
