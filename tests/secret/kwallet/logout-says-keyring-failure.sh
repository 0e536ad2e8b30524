#!/bin/sh
# tests/cache/logout-says-keyring-failure.sh against KWallet (tests/lib-keyring.sh starts it).
KEYRING_PROVIDER=kwallet
export KEYRING_PROVIDER
exec sh "$top_srcdir/tests/cache/logout-says-keyring-failure.sh"
