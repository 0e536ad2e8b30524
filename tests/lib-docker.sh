# tests/lib-docker.sh: the Docker helper's tests (sourced after lib.sh).
#
# A registry on loopback that accepts only tokens the dev server issued:
# docker-registry serves plain http on 127.0.0.1, nginx terminates TLS with
# the test PKI's server certificate and asks the dev server's /auth-check
# (over mutual TLS, with the client certificate) about every request's
# Authorization header. Everything runs in the foreground as the test's own
# child, with every path under $T, and is stopped by PID. The nginx part
# shared with the git server is tests/lib-nginx.sh.

HELPER=$top_builddir/tests/bin/docker-credential-mogoplus
. "$top_srcdir/tests/lib-nginx.sh"
[ -x "$HELPER" ] || { echo "docker-credential-mogoplus not built" >&2; exit 99; }
# Clients find the helper on PATH as docker-credential-mogoplus.
mkdir -p "$T/bin"
ln -s "$HELPER" "$T/bin/docker-credential-mogoplus"
PATH=$T/bin:$PATH
export PATH
# The helper runs as a user would have it: tokens in the runtime cache
# (file tier; no keyring in the tests). A test may set CACHE_MODE first.
CACHE_MODE=${CACHE_MODE:-file}
unset DOCKER_CONFIG REGISTRY_AUTH_FILE MOGOPLUS_DOCKER_REGISTRIES DOCKER_HOST \
	DOCKER_CERT_PATH DOCKER_TLS_VERIFY

# run_helper ACTION [INPUT]: sets STATUS, OUT and ERR like run_mogoplus,
# and checks that the client secret reached neither.
run_helper() {
	OUT=$T/out ERR=$T/err
	printf '%s' "${2-}" | "$HELPER" "$1" >"$OUT" 2>"$ERR"
	STATUS=$?
	if grep -qF -- "$CLIENT_SECRET" "$OUT" "$ERR"; then
		fail "the client secret appeared in the output of $1"
	fi
}

# json_get FILE KEY: a top-level string member (the answers are one line).
json_get() {
	sed -n 's/.*"'"$2"'":"\([^"]*\)".*/\1/p' "$1"
}

# revoke_all: the dev server forgets every token it issued.
revoke_all() {
	curl -sf -o /dev/null --cacert "$PKI/ca.pem" --cert "$PKI/client.pem" \
		--key "$PKI/client.key" -d all=1 "https://127.0.0.1:$PORT/admin/revoke" ||
		fail "cannot revoke tokens"
}

# wait_http URL PID: until URL answers (any status) or PID dies.
wait_http() {
	_i=0
	while ! curl -s -o /dev/null --max-time 1 -k "$1"; do
		_i=$((_i + 1))
		kill -0 "$2" 2>/dev/null || return 1
		[ "$_i" -lt 100 ] || return 1
		sleep 0.1
	done
}

need() {
	command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed (Debian: $2)"
}

# start_registry: docker-registry behind nginx; sets REG (127.0.0.1:PORT),
# REG_PORT, REG_PID, NGINX_PID. Needs start_devserver first.
start_registry() {
	need docker-registry docker-registry
	need_nginx
	mkdir -p "$T/registry/data"
	for _try in 1 2 3; do
		RPORT=$(free_port)
		cat >"$T/registry/config.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $T/registry/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$RPORT
  relativeurls: true
EOF
		docker-registry serve "$T/registry/config.yml" >"$T/registry/log" 2>&1 &
		REG_PID=$!
		track_pid "$REG_PID"
		wait_http "http://127.0.0.1:$RPORT/v2/" "$REG_PID" && break
		kill "$REG_PID" 2>/dev/null && wait "$REG_PID" 2>/dev/null
		REG_PID=
	done
	[ -n "$REG_PID" ] || { cat "$T/registry/log" >&2; echo "registry did not start" >&2; exit 99; }

	start_nginx _registry_nginx_conf
	REG_PORT=$NGINX_PORT
	REG=127.0.0.1:$REG_PORT
}

# The registry's nginx.conf: the shared TLS front (tests/lib-nginx.sh), then
# /v2/ proxied to docker-registry on $RPORT.
_registry_nginx_conf() {
	nginx_http_head
	nginx_auth_location
	cat <<EOF
		location /v2/ {
			auth_request /_auth;
			error_page 401 = @challenge;
			proxy_pass http://127.0.0.1:$RPORT;
			proxy_set_header Host \$http_host;
			proxy_set_header X-Forwarded-Proto https;
			proxy_request_buffering off;
			proxy_buffering off;
			proxy_read_timeout 60s;
			add_header Docker-Distribution-Api-Version registry/2.0 always;
		}
		# Without a Basic challenge the clients never send credentials.
		location @challenge {
			add_header WWW-Authenticate 'Basic realm="mogoplus-test-registry"' always;
			add_header Docker-Distribution-Api-Version registry/2.0 always;
			return 401;
		}
	}
}
EOF
}

# make_oci_image DIR: a one-layer OCI image layout, digests computed here.
make_oci_image() {
	_d=$1
	mkdir -p "$_d/blobs/sha256" "$T/layer/hello"
	printf 'hello from mogoplus\n' >"$T/layer/hello/hello.txt"
	tar -C "$T/layer" --owner=0 --group=0 --numeric-owner --mtime=@0 \
		-cf - hello | gzip -n >"$T/layer.tar.gz"
	_diff=$(gzip -dc "$T/layer.tar.gz" | sha256sum | cut -d' ' -f1)
	_lay=$(sha256sum <"$T/layer.tar.gz" | cut -d' ' -f1)
	_lsz=$(wc -c <"$T/layer.tar.gz")
	LAYER_DIGEST=sha256:$_lay
	mv "$T/layer.tar.gz" "$_d/blobs/sha256/$_lay"
	printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
		"$_diff" >"$T/config.json"
	_cfg=$(sha256sum <"$T/config.json" | cut -d' ' -f1)
	_csz=$(wc -c <"$T/config.json")
	mv "$T/config.json" "$_d/blobs/sha256/$_cfg"
	printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
		"$_cfg" "$_csz" "$_lay" "$_lsz" >"$T/manifest.json"
	IMAGE_DIGEST=sha256:$(sha256sum <"$T/manifest.json" | cut -d' ' -f1)
	_msz=$(wc -c <"$T/manifest.json")
	mv "$T/manifest.json" "$_d/blobs/sha256/${IMAGE_DIGEST#sha256:}"
	printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"latest"}}]}' \
		"$IMAGE_DIGEST" "$_msz" >"$_d/index.json"
	printf '{"imageLayoutVersion":"1.0.0"}' >"$_d/oci-layout"
}

# setup_skopeo: an authfile with credHelpers only, and the test CA trusted.
setup_skopeo() {
	need skopeo skopeo
	mkdir -p "$T/certs"
	cp "$PKI/ca.pem" "$T/certs/ca.crt"
	printf '{"credHelpers":{"%s":"mogoplus"}}\n' "$REG" >"$T/auth.json"
	# skopeo must not find credentials anywhere else.
	XDG_RUNTIME_DIR=$T/run
	mkdir -p "$XDG_RUNTIME_DIR"
	chmod 700 "$XDG_RUNTIME_DIR"
	export XDG_RUNTIME_DIR
}

# log_helper_calls: clients run a wrapper that appends each action to
# $T/helper-calls, so a test can prove which actions a client used.
log_helper_calls() {
	rm -f "$T/bin/docker-credential-mogoplus"
	cat >"$T/bin/docker-credential-mogoplus" <<EOF
#!/bin/sh
echo "\$1" >>"$T/helper-calls"
exec "$HELPER" "\$@"
EOF
	chmod 755 "$T/bin/docker-credential-mogoplus"
	: >"$T/helper-calls"
}

# have_cache: the runtime token cache (core/cache.c, the lead's work) is in
# this tree; without it every get mints a token and evicting is a no-op.
have_cache() { [ -f "$top_srcdir/core/cache.c" ]; }

# The Debian-packaged docker CLI (docker.io), never another one on PATH.
DOCKER_CLI=/usr/bin/docker
need_docker_cli() {
	[ -x "$DOCKER_CLI" ] || skip "$DOCKER_CLI missing: the Debian docker CLI (docker.io) is not installed"
}

# log_helper_input: like log_helper_calls, and each call's action and
# stdin (store's Secret blanked out) go to $T/helper-input as one line, so
# a test (and its log) shows what each client sent.
log_helper_input() {
	rm -f "$T/bin/docker-credential-mogoplus"
	cat >"$T/bin/docker-credential-mogoplus" <<EOF2
#!/bin/sh
echo "\$1" >>"$T/helper-calls"
in=\$(mktemp "$T/helper-in.XXXXXX") || exit 1
cat >"\$in"
printf '%s %s\n' "\$1" "\$(sed 's/"Secret":"[^"]*"/"Secret":"(hidden)"/' "\$in" | tr -d '\n')" >>"$T/helper-input"
"$HELPER" "\$@" <"\$in"
s=\$?
rm -f "\$in"
exit \$s
EOF2
	chmod 755 "$T/bin/docker-credential-mogoplus"
	: >"$T/helper-calls"
	: >"$T/helper-input"
}

# need_podman: podman (Debian: podman), run as this user with its storage,
# run state, network config and temp files under $T/podman (vfs: no
# overlay mount), the test CA in $T/certs (setup_skopeo first), and
# XDG_RUNTIME_DIR under $T (its primary auth file lives there). As root,
# podman and skopeo alike update /var/lib/containers/cache's blob-info
# cache, which has no switch.
need_podman() {
	need podman podman
	mkdir -p "$T/podman/root" "$T/podman/runroot" "$T/podman/tmp" "$T/podman/net"
}
pm() {
	TMPDIR=$T/podman/tmp timeout 120 podman --root "$T/podman/root" \
		--runroot "$T/podman/runroot" --tmpdir "$T/podman/tmp" \
		--network-config-dir "$T/podman/net" --storage-driver vfs \
		--events-backend none --cgroup-manager cgroupfs "$@"
}
