#!/bin/sh
# One rule for file: secrets and the private key file (OpenSSH's key check): a regular file, owned by the user or root, no permission for group or others. Anything else is refused before any request, in one line naming the file and saying chmod 600 FILE; a FIFO is refused, never waited on.
. "$top_srcdir/tests/lib.sh"

start_devserver
write_config
KEY=$PKI/client.key
# refused FILE WHAT: mogoplus token exits 78 naming WHAT and FILE, nothing sent.
refused() {
	# timeout(1) only keeps a hang from hanging the suite; the refusal is the check.
	OUT=$T/out ERR=$T/err STATUS=0
	timeout 60 "$MOGOPLUS" token >"$OUT" 2>"$ERR" || STATUS=$?
	[ "$STATUS" -ne 124 ] || fail "blocked on $1"
	expect_status 78
	expect_err "^mogoplus: default: $2: $1: $3"
	[ "$(ds_stat token_requests)" -eq 0 ] || fail "a request was made with $1 refused"
}
for mode in 640 604 660 620 610 601; do
	chmod "$mode" "$T/secret"
	refused "$T/secret" "client secret file" "open to group or others, mode 0$mode \\(chmod 600 $T/secret\\)$"
	chmod 600 "$T/secret"
	chmod "$mode" "$KEY"
	refused "$KEY" "client key" "open to group or others, mode 0$mode \\(chmod 600 $KEY\\)$"
	chmod 600 "$KEY"
done
# The key inside cert (no key line): cert is the private file then.
cat "$PKI/client.pem" "$KEY" >"$T/both.pem"
chmod 644 "$T/both.pem"
sed -i "s|^cert = .*|cert = $T/both.pem|; /^key = /d" "$CONFIG"
refused "$T/both.pem" "client certificate" "open to group or others, mode 0644 \\(chmod 600 $T/both.pem\\)$"
chmod 600 "$T/both.pem"
run_mogoplus token
expect_status 0
write_config
# A FIFO, a symlink, another user's file: refused alike.
mv "$T/secret" "$T/secret.real"
mkfifo "$T/secret"
ds_base=$(ds_stat token_requests)
refused_fifo() {
	OUT=$T/out ERR=$T/err STATUS=0
	timeout 60 "$MOGOPLUS" token >"$OUT" 2>"$ERR" || STATUS=$?
	[ "$STATUS" -ne 124 ] || fail "blocked on the FIFO $1"
	expect_status 78
	expect_err "$2: $1: not a regular file$"
}
refused_fifo "$T/secret" "client secret file"
rm "$T/secret"
ln -s "$T/secret.real" "$T/secret"
OUT=$T/out ERR=$T/err; "$MOGOPLUS" token >"$OUT" 2>"$ERR"; STATUS=$?
expect_status 78
expect_err "client secret file: $T/secret: a symbolic link \\(name the file itself\\)$"
rm "$T/secret"
mv "$T/secret.real" "$T/secret"
mv "$KEY" "$KEY.real"
mkfifo "$KEY"
refused_fifo "$KEY" "client key"
rm "$KEY"
mv "$KEY.real" "$KEY"
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	chown nobody "$T/secret"
	OUT=$T/out ERR=$T/err; "$MOGOPLUS" token >"$OUT" 2>"$ERR"; STATUS=$?
	expect_status 78
	expect_err "client secret file: $T/secret: owned by uid $(id -u nobody), neither you nor root \\(use a copy of your own, chmod 600 $T/secret\\)$"
	chown 0 "$T/secret"
	cp "$KEY" "$T/other.key"
	chown nobody "$T/other.key"
	sed -i "s|^key = .*|key = $T/other.key|" "$CONFIG"
	OUT=$T/out ERR=$T/err; "$MOGOPLUS" token >"$OUT" 2>"$ERR"; STATUS=$?
	expect_status 78
	expect_err "client key: $T/other.key: owned by uid $(id -u nobody), neither you nor root"
	write_config
else
	note "not root: the other-owner cases are not tried"
fi
[ "$(ds_stat token_requests)" -eq "$ds_base" ] || fail "a request was made with a refused file"
# A pkcs11: key is no file: the file rule does not apply to it.
sed -i "s|^key = .*|key = pkcs11:token=absent;object=absent|" "$CONFIG"
run_mogoplus token
[ "$STATUS" -ne 0 ] || fail "a key in an absent token worked"
grep -q 'chmod 600' "$ERR" && { cat "$ERR" >&2; fail "a pkcs11: URI was checked as a file"; }
# The control: the same files, private, work.
write_config
run_mogoplus token
expect_status 0
