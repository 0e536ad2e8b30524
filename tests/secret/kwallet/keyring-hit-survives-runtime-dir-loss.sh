#!/bin/sh
# tests/cache/keyring-hit-survives-runtime-dir-loss.sh against KWallet (tests/lib-keyring.sh starts it).
KEYRING_PROVIDER=kwallet
export KEYRING_PROVIDER
exec sh "$top_srcdir/tests/cache/keyring-hit-survives-runtime-dir-loss.sh"
