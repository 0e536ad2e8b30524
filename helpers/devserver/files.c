/*
 * helpers/devserver/files.c: reading a whole file, writing one atomically.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devserver.h"

/* Reads a whole regular file, NUL-terminated; the caller frees (wipes first
 * for keys and the clients file). */
int
ds_read_file(const char *path, char **out, size_t *outlen)
{
	int r = -1;
	int fd = -1;
	struct stat stb;
	char *buf = NULL;
	size_t len = 0;
	ssize_t n;

	*out = NULL;
	*outlen = 0;
	memset(&stb, 0, sizeof(stb));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &stb) != 0) {
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(stb.st_mode) || stb.st_size > FILE_MAX) {
		fprintf(stderr, PROG ": %s: not a regular file of at most %d bytes\n",
		    path, FILE_MAX);
		goto out;
	}
	if ((buf = malloc((size_t)stb.st_size + 1)) == NULL) {
		fprintf(stderr, PROG ": out of memory\n");
		goto out;
	}
	while (len < (size_t)stb.st_size) {
		n = read(fd, buf + len, (size_t)stb.st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	buf = NULL;
	r = 0;
out:
	if (buf != NULL)
		ds_secret_free(buf, (size_t)stb.st_size + 1);
	if (fd >= 0)
		close(fd);
	return r;
}

/* Temp file in the same directory, then rename: a reader polling the file
 * sees either nothing or the whole content, never half of it. */
int
ds_write_file_atomic(const char *path, const char *data, size_t len)
{
	int r = -1;
	int fd = -1;
	char tmp[PATH_MAX];
	size_t off = 0;
	ssize_t n;
	int made = 0;
	int k;

	k = snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	if (k < 0 || (size_t)k >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		goto out;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0)
		goto out;
	made = 1;
	while (off < len) {
		n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out;
		off += (size_t)n;
	}
	if (close(fd) != 0) {
		fd = -1;
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto out;
	made = 0;
	r = 0;
out:
	if (fd >= 0)
		close(fd);
	if (made)
		unlink(tmp);
	return r;
}

int
ds_write_number_file(const char *path, long v)
{
	char line[32];
	int k;

	k = snprintf(line, sizeof(line), "%ld\n", v);
	if (k < 0 || (size_t)k >= sizeof(line))
		return -1;
	if (ds_write_file_atomic(path, line, (size_t)k) != 0) {
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}
