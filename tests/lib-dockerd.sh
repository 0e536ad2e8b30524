# tests/lib-dockerd.sh: a Docker daemon of the test's own (sourced after
# tests/lib-docker.sh; POSIX sh).
#
# containerd and dockerd run as the test's children, as root, every path
# under $T/dockerd: their own sockets, state, data and exec roots, vfs
# storage (no overlay mount), no bridge, no iptables, no IP forwarding; no
# container is ever run. What the daemon writes outside $T is removed at
# exit: the registry's CA in /etc/docker/certs.d/HOST:PORT/ (dockerd reads
# it from nowhere else), the trust key dockerd 20.10 makes in
# /etc/docker/key.json, and its /run/docker plugin folder, each only if the
# test made it. One daemon test at a time on the machine.

DOCKERD=$(command -v dockerd 2>/dev/null || echo /usr/sbin/dockerd)
CONTAINERD=$(command -v containerd 2>/dev/null || echo /usr/bin/containerd)
[ "$(id -u)" -eq 0 ] || skip "needs root (dockerd runs as root)"
[ -z "${MP_TEST_NO_SYSTEM_CHANGES:-}" ] ||
	skip "MP_TEST_NO_SYSTEM_CHANGES is set (a package build): the test would write the registry's CA under /etc/docker"
[ -x "$DOCKERD" ] || skip "dockerd is not installed (Debian: docker.io)"
[ -x "$CONTAINERD" ] || skip "containerd is not installed (Debian: containerd)"

_dockerd_pid=
_containerd_pid=
_made=

dockerd_cleanup() {
	for _p in $_dockerd_pid $_containerd_pid; do
		kill "$_p" 2>/dev/null && wait "$_p" 2>/dev/null
	done
	for _f in $_made; do rm -rf "$_f"; done
	cleanup
}
trap dockerd_cleanup EXIT

# made PATH: remember to remove PATH at exit if it is not there yet.
made() {
	[ -e "$1" ] || _made="$_made $1"
}

# start_dockerd: containerd, then dockerd trusting the registry's CA
# (start_registry first); sets DOCKER_HOST. Needs the docker CLI.
start_dockerd() {
	need_docker_cli
	exec 8>/run/lock/mogoplus-dockerd-test.lock
	flock 8
	_d=$T/dockerd
	mkdir -p "$_d/ctd" "$_d/data" "$_d/exec"
	cat >"$_d/containerd.toml" <<C
version = 2
root = "$_d/ctd/root"
state = "$_d/ctd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.internal.v1.opt", "io.containerd.internal.v1.tracing"]
[grpc]
  address = "$_d/ctd/ctd.sock"
[ttrpc]
  address = "$_d/ctd/ctd.sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
C
	"$CONTAINERD" --config "$_d/containerd.toml" >"$_d/containerd.log" 2>&1 &
	_containerd_pid=$!
	_i=0
	until [ -S "$_d/ctd/ctd.sock" ]; do
		_i=$((_i + 1))
		if [ "$_i" -gt 300 ] || ! kill -0 "$_containerd_pid" 2>/dev/null; then
			tail -n 20 "$_d/containerd.log" >&2
			echo "containerd did not start" >&2
			exit 99
		fi
		sleep 0.1
	done
	made /etc/docker/certs.d
	made "/etc/docker/certs.d/$REG"
	made /etc/docker/key.json
	made /run/docker
	mkdir -p "/etc/docker/certs.d/$REG"
	cp "$PKI/ca.pem" "/etc/docker/certs.d/$REG/ca.crt"
	printf '{}\n' >"$_d/daemon.json"
	"$DOCKERD" --config-file "$_d/daemon.json" --host "unix://$_d/d.sock" \
		--data-root "$_d/data" --exec-root "$_d/exec" --pidfile "$_d/d.pid" \
		--containerd "$_d/ctd/ctd.sock" --storage-driver=vfs --iptables=false \
		--ip-forward=false --ip-masq=false --bridge=none --userland-proxy=false \
		>"$_d/dockerd.log" 2>&1 &
	_dockerd_pid=$!
	DOCKER_HOST=unix://$_d/d.sock
	export DOCKER_HOST
	_i=0
	until "$DOCKER_CLI" version >/dev/null 2>&1; do
		_i=$((_i + 1))
		if [ "$_i" -gt 300 ] || ! kill -0 "$_dockerd_pid" 2>/dev/null; then
			tail -n 20 "$_d/dockerd.log" >&2
			echo "dockerd did not start" >&2
			exit 99
		fi
		sleep 0.1
	done
}
