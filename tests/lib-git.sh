# tests/lib-git.sh: git client and git server for the git helper's tests
# (sourced after tests/lib.sh, POSIX sh).
#
# The server is nginx with TLS on 127.0.0.1 in the foreground, fronting
# git http-backend through fcgiwrap on a unix socket in $T; auth_request
# asks the dev server's /auth-check (over mutual TLS), so only tokens the
# dev server issued and still knows get through. Both run as this test's
# children and are stopped by PID (track_pid). The nginx part shared with
# the registry is tests/lib-nginx.sh.

HELPER=$top_builddir/tests/bin/git-credential-mogoplus
SRV=$T/srv
. "$top_srcdir/tests/lib-nginx.sh"

# The git client: no system or user config leaks in (lib.sh set HOME and
# XDG_CONFIG_HOME to empty dirs), never a prompt, our CA.
unset GIT_ASKPASS SSH_ASKPASS GIT_DIR GIT_WORK_TREE GIT_CONFIG GIT_CONFIG_PARAMETERS \
	GIT_CONFIG_COUNT GIT_CONFIG_GLOBAL GIT_TRACE GIT_TRACE_CURL
GIT_CONFIG_NOSYSTEM=1
GIT_TERMINAL_PROMPT=0
GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.invalid
GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.invalid
export GIT_CONFIG_NOSYSTEM GIT_TERMINAL_PROMPT GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
	GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
command -v git >/dev/null 2>&1 || skip "git is not installed"

# helper ARGS... <REQUEST: run the helper, stdout in $OUT, stderr in $ERR,
# status in $STATUS; the client secret must reach neither.
helper() {
	OUT=$T/out ERR=$T/err
	"$HELPER" "$@" >"$OUT" 2>"$ERR"
	STATUS=$?
	if grep -qF -- "$CLIENT_SECRET" "$OUT" "$ERR"; then
		fail "the client secret appeared in the output of the helper $*"
	fi
}

# answer KEY: the value of KEY in the helper's answer ($OUT).
answer() { sed -n "s/^$1=//p" "$OUT"; }

# auth_check TOKEN: the dev server's verdict (204 live, 401 not).
auth_check() {
	curl -s -o /dev/null -w '%{http_code}' --cacert "$PKI/ca.pem" \
		--cert "$PKI/client.pem" --key "$PKI/client.key" \
		-H @- "https://127.0.0.1:$PORT/auth-check" <<H
Authorization: Bearer $1
H
}

# revoke_all: the dev server forgets every token it issued.
revoke_all() {
	curl -s -o /dev/null --cacert "$PKI/ca.pem" --cert "$PKI/client.pem" \
		--key "$PKI/client.key" -d all=1 "https://127.0.0.1:$PORT/admin/revoke" ||
		fail "revoke failed"
}

# logged_helper: a wrapper that records each action git asks for (its last
# argument, never stdin) in $T/helper-calls, then runs the helper. Sets LOGGED.
logged_helper() {
	LOGGED=$T/bin/git-credential-logged
	mkdir -p "$T/bin"
	cat >"$LOGGED" <<W
#!/bin/sh
for a; do :; done; echo "\$a" >>"$T/helper-calls"
exec "$HELPER" "\$@"
W
	chmod 755 "$LOGGED"
}

need_git_server() {
	need_nginx
	FCGIWRAP=$(command -v fcgiwrap 2>/dev/null || echo /usr/sbin/fcgiwrap)
	BACKEND=$(git --exec-path)/git-http-backend
	[ -x "$FCGIWRAP" ] || skip "fcgiwrap is not installed (Debian: fcgiwrap)"
	[ -x "$BACKEND" ] || skip "git-http-backend not found"
}

# make_repo: $SRV/repo.git, bare, one commit, pushes allowed over http.
make_repo() {
	mkdir -p "$SRV" "$T/seed"
	git init -q -b main "$T/seed" &&
	echo one >"$T/seed/file" &&
	git -C "$T/seed" add file &&
	git -C "$T/seed" commit -q -m one &&
	git clone -q --bare "$T/seed" "$SRV/repo.git" &&
	git -C "$SRV/repo.git" config http.receivepack true ||
		{ echo "cannot make the test repository" >&2; exit 99; }
}

# start_git_server: needs start_devserver first. Sets GPORT, GURL,
# NGINX_PID, FCGI_PID; access log in $T/nginx/access.log.
start_git_server() {
	need_git_server
	make_repo
	"$FCGIWRAP" -s "unix:$T/fcgi.sock" </dev/null >/dev/null 2>"$T/fcgiwrap.err" &
	FCGI_PID=$!
	track_pid "$FCGI_PID"
	_i=0
	while [ ! -S "$T/fcgi.sock" ]; do
		_i=$((_i + 1))
		if [ "$_i" -gt 100 ] || ! kill -0 "$FCGI_PID" 2>/dev/null; then
			cat "$T/fcgiwrap.err" >&2
			echo "fcgiwrap did not start" >&2
			exit 99
		fi
		sleep 0.05
	done
	start_nginx _git_nginx_conf
	GPORT=$NGINX_PORT
	GURL=https://127.0.0.1:$GPORT
	export GIT_SSL_CAINFO="$PKI/ca.pem"
}

# The git server's nginx.conf: the shared TLS front (tests/lib-nginx.sh),
# then git-http-backend through fcgiwrap for every path.
_git_nginx_conf() {
	nginx_http_head
	nginx_auth_location
	cat <<C
		server_name localhost;
		# Without a challenge git never sends the password. (nginx's
		# auth_request also copies the dev server's own Basic challenge,
		# whatever proxy_hide_header says: the client sees both.)
		location @challenge {
			add_header WWW-Authenticate 'Basic realm="git"' always;
			return 401 "authentication required\n";
		}
		location / {
			auth_request /_auth;
			error_page 401 = @challenge;
			fastcgi_pass unix:$T/fcgi.sock;
			fastcgi_param SCRIPT_FILENAME $BACKEND;
			fastcgi_param GIT_PROJECT_ROOT $SRV;
			fastcgi_param GIT_HTTP_EXPORT_ALL "";
			fastcgi_param PATH_INFO \$uri;
			fastcgi_param QUERY_STRING \$query_string;
			fastcgi_param REQUEST_METHOD \$request_method;
			fastcgi_param CONTENT_TYPE \$content_type;
			fastcgi_param CONTENT_LENGTH \$content_length;
			fastcgi_param REMOTE_ADDR \$remote_addr;
			fastcgi_param REMOTE_USER \$remote_user;
			fastcgi_param SERVER_PROTOCOL \$server_protocol;
			fastcgi_param GATEWAY_INTERFACE CGI/1.1;
			fastcgi_param HTTP_GIT_PROTOCOL \$http_git_protocol;
		}
	}
}
C
}

# http_401s: how many requests nginx answered 401.
http_401s() { awk '$9 == 401' "$T/nginx/access.log" | wc -l; }
