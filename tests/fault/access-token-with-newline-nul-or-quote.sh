#!/bin/sh
# An access_token holding a newline, a NUL or a quote could split a line of
# git's or Docker's protocol, or a cache file: refused with exit 76 and one
# line, never printed, never cached.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-fault.sh"

started=
for json in '"tok\nen"' '"tok\u0000en"' '"tok\"en"' '"tok\ren"'; do
	printf '%s' "$json" >"$T/token.json"
	if [ -z "$started" ]; then
		start_devserver --access-token-json-file "$T/token.json"
		write_config
		started=1
	else
		restart_devserver --access-token-json-file "$T/token.json"
	fi
	run_mogoplus token
	expect_failure 76 '^mogoplus: default: invalid token response: access_token'
done
