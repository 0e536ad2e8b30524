#!/bin/sh
# The helper runs on every registry operation: a get for an unmapped
# registry (and version, list) never maps libcurl or GnuTLS.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-docker.sh"

maps() { printf '%s' "${2-}" | LD_DEBUG=files "$HELPER" "$1" 2>&1 >/dev/null | grep -E 'file=lib(curl|gnutls)'; }
start_devserver
write_config "[docker registry.example.com]"
[ -z "$(maps get other.example.com)" ] || fail "an unmapped get maps libcurl or GnuTLS"
[ -z "$(maps version)" ] || fail "version maps libcurl or GnuTLS"
[ -z "$(maps list)" ] || fail "list maps libcurl or GnuTLS"
[ -z "$(maps store '{"ServerURL":"registry.example.com","Username":"u","Secret":"p"}')" ] ||
	fail "store maps libcurl or GnuTLS"
# The helper itself links neither.
ldd "$HELPER" | grep -qE 'lib(curl|gnutls)' && fail "the helper links libcurl or GnuTLS"
# The control: a mapped get that fetches does load them.
maps get registry.example.com | grep -q 'file=libcurl' || fail "a fetch did not load libcurl: the check is blind"
