# tests/lib-nginx.sh: the TLS front both test servers share (sourced by
# tests/lib-git.sh and tests/lib-docker.sh, after tests/lib.sh; POSIX sh).
#
# nginx runs on 127.0.0.1 in the foreground as the test's own child, every
# path under $T/nginx, terminating TLS with the test PKI's server
# certificate. Its internal /_auth location asks the dev server's
# /auth-check (over mutual TLS, with the client certificate) about the
# request's Authorization header, for auth_request. What sits behind it
# (git-http-backend, docker-registry) is each caller's own part.

NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)

need_nginx() {
	[ -x "$NGINX" ] || skip "nginx is not installed (Debian: nginx)"
	command -v curl >/dev/null 2>&1 || skip "curl is not installed"
}

# nginx_http_head: the top of nginx.conf up to the open TLS server block
# listening on $NGINX_PORT. The caller prints its locations and closes the
# server and http blocks.
nginx_http_head() {
	cat <<C
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
		listen 127.0.0.1:$NGINX_PORT ssl;
		ssl_certificate $PKI/server.pem;
		ssl_certificate_key $PKI/server.key;
C
}

# nginx_auth_location: the internal location for `auth_request /_auth;`.
# The dev server at $PORT answers 204 for a token it issued and still
# knows, 401 otherwise; nginx shows it the client certificate.
nginx_auth_location() {
	cat <<C
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
C
}

# start_nginx CONF_FUNCTION: on a free port (NGINX_PORT), CONF_FUNCTION
# prints the whole nginx.conf (nginx_http_head, nginx_auth_location, the
# caller's locations); nginx runs as a tracked child until it answers
# https://127.0.0.1:$NGINX_PORT/ (any status). Another port if the bind
# lost a race. Sets NGINX_PORT and NGINX_PID; logs in $T/nginx.
start_nginx() {
	need_nginx
	mkdir -p "$T/nginx/tmp"
	for _try in 1 2 3 4 5 6 7 8 9 10; do
		NGINX_PORT=$(free_port)
		"$1" >"$T/nginx/nginx.conf"
		: >"$T/nginx/error.log"
		"$NGINX" -p "$T/nginx" -c "$T/nginx/nginx.conf" -e "$T/nginx/error.log" \
			</dev/null >/dev/null 2>>"$T/nginx/error.log" &
		NGINX_PID=$!
		track_pid "$NGINX_PID"
		_i=0
		while kill -0 "$NGINX_PID" 2>/dev/null; do
			if curl -s -o /dev/null --max-time 1 --cacert "$PKI/ca.pem" \
				"https://127.0.0.1:$NGINX_PORT/" 2>/dev/null; then
				return 0
			fi
			_i=$((_i + 1))
			if [ "$_i" -gt 100 ]; then
				kill "$NGINX_PID"; wait "$NGINX_PID"
				cat "$T/nginx/error.log" >&2
				echo "nginx did not answer" >&2
				exit 99
			fi
			sleep 0.1
		done
		wait "$NGINX_PID"
		# Gone: no longer ours to stop at exit (its PID may be reused).
		_pids=${_pids% "$NGINX_PID"}
		grep -q 'Address already in use' "$T/nginx/error.log" || break
	done
	cat "$T/nginx/error.log" >&2
	echo "nginx did not start" >&2
	exit 99
}
