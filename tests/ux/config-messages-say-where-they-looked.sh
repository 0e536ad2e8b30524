#!/bin/sh
# Configuration mistakes: the message says where mogoplus looked and what it
# found, names the profile once, shows GKeyFile's message with plain quotes
# in the C locale, and points out the usual slips. Exit 78 each time.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-ux.sh"

LC_ALL=C
export LC_ALL
start_devserver

# No file anywhere: the files searched in order, and the variables.
rm -f "$CONFIG"
expect_token_fails 78 "^mogoplus: default: no such profile: no configuration file: looked for \\\$MOGOPLUS_CONFIG \(unset\), $CONFIG, then [^ ]*/mogoplus/mogoplus.conf; create one \(see mogoplus.conf\(5\)\) or set MOGOPLUS_TOKEN_URL and MOGOPLUS_CLIENT_ID\$"

# [default] for [profile default].
printf '[default]\ntoken_url = %s\n' "$URL" >"$CONFIG"
expect_token_fails 78 "^mogoplus: default: no such profile: no \[profile default\] in $CONFIG: it has \[default\]; write the header as \[profile default\]\$"

# Another profile only: the sections that are there.
write_config
sed -i 's/^\[profile default\]/[profile work]/' "$CONFIG"
printf '[git https://git.example]\nprofile = work\n' >>"$CONFIG"
expect_token_fails 78 "^mogoplus: default: no such profile: no \[profile default\] in $CONFIG \(its sections: \[profile work\], \[git https://git.example\]\); use -p NAME or add \[profile default\]\$"

# key: value, with GKeyFile's quotes kept readable.
write_config
echo "scope: read" >>"$CONFIG"
expect_token_fails 78 "^mogoplus: default: bad configuration: $CONFIG: Key file contains line 'scope: read' which is not a key-value pair, group, or comment \(write key = value, not key: value\)\$"
grep -q '?' "$ERR" && fail "mangled quotes: $(cat "$ERR")"

# The profile's name once in a line.
write_config
sed -i '/^client_id = /d' "$CONFIG"
expect_token_fails 78 "^mogoplus: default: bad configuration: client_id is not set\$"
[ "$(grep -o default "$ERR" | wc -l)" -eq 1 ] || fail "the profile named twice: $(cat "$ERR")"

# The installed program run from the build tree before make install.
write_config
"$top_builddir/mogoplus" token >"$T/out" 2>"$T/err"
st=$?
if [ -n "$(sed -n '/not installed yet/p' "$T/err")" ]; then
	[ $st -eq 70 ] || fail "exit $st"
	grep -q 'run make install, or run it through the test suite' "$T/err" ||
		fail "no hint: $(cat "$T/err")"
else
	note "an engine is installed in pkglibdir: the build-tree case is not staged"
fi
exit 0
