#!/bin/sh
# A real sshd, password authentication: with the token server accepting
# and never answering, then down, the login is refused within the stack's
# timeout plus a little, PAM_AUTHINFO_UNAVAIL is logged and nothing runs.
. "$top_srcdir/tests/lib-sshd.sh"

unavailable_cases password
