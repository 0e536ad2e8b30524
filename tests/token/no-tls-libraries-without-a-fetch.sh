#!/bin/sh
# Runs that fetch no token never map libcurl or GnuTLS (loading them costs milliseconds).
. "$top_srcdir/tests/lib.sh"

maps() { LD_DEBUG=files "$MOGOPLUS" "$@" 2>&1 >/dev/null | grep -E 'file=lib(curl|gnutls)' ; }
[ -z "$(maps --version)" ] || fail "--version maps libcurl or GnuTLS"
[ -z "$(maps --help)" ] || fail "--help maps libcurl or GnuTLS"
# A configuration error (no profile at all).
[ -z "$(maps token)" ] || fail "a configuration error maps libcurl or GnuTLS"
# The control: a real fetch does load them, so the check above can fail.
start_devserver
write_config
maps token | grep -q 'file=libcurl' || fail "a fetch did not load libcurl: the check is blind"
