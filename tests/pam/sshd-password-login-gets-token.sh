#!/bin/sh
# A real sshd with pam_mogoplus(8)'s sshd setup as written, password
# authentication, a profile with no client_id line: the right secret logs
# in, the command runs, the session has the token the dev server issued as
# MOGOPLUS_ACCESS_TOKEN and in the user's cache (never the carrier), the
# cache is emptied when the session closes; a wrong secret is refused and
# nothing runs; neither sshd's log nor the module's holds the secret or
# the token.
. "$top_srcdir/tests/lib-sshd.sh"

login_cases password
