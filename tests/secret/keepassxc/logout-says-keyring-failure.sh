#!/bin/sh
# tests/cache/logout-says-keyring-failure.sh against KeePassXC (tests/lib-keyring.sh starts it).
KEYRING_PROVIDER=keepassxc
export KEYRING_PROVIDER
exec sh "$top_srcdir/tests/cache/logout-says-keyring-failure.sh"
