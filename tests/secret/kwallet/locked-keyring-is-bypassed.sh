#!/bin/sh
# tests/cache/locked-keyring-is-bypassed.sh against KWallet (tests/lib-keyring.sh starts it).
KEYRING_PROVIDER=kwallet
export KEYRING_PROVIDER
exec sh "$top_srcdir/tests/cache/locked-keyring-is-bypassed.sh"
