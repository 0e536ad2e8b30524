#!/bin/sh
# The same as sshd-password-login-gets-token.sh with keyboard-interactive
# authentication, where sshd runs PAM's auth stage in a child process and
# the token reaches the session through the PAM environment carrier.
. "$top_srcdir/tests/lib-sshd.sh"

login_cases keyboard-interactive
