#!/bin/sh
# The module to be installed exports pam_sm_* and nothing else, and links
# only libpam and the light core (GLib): no libcurl, GnuTLS or json-c is
# mapped into sshd or sudo until an exchange loads the engine.
. "$top_srcdir/tests/lib.sh"

so=$top_builddir/.libs/pam_mogoplus.so
[ -f "$so" ] || skip "pam_mogoplus.so not built"
command -v nm >/dev/null 2>&1 || skip "nm not installed"
syms=$(nm -D --defined-only "$so" | awk '{ print $3 }')
[ -n "$syms" ] || fail "nm found no symbols in $so"
for s in pam_sm_authenticate pam_sm_setcred pam_sm_acct_mgmt pam_sm_open_session \
    pam_sm_close_session; do
	printf '%s\n' "$syms" | grep -qx "$s" || fail "$s is not exported"
done
other=$(printf '%s\n' "$syms" | grep -v '^pam_sm_')
[ -z "$other" ] || fail "exports more than pam_sm_*: $other"
needed=$(readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
printf '%s\n' "$needed" | grep -q '^libpam\.so' || fail "does not link libpam"
for lib in $needed; do
	case $lib in
	libpam.so.*|libglib-2.0.so.*|libc.so.*|libkeyutils.so.*) ;;
	# The sanitizer runtime, in a sanitizer build only (never installed).
	libasan.so.*|libubsan.so.*|libclang_rt.asan-*.so)
		[ "${MP_SANITIZERS:-}" = yes ] || fail "links $lib outside a sanitizer build" ;;
	*) fail "links $lib" ;;
	esac
done
