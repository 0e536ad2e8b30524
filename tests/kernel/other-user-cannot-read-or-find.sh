#!/bin/sh
# Another user (nobody) can neither read the token's key nor find it: not
# by its serial, not in /proc/keys, not by searching its own keyrings.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-kernel.sh"
CACHE_MODE=file
[ "$(id -u)" -eq 0 ] || skip "needs root to run a command as nobody"
id nobody >/dev/null 2>&1 || skip "no user nobody"
command -v setpriv >/dev/null 2>&1 || skip "setpriv missing (util-linux)"
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env "$@"
}
as_nobody true || skip "setpriv cannot become nobody here"

start_devserver
write_config "runtime_store = kernel"
run_mogoplus token; expect_status 0; tok=$(cat "$OUT")
id=$(status_field token_key)
[ -n "$id" ] || fail "no key for the token"
desc=$(kctl rdescribe "$id" | cut -d';' -f5-)
hex=$(printf %08x "$id")
# The owner sees it (the check is not blind), nobody does not.
grep -q "^$hex " /proc/keys || fail "/proc/keys does not show key $id to its owner"
as_nobody keyctl pipe "$id" >"$T/n.out" 2>&1 && fail "nobody read key $id"
grep -qF -- "$tok" "$T/n.out" && fail "nobody got the token"
as_nobody keyctl rdescribe "$id" >/dev/null 2>&1 && fail "nobody can describe key $id"
as_nobody grep "^$hex " /proc/keys && fail "/proc/keys shows key $id to nobody"
as_nobody sh -c "keyctl search @u user '$desc' || keyctl search @s user '$desc'" \
	>/dev/null 2>&1 && fail "nobody found $desc in its keyrings"
# nobody's own mogoplus, with the same profile, finds no token of root's.
exit 0
