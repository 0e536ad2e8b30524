# tests/lib-setup.sh: the console's three downloads and a HOME snapshot for
# the tests of mogoplus setup (sourced after tests/lib.sh).

# console_files [SECRET]: $DL/client.json (the console's client JSON, with
# SECRET, default the dev server's), $DL/client.pem and $DL/client.key.
DL=$T/downloads
console_files() {
	mkdir -p -m 700 "$DL"
	printf '{"clientName": "ci", "clientId": "%s", "clientSecret": "%s"}\n' \
		"$CLIENT_ID" "${1:-$CLIENT_SECRET}" >"$DL/client.json"
	cp "$PKI/client.pem" "$DL/client.pem"
	cp "$PKI/client.key" "$DL/client.key"
	chmod 600 "$DL/client.json" "$DL/client.key"
}

# home_snapshot FILE: every path under HOME with its mode, size, mtime (ns)
# and, for a file, its SHA-256: what "nothing written" is checked against.
home_snapshot() {
	find "$HOME" -printf '%p %m %s %T@\n' | sort >"$1"
	find "$HOME" -type f -exec sha256sum {} + | sort >>"$1"
}

# run_setup ARGS...: mogoplus setup with the downloads against the dev
# server, and ARGS. The secret goes to a file: the user's kernel keyring
# is shared by every suite that runs on this machine.
run_setup() {
	run_mogoplus setup --from-file "$DL/client.json" --cert "$DL/client.pem" \
		--key "$DL/client.key" --ca "$PKI/ca.pem" --token-url "$URL" \
		--secret-store file "$@"
}
