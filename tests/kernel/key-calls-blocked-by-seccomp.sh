#!/bin/sh
# With the key calls blocked by a seccomp filter (as Docker's default
# profile blocks add_key and keyctl), runtime_store = auto falls back to
# the file tier with no error and no warning; runtime_store = kernel fails
# with one line that says why; client_secret = kernel says so too.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-kernel.sh"
CACHE_MODE=file
[ -x "$NO_KEYCTL" ] || fail "tests/kernel/no-keyctl not built"
"$NO_KEYCTL" keyctl show @s >/dev/null 2>&1 && fail "no-keyctl blocks nothing: the test is blind"

start_devserver
for errno in EPERM ENOSYS; do
	rm -rf "$T/home/.cache/mogoplus"
	write_config "runtime_store = auto"
	OUT=$T/out ERR=$T/err
	"$NO_KEYCTL" -e $errno "$MOGOPLUS" token >"$OUT" 2>"$ERR" || {
		cat "$ERR" >&2; fail "auto failed where the key calls fail with $errno"; }
	[ ! -s "$ERR" ] || { cat "$ERR" >&2; fail "auto said something ($errno)"; }
	tok=$(cat "$OUT")
	grep -rqF -- "$tok" "$T/home/.cache/mogoplus" || fail "auto did not use the file tier ($errno)"
	"$NO_KEYCTL" -e $errno "$MOGOPLUS" -v token >"$OUT" 2>"$ERR" || fail "warm get failed"
	[ "$(grep -c 'runtime tier: the file tier, since .*keyctl_get_persistent' "$ERR")" -eq 1 ] ||
		{ cat "$ERR" >&2; fail "-v did not say once why the file tier ($errno)"; }

	write_config "runtime_store = kernel"
	"$NO_KEYCTL" -e $errno "$MOGOPLUS" token >"$OUT" 2>"$ERR"
	STATUS=$?
	[ "$STATUS" -ne 0 ] || fail "runtime_store = kernel succeeded without the kernel ($errno)"
	expect_err "runtime_store = kernel, but the kernel keyring is not usable here: keyctl_get_persistent: .*seccomp"
	[ ! -s "$OUT" ] || fail "a token was printed ($errno)"
done
[ "$(ds_stat token_requests)" -eq 2 ] || fail "$(ds_stat token_requests) requests, want 2"

# The environment chooses too; and the same without the filter works.
MOGOPLUS_RUNTIME_STORE=auto "$NO_KEYCTL" "$MOGOPLUS" token >/dev/null 2>"$ERR" ||
	{ cat "$ERR" >&2; fail "MOGOPLUS_RUNTIME_STORE=auto did not win over the file"; }
write_config "runtime_store = kernel" "client_secret = kernel"
"$NO_KEYCTL" "$MOGOPLUS" status >"$OUT" 2>&1
grep -q '^kernel: *not usable here: .*keyctl_get_persistent' "$OUT" ||
	{ cat "$OUT" >&2; fail "status does not say why the kernel keyring is unusable"; }
"$NO_KEYCTL" "$MOGOPLUS" doctor >"$OUT" 2>&1 && fail "doctor passed without the kernel keyring the profile needs"
grep -q '✗ kernel: not usable here' "$OUT" || { cat "$OUT" >&2; fail "doctor's kernel line"; }
exit 0
