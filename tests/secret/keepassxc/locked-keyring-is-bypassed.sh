#!/bin/sh
# tests/cache/locked-keyring-is-bypassed.sh against KeePassXC (tests/lib-keyring.sh starts it).
KEYRING_PROVIDER=keepassxc
export KEYRING_PROVIDER
exec sh "$top_srcdir/tests/cache/locked-keyring-is-bypassed.sh"
