#!/bin/sh
# tests/cache/keyring-hit-survives-runtime-dir-loss.sh against KeePassXC (tests/lib-keyring.sh starts it).
KEYRING_PROVIDER=keepassxc
export KEYRING_PROVIDER
exec sh "$top_srcdir/tests/cache/keyring-hit-survives-runtime-dir-loss.sh"
