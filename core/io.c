/*
 * io.c: whole reads and writes on a descriptor. read(2) and write(2) may
 * stop short or be interrupted by a signal; every caller needs the same
 * loop, and a file's bytes may be secret, so the loop lives here once.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "mputil.h"

int
mp_read_all(int fd, struct mp_buf *b)
{
	char chunk[1024];
	ssize_t n;
	int r = MP_ERR_INTERNAL;

	for (;;) {
		if ((n = read(fd, chunk, sizeof(chunk))) < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = MP_ERR_INTERNAL;	/* errno says why */
			goto out;
		}
		if (n == 0)
			break;
		if ((r = mp_buf_add(b, chunk, (size_t)n)) != MP_OK)
			goto out;
	}
	r = MP_OK;
 out:
	explicit_bzero(chunk, sizeof(chunk));	/* the bytes may be a secret */
	return r;
}

int
mp_write_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, s, n)) < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;	/* no progress: do not spin */
			return MP_ERR_INTERNAL;
		}
		s += w;
		n -= (size_t)w;
	}
	return MP_OK;
}
