#!/bin/sh
# A runtime-cache hit maps neither libcurl, GnuTLS nor libsecret, and loads no module.
. "$top_srcdir/tests/lib.sh"
CACHE_MODE=file

start_devserver
write_config "cache = auto"
run_mogoplus token; expect_status 0
LD_DEBUG=files "$MOGOPLUS" token 2>"$T/ld" >/dev/null || fail "the warm call failed"
grep -E 'file=.*(libcurl|libgnutls|libsecret|libgio|engine\.so|keyring\.so)' "$T/ld" &&
	fail "a warm get loaded something heavy"
[ "$(ds_stat token_requests)" -eq 1 ] || fail "the warm call was not warm"
exit 0
