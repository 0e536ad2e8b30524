/* source.c: where a client secret or key password comes from. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define SECRET_FILE_MAX 8192

static int
read_secret_file(struct mp_ctx *ctx, const char *path, const char *what,
    char **out)
{
	struct mp_buf b = MP_BUF_INIT(SECRET_FILE_MAX, 1);
	struct stat st;
	int fd = -1, r = MP_ERR_INTERNAL;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		r = mp_fail(ctx, MP_ERR_SECRET, "%s: %s: %s", what, path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		r = mp_fail(ctx, MP_ERR_SECRET, "%s: %s: not a regular file", what, path);
		goto out;
	}
	/* Like ssh with private keys: a secret others can read is no secret. */
	if (st.st_mode & (S_IROTH | S_IWOTH | S_IWGRP)) {
		r = mp_fail(ctx, MP_ERR_SECRET, "%s: %s is accessible by others "
		    "(chmod 600 it)", what, path);
		goto out;
	}
	if ((r = mp_read_all(fd, &b)) != MP_OK) {
		if (r == MP_ERR_INTERNAL)
			r = mp_fail(ctx, MP_ERR_SECRET, "%s: %s: %s", what, path,
			    strerror(errno));
		else
			r = mp_fail(ctx, MP_ERR_SECRET, "%s: %s is too large", what, path);
		goto out;
	}
	if (b.len > 0 && memchr(b.data, '\0', b.len) != NULL) {
		r = mp_fail(ctx, MP_ERR_SECRET, "%s: %s holds a NUL byte", what, path);
		goto out;
	}
	/* An editor's trailing newline is not part of the secret. */
	while (b.len > 0 && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r'))
		b.data[--b.len] = '\0';
	if (b.len == 0) {
		r = mp_fail(ctx, MP_ERR_SECRET, "%s: %s is empty", what, path);
		goto out;
	}
	if ((r = mp_buf_take(&b, out, NULL)) != MP_OK)
		r = mp_fail(ctx, r, NULL);
 out:
	mp_buf_clear(&b);
	if (fd != -1)
		close(fd);
	return r;
}

int
mp_source_read(struct mp_ctx *ctx, const struct mp_profile *p, const char *src,
    const char *what, char **out)
{
	const char *v;

	*out = NULL;
	if (strncmp(src, "file:", 5) == 0)
		return read_secret_file(ctx, src + 5, what, out);
	if (strncmp(src, "env:", 4) == 0) {
		if (ctx->flags & MP_CTX_NO_ENV)
			return mp_fail(ctx, MP_ERR_CONFIG, "%s: env: sources are not "
			    "allowed here", what);
		if ((v = getenv(src + 4)) == NULL || *v == '\0')
			return mp_fail(ctx, MP_ERR_SECRET, "%s: %s is not set", what, src + 4);
		if ((*out = mp_secret_strdup(v)) == NULL)
			return mp_fail(ctx, MP_ERR_NOMEM, NULL);
		return MP_OK;
	}
	if (strcmp(src, "keyring") == 0)
		return mp_keyring_secret_load(ctx, p, what, out);
	return mp_fail(ctx, MP_ERR_CONFIG, "%s must be keyring, file:PATH or env:VAR", what);
}
