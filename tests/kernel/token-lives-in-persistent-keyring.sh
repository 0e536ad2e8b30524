#!/bin/sh
# runtime_store = kernel: the token is a key of the user's persistent
# keyring, readable by the user's processes only, with a kernel timeout,
# and in no file; a new session (keyctl session -) gets it with no request,
# also after the runtime folder is gone; git's erase (after a 401) and
# logout remove the key.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-kernel.sh"
CACHE_MODE=file

start_devserver
write_config "runtime_store = kernel"
run_mogoplus token; expect_status 0; tok=$(cat "$OUT")
[ ! -s "$ERR" ] || { cat "$ERR" >&2; fail "warnings from a working kernel keyring"; }
id=$(status_field token_key)
[ -n "$id" ] || { "$MOGOPLUS" status >&2; fail "status names no token key"; }
grep -q '(kernel tier)' <<E || fail "status does not say the kernel tier"
$("$MOGOPLUS" status)
E
# What the kernel says of the key: ours, named mogoplus:, private, timed.
desc=$(kctl rdescribe "$id") || fail "keyctl cannot describe key $id: $desc"
case "$desc" in
"user;$(id -u);"*";mogoplus:t-"*) ;;
*) fail "key $id is not a user key named mogoplus:t-...: $desc" ;;
esac
perm=$(echo "$desc" | cut -d';' -f4)
case "$perm" in
*0000) ;;
*) fail "key $id gives group or others permissions: $perm" ;;
esac
kctl pipe "$id" | grep -qF -- "$tok" || fail "the key does not hold the token"
line=$(grep "^$(printf %08x "$id") " /proc/keys) || fail "key $id is not in /proc/keys"
timeout=$(echo "$line" | awk '{print $4}')
[ "$timeout" != perm ] || fail "the key has no kernel timeout: $line"
rm -f "$OUT" "$T/.kctl"	# the token as mogoplus and keyctl printed it
no_file_holds "$tok" "$T"
[ -z "$(ls "$T/home/.cache/mogoplus" 2>/dev/null | grep '^t-' | grep -v '\.lock$')" ] ||
	fail "the runtime folder holds a token file besides the lock"

# Another session, and then without the runtime folder: no request.
keyctl session - "$MOGOPLUS" token >"$T/s2" 2>"$T/s2.err" || fail "second session failed"
grep -qxF -- "$tok" "$T/s2" || fail "a new session did not get the same token"
rm -rf "$T/home/.cache/mogoplus"
setsid "$MOGOPLUS" token >"$T/s3" 2>&1 </dev/null || fail "a get without the folder failed"
grep -qxF -- "$tok" "$T/s3" || fail "without the runtime folder the token was not the same"
[ "$(ds_stat token_requests)" -eq 1 ] || fail "$(ds_stat token_requests) requests, want 1"

# git's erase with the token evicts it: the key is gone, the next get asks.
GIT_HELPER=$top_builddir/tests/bin/git-credential-mogoplus
printf 'protocol=https\nhost=git.example.com\nusername=oauth2\npassword=%s\n\n' "$tok" |
	"$GIT_HELPER" erase || fail "git erase failed"
echo "[git https://git.example.com]" >>"$CONFIG"
echo "profile = default" >>"$CONFIG"
printf 'protocol=https\nhost=git.example.com\nusername=oauth2\npassword=%s\n\n' "$tok" |
	"$GIT_HELPER" erase || fail "git erase failed"
kctl print "$id" >/dev/null 2>&1 && fail "git's erase left key $id"
[ -z "$(status_field token_key)" ] || fail "status still names a token key after erase"
run_mogoplus token; expect_status 0
[ "$(ds_stat token_requests)" -eq 2 ] || fail "the get after erase made no request"
id2=$(status_field token_key)
[ -n "$id2" ] || fail "no key after the new get"
run_mogoplus logout; expect_status 0
grep -q "kernel keyring: key $id2" "$OUT" || { cat "$OUT" >&2; fail "logout did not name the key"; }
kctl print "$id2" >/dev/null 2>&1 && fail "logout left key $id2"
exit 0
