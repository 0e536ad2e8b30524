#!/bin/sh
# pamtester, a real PAM application, logs in with the client secret on its
# standard input (never in argv): success, then a wrong secret is refused.
# The note shows how long one successful authentication took.
. "$top_srcdir/tests/lib-pam.sh"

command -v pamtester >/dev/null 2>&1 || skip "pamtester not installed"
start_devserver
write_config
pam_stack "auth required MODULE config=$CONFIG client_id=%u" \
	"session required MODULE export_env"
pam_env pamtester mogoplus "$PAM_USER" authenticate <"$T/secret" >"$T/pt.out"
st=$?
cat "$T/pt.out" >&2
[ "$st" -eq 0 ] || { tail -n 20 "$PAMLOG" >&2; fail "pamtester authenticate exited $st"; }
grep -q 'successfully authenticated' "$T/pt.out" || fail "pamtester did not report success"
note "pamtester authenticate: $PAM_MS ms"
# The whole login: authenticate, then a session that holds the token.
pam_env pamtester mogoplus "$PAM_USER" authenticate open_session close_session \
	<"$T/secret" >"$T/pt.out"
[ $? -eq 0 ] || { cat "$T/pt.out" >&2; fail "pamtester session failed"; }
[ "$(ds_stat tokens_issued)" -eq 2 ] || fail "$(ds_stat tokens_issued) tokens, want 2"
echo not-the-secret | pam_env pamtester mogoplus "$PAM_USER" authenticate >"$T/pt.out" 2>&1
[ $? -ne 0 ] || fail "pamtester accepted a wrong secret"
no_secret_in_log
if grep -qF -- "$CLIENT_SECRET" "$T/pt.out"; then fail "secret in pamtester's output"; fi
