#!/bin/sh
# expires_in of 0, negative, a float, a string or over ten years is not a
# lifetime a token can be kept for: exit 76, one line, nothing cached.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-fault.sh"

started=
for json in 0 -5 1.5 '"60"' 400000000; do
	if [ -z "$started" ]; then
		start_devserver --expires-in-json "$json"
		write_config
		started=1
	else
		restart_devserver --expires-in-json "$json"
	fi
	run_mogoplus token
	expect_failure 76 '^mogoplus: default: invalid token response: expires_in'
done
