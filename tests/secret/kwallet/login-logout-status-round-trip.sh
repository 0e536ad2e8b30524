#!/bin/sh
# tests/cache/login-logout-status-round-trip.sh against KWallet (tests/lib-keyring.sh starts it).
KEYRING_PROVIDER=kwallet
export KEYRING_PROVIDER
exec sh "$top_srcdir/tests/cache/login-logout-status-round-trip.sh"
