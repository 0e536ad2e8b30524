#!/bin/sh
# The helper links only the light core: an unmapped get maps no libcurl or GnuTLS.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-git.sh"

maps() {
	printf '%s\n' "$@" | LD_DEBUG=files "$HELPER" get 2>&1 >/dev/null |
		grep -E 'file=lib(curl|gnutls)'
}
start_devserver
CACHE_MODE=file
write_config "[git https://git.example.com]" "profile = default"
[ -z "$(maps protocol=https host=elsewhere.example.com)" ] ||
	fail "an unmapped get maps libcurl or GnuTLS"
[ -z "$(maps protocol=http host=git.example.com)" ] || fail "an http get maps libcurl or GnuTLS"
[ -z "$(maps host=git.example.com)" ] || fail "a refused request maps libcurl or GnuTLS"
# The control: a real fetch does load libcurl; a warm get then does not.
maps protocol=https host=git.example.com | grep -q 'file=libcurl' ||
	fail "a fetch did not load libcurl: the check is blind"
[ -z "$(maps protocol=https host=git.example.com)" ] || fail "a warm (cached) get maps libcurl or GnuTLS"
