# tests/lib-kernel.sh: the kernel keyring's tests (sourced after lib.sh).
#
# Every suite on this machine runs as the same user and shares that user's
# persistent keyring: a test only ever touches the keys it made (found by
# their serial through `mogoplus status --json`), never clears or unlinks
# a whole keyring, and invalidates its own keys when it ends.

# lib.sh pins the other tests to the file tier; these choose for themselves.
unset MOGOPLUS_RUNTIME_STORE
NO_KEYCTL=$top_builddir/tests/kernel/no-keyctl

command -v keyctl >/dev/null 2>&1 || skip "keyctl not installed (Debian: keyutils)"
# keyctl in a session keyring of its own, the persistent keyring linked in:
# what a new login, a cron job or another terminal of the user sees.
# keyctl's own exit status; its "Joined session keyring" line dropped.
kctl() {
	keyctl session - sh -c 'keyctl get_persistent @s >/dev/null && exec keyctl "$@"' \
		kctl "$@" >"$T/.kctl" 2>&1
	_rc=$?
	grep -v '^Joined session keyring' "$T/.kctl"
	return $_rc
}
kctl describe @s >/dev/null 2>&1 || skip "the kernel keyring is not usable here"
keyctl session - keyctl get_persistent @s >/dev/null 2>&1 ||
	skip "no persistent keyrings here (keyctl get_persistent fails)"

: >"$T/kernel-keys"
kernel_cleanup() {
	while read -r _k; do
		keyctl invalidate "$_k" >/dev/null 2>&1
	done <"$T/kernel-keys"
	if [ -s "$CONFIG" ] && [ -x "$MOGOPLUS" ]; then
		"$MOGOPLUS" logout --all >/dev/null 2>&1
	fi
	cleanup
}
trap kernel_cleanup EXIT

# status_field NAME: a number or string of `mogoplus status --json`'s
# "kernel" object ("" for null); the serials seen are invalidated at exit.
status_field() {
	"$MOGOPLUS" status --json 2>/dev/null |
		sed -n "s/.*\"kernel\":{[^}]*\"$1\":\"*\([^,\"}]*\).*/\1/p" >"$T/field"
	_v=$(cat "$T/field")
	[ "$_v" = null ] && _v=
	case "$1" in *_key) [ -z "$_v" ] || echo "$_v" >>"$T/kernel-keys" ;; esac
	echo "$_v"
}

# no_file_holds STRING DIR...: no file under the dirs holds the string.
no_file_holds() {
	_s=$1
	shift
	if grep -rlF -- "$_s" "$@" 2>/dev/null; then
		fail "a file holds what only the kernel keyring should"
	fi
}
