#!/bin/sh
# mogoplus doctor answers at once when cert, key or ca is a FIFO: the file check names it ("not a regular file"), the network probe (where libcurl and GnuTLS would open the FIFO and wait) is not tried, and no token is asked for. timeout(1) only keeps a hang from hanging the suite.
. "$top_srcdir/tests/lib.sh"

start_devserver
mkfifo -m 600 "$T/fifo"
for k in cert key ca; do
	write_config
	sed -i "s|^$k = .*|$k = $T/fifo|" "$CONFIG"
	STATUS=0
	timeout 30 "$MOGOPLUS" doctor >"$T/out" 2>"$T/err" || STATUS=$?
	[ "$STATUS" -ne 124 ] || fail "doctor hung on a FIFO as $k"
	[ "$STATUS" -eq 78 ] || { cat "$T/out" "$T/err" >&2; fail "$k as a FIFO: exit $STATUS, not 78"; }
	grep -q "$T/fifo: not a regular file" "$T/out" ||
		{ cat "$T/out" >&2; fail "$k as a FIFO: the FIFO is not named"; }
	grep -q "^✗ tls: not tried" "$T/out" ||
		{ cat "$T/out" >&2; fail "$k as a FIFO: the tls line does not say it was not tried"; }
	# The token command fails the same way, at once.
	STATUS=0
	timeout 30 "$MOGOPLUS" token >"$T/out" 2>"$T/err" || STATUS=$?
	[ "$STATUS" -eq 78 ] || { cat "$T/err" >&2; fail "token with $k as a FIFO: exit $STATUS"; }
done
[ "$(ds_stat token_requests)" -eq 0 ] || fail "a token was asked for with a FIFO in the profile"
exit 0
