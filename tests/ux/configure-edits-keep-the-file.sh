#!/bin/sh
# configure-git and configure-docker change only the lines of the section
# they add or remove: spaces around '=', comments and blank lines stay as
# the user wrote them, and add then remove gives back the same bytes.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-ux.sh"

make_pki
URL=https://127.0.0.1:1/t
write_config
printf '\n# my own notes\n[profile work]\nclient_id   =   other\n\n' >>"$CONFIG"
cp "$CONFIG" "$T/orig"
run_mogoplus configure-git https://git.example.com
expect_status 0
diff "$T/orig" "$CONFIG" >"$T/diff"
[ "$(grep -c '^[<]' "$T/diff")" -eq 0 ] || fail "configure-git changed existing lines: $(cat "$T/diff")"
grep -q '^> \[git https://git.example.com\]$' "$T/diff" || fail "no section added: $(cat "$T/diff")"
run_mogoplus configure-git --remove https://git.example.com
expect_status 0
cmp -s "$T/orig" "$CONFIG" || fail "add then remove changed the file: $(diff "$T/orig" "$CONFIG")"

run_mogoplus configure-docker registry.example.com
expect_status 0
diff "$T/orig" "$CONFIG" >"$T/diff"
[ "$(grep -c '^[<]' "$T/diff")" -eq 0 ] || fail "configure-docker changed existing lines: $(cat "$T/diff")"
grep -q '^> \[docker registry.example.com\]$' "$T/diff" || fail "no section added: $(cat "$T/diff")"
run_mogoplus configure-docker --remove registry.example.com
expect_status 0
cmp -s "$T/orig" "$CONFIG" || fail "add then remove changed the file: $(diff "$T/orig" "$CONFIG")"
exit 0
