#!/bin/sh
# A client certificate from another CA gets no token: exit 69 or 77.
. "$top_srcdir/tests/lib.sh"

start_devserver
write_config
sed -i "s|^cert = .*|cert = $PKI/rogue-client.pem|; s|^key = .*|key = $PKI/rogue-client.key|" "$CONFIG"
run_mogoplus token
case $STATUS in 69|77) ;; *) cat "$ERR" >&2; fail "exit $STATUS";; esac
[ "$(wc -l <"$ERR")" -eq 1 ] || fail "stderr is not one line"
[ "$(ds_stat tokens_issued)" -eq 0 ] || fail "a token was issued"
[ ! -s "$OUT" ] || fail "something was printed on stdout"
