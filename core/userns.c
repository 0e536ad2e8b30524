/*
 * userns.c: who "root" is when we run inside a user namespace.
 *
 * Rootless podman runs its credential helper inside the user namespace it
 * makes for its user: there the user is uid 0 and every uid the namespace
 * does not map, real root's among them, shows as the kernel's overflow uid
 * (65534, "nobody"). A file that root installed, a module in our pkglibdir
 * say, then looks owned by nobody. In such a namespace, and only when real
 * root is not mapped into it, the overflow uid stands for root too. Where
 * /proc cannot be read we take the initial namespace: only uid 0 is root,
 * which refuses more, never less.
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "mputil.h"

#define SMALL_FILE_MAX 4096	/* uid_map holds at most 340 lines of 3 numbers */

/* The whole small file at path, NUL-terminated, into buf; 0 on success. */
static int
read_small(const char *path, char *buf, size_t size)
{
	struct mp_buf b = MP_BUF_INIT(SMALL_FILE_MAX);
	int fd, ret = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1)
		return -1;
	if (mp_read_all(fd, &b) == MP_OK && b.len < size) {
		memcpy(buf, b.data != NULL ? b.data : "", b.len);
		buf[b.len] = '\0';
		ret = 0;
	}
	(void)close(fd);
	mp_buf_clear(&b);
	return ret;
}

/* The decimal number at *s (after blanks) into *out, *s moved past it;
 * 0 on success, -1 when there is none or it is over UINT32_MAX. */
static int
next_number(const char **s, unsigned long long *out)
{
	const char *p = *s;
	unsigned long long v = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned long long)(*p - '0');
		if (v > 0xffffffffULL)
			return -1;
	}
	*s = p;
	*out = v;
	return 0;
}

/*
 * 1 when /proc/self/uid_map maps no uid of ours onto real root (uid 0 of
 * the initial namespace), 0 when one does or the map cannot be read. Each
 * line is "INSIDE OUTSIDE COUNT"; the initial namespace's is
 * "0 0 4294967295".
 */
static int
root_unmapped(void)
{
	char map[SMALL_FILE_MAX];
	const char *p = map;

	if (read_small("/proc/self/uid_map", map, sizeof(map)) != 0)
		return 0;
	while (*p != '\0') {
		unsigned long long inside, outside, count;

		if (next_number(&p, &inside) != 0 || next_number(&p, &outside) != 0 ||
		    next_number(&p, &count) != 0)
			return 0;	/* unreadable: as if root were mapped */
		if (outside == 0 && count > 0)
			return 0;
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
	}
	return 1;
}

/* The kernel's overflow uid, or (uid_t)-1 when it cannot be read. */
static uid_t
overflow_uid(void)
{
	char text[32];
	const char *p = text;
	unsigned long long v;

	if (read_small("/proc/sys/kernel/overflowuid", text, sizeof(text)) != 0 ||
	    next_number(&p, &v) != 0)
		return (uid_t)-1;
	return (uid_t)v;
}

int
mp_uid_is_root(uid_t uid)
{
	uid_t nobody;

	if (uid == 0)
		return 1;
	if ((nobody = overflow_uid()) == (uid_t)-1 || uid != nobody)
		return 0;
	return root_unmapped();
}
