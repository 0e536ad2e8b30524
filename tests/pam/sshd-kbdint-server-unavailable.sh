#!/bin/sh
# The same as sshd-password-server-unavailable.sh with keyboard-interactive
# authentication (PAM's auth stage in sshd's child process).
. "$top_srcdir/tests/lib-sshd.sh"

unavailable_cases keyboard-interactive
