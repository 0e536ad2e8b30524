# tests/lib-git.sh: git client and git server for the git helper's tests
# (sourced after tests/lib.sh, POSIX sh).
#
# The server is nginx with TLS on 127.0.0.1 in the foreground, fronting
# git http-backend through fcgiwrap on a unix socket in $T; auth_request
# asks the dev server's /auth-check (over mutual TLS), so only tokens the
# dev server issued and still knows get through. Both run as this test's
# children and are stopped by PID (track_pid).

HELPER=$top_builddir/git-credential-mogoplus
SRV=$T/srv

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
	NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
	FCGIWRAP=$(command -v fcgiwrap 2>/dev/null || echo /usr/sbin/fcgiwrap)
	BACKEND=$(git --exec-path)/git-http-backend
	[ -x "$NGINX" ] || skip "nginx is not installed (Debian: nginx)"
	[ -x "$FCGIWRAP" ] || skip "fcgiwrap is not installed (Debian: fcgiwrap)"
	[ -x "$BACKEND" ] || skip "git-http-backend not found"
	command -v curl >/dev/null 2>&1 || skip "curl is not installed"
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
	mkdir -p "$T/nginx/tmp"
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
	# A free port: try a few at random; nginx exits at once if bind fails.
	for _try in 1 2 3 4 5 6 7 8 9 10; do
		GPORT=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 + 20000 ))
		_nginx_conf
		: >"$T/nginx/error.log"
		"$NGINX" -p "$T/nginx" -c "$T/nginx/nginx.conf" -e "$T/nginx/error.log" </dev/null >/dev/null \
			2>>"$T/nginx/error.log" &
		NGINX_PID=$!
		_i=0
		while kill -0 "$NGINX_PID" 2>/dev/null; do
			if curl -s -o /dev/null --cacert "$PKI/ca.pem" \
				"https://127.0.0.1:$GPORT/" 2>/dev/null; then
				track_pid "$NGINX_PID"
				GURL=https://127.0.0.1:$GPORT
				export GIT_SSL_CAINFO="$PKI/ca.pem"
				return 0
			fi
			_i=$((_i + 1))
			if [ "$_i" -gt 100 ]; then
				kill "$NGINX_PID"; wait "$NGINX_PID"
				cat "$T/nginx/error.log" >&2
				echo "nginx did not answer" >&2
				exit 99
			fi
			sleep 0.05
		done
		wait "$NGINX_PID"
		grep -q 'Address already in use' "$T/nginx/error.log" || break
	done
	cat "$T/nginx/error.log" >&2
	echo "nginx did not start" >&2
	exit 99
}

_nginx_conf() {
	cat >"$T/nginx/nginx.conf" <<C
daemon off;
master_process off;
worker_processes 1;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log warn;
events { worker_connections 64; }
http {
	access_log $T/nginx/access.log;
	client_body_temp_path $T/nginx/tmp/body;
	proxy_temp_path $T/nginx/tmp/proxy;
	fastcgi_temp_path $T/nginx/tmp/fastcgi;
	uwsgi_temp_path $T/nginx/tmp/uwsgi;
	scgi_temp_path $T/nginx/tmp/scgi;
	client_max_body_size 0;
	server {
		listen 127.0.0.1:$GPORT ssl;
		server_name localhost;
		ssl_certificate $PKI/server.pem;
		ssl_certificate_key $PKI/server.key;

		# Only tokens the dev server issued and still knows get through.
		location = /_auth {
			internal;
			proxy_pass https://127.0.0.1:$PORT/auth-check;
			proxy_method GET;
			proxy_pass_request_body off;
			proxy_set_header Content-Length "";
			proxy_set_header Authorization \$http_authorization;
			proxy_ssl_certificate $PKI/client.pem;
			proxy_ssl_certificate_key $PKI/client.key;
			proxy_ssl_trusted_certificate $PKI/ca.pem;
			proxy_ssl_verify on;
			proxy_ssl_name localhost;
		}
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
