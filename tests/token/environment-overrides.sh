#!/bin/sh
# MOGOPLUS_* variables override the file, and alone form the default profile.
. "$top_srcdir/tests/lib.sh"

start_devserver
# No file at all: the environment is the profile.
MOGOPLUS_TOKEN_URL=$URL MOGOPLUS_CLIENT_ID=$CLIENT_ID MOGOPLUS_CERT=$PKI/client.pem \
MOGOPLUS_KEY=$PKI/client.key MOGOPLUS_CA=$PKI/ca.pem MOGOPLUS_CLIENT_SECRET=$(cat "$T/secret") \
	run_mogoplus token
expect_status 0
# A file with a wrong client_id; the environment's wins.
write_config
sed -i "s|^client_id = .*|client_id = nobody|" "$CONFIG"
run_mogoplus token
expect_status 77
MOGOPLUS_CLIENT_ID=$CLIENT_ID run_mogoplus token
expect_status 0
# -p picks another profile; a missing one is a configuration error.
run_mogoplus token -p nope
expect_status 78
expect_err "^mogoplus: nope: no such profile: no \\[profile nope\\] in $CONFIG \\(its sections: \\[profile default\\]\\); use -p NAME or add \\[profile nope\\]\$"
