/*
 * caller.c: was the helper called by a `login` command?
 *
 * Nothing calls a credential helper's erase after a registry answers 401:
 * not the docker CLI, not dockerd, not podman. A token the server revoked
 * would be served until it expires, and the step a user takes then,
 * `docker login REG` or `podman login REG`, calls get like any pull does.
 * The protocol does not say why get is called, so we look at the process
 * that called us: the docker CLI, podman, skopeo and buildah run the helper
 * as their direct child, with their own argv (a wrapper script that runs
 * docker-credential-* is looked through). A "login" word among the
 * caller's arguments is taken for a login. A wrong guess either way is
 * cheap and never a failure: a pull taken for a login (an image named
 * "login") costs one token request; a login not seen serves the cached
 * token, as before.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "caller.h"

#define PROC_FILE_MAX 65536	/* longer: not looked at (no login seen) */
#define WRAPPERS_MAX 3		/* wrapper scripts looked through */

/* /proc/PID/NAME into b (emptied first); 0 on success. */
static int
read_proc(long pid, const char *name, struct mp_buf *b)
{
	char path[64];
	int fd, ret = -1;

	mp_buf_clear(b);
	(void)snprintf(path, sizeof(path), "/proc/%ld/%s", pid, name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1)
		return -1;
	if (mp_read_all(fd, b) == MP_OK && b->data != NULL)
		ret = 0;
	(void)close(fd);
	return ret;
}

/* The parent of pid from /proc/PID/status, or 0. */
static long
parent_of(long pid)
{
	struct mp_buf b = MP_BUF_INIT(PROC_FILE_MAX);
	char num[24];
	const char *line;
	long ppid = 0;
	size_t n;

	if (read_proc(pid, "status", &b) == 0 &&
	    (line = strstr(b.data, "\nPPid:\t")) != NULL) {
		line += 7;
		n = strcspn(line, "\n");
		if (n < sizeof(num)) {
			memcpy(num, line, n);
			num[n] = '\0';
			if (mp_parse_long(num, 0, 0x7fffffffL, &ppid) != MP_OK)
				ppid = 0;
		}
	}
	mp_buf_clear(&b);
	return ppid;
}

/* In the NUL-separated argv of b: 1 when an argument is "login", 2 when
 * one names a docker-credential-* program (a wrapper of ours), else 0. */
static int
look_at(const struct mp_buf *b)
{
	int wrapper = 0;

	for (size_t i = 0; i < b->len; i += strnlen(b->data + i, b->len - i) + 1) {
		if (i > 0 && strcmp(b->data + i, "login") == 0)
			return 1;
		if (strstr(b->data + i, "docker-credential-") != NULL)
			wrapper = 1;
	}
	return wrapper ? 2 : 0;
}

int
dk_caller_is_login(void)
{
	struct mp_buf b = MP_BUF_INIT(PROC_FILE_MAX);
	long pid = (long)getppid();
	int seen = 0;

	for (int depth = 0; depth <= WRAPPERS_MAX && pid > 1; depth++) {
		if (read_proc(pid, "cmdline", &b) != 0 || (seen = look_at(&b)) != 2)
			break;
		pid = parent_of(pid);
	}
	mp_buf_clear(&b);
	return seen == 1;
}
