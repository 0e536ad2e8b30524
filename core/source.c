/*
 * source.c: where a client secret or key password comes from, and the one
 * rule for files that hold a secret (file: sources, the private key).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define SECRET_FILE_MAX 8192

int
mp_private_file_open(struct mp_ctx *ctx, int err, const char *what,
    const char *path, int *fdp)
{
	struct stat st;
	int fd = -1, r = MP_ERR_INTERNAL;

	*fdp = -1;
	/* O_NONBLOCK: a FIFO in its place must never block us in open(). */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK |
	    O_NOFOLLOW)) == -1) {
		r = errno == ELOOP ? mp_fail(ctx, err, "%s: %s: a symbolic link (name "
		    "the file itself)", what, path) :
		    mp_fail_open(ctx, err, what, path, errno);
		goto out;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		r = mp_fail(ctx, err, "%s: %s: not a regular file", what, path);
		goto out;
	}
	if (st.st_uid != geteuid() && !mp_uid_is_root(st.st_uid)) {
		r = mp_fail(ctx, err, "%s: %s: owned by uid %lu, neither you nor "
		    "root (use a copy of your own, chmod 600 %s)", what, path,
		    (unsigned long)st.st_uid, path);
		goto out;
	}
	/* OpenSSH's rule for private keys: a secret others can read is none. */
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		r = mp_fail(ctx, err, "%s: %s: open to group or others, mode %04o "
		    "(chmod 600 %s)", what, path, (unsigned)(st.st_mode & 07777),
		    path);
		goto out;
	}
	*fdp = fd;
	fd = -1;
	r = MP_OK;
 out:
	if (fd != -1)
		close(fd);
	return r;
}

int
mp_private_key_check(struct mp_ctx *ctx, const struct mp_profile *p)
{
	/* Without a key line the private key is inside cert (PKCS#12, PEM). */
	const char *what = p->key != NULL ? MP_ROLE_KEY : MP_ROLE_CERT;
	const char *path = p->key != NULL ? p->key : p->cert;
	int fd = -1, r;

	/* A pkcs11: URI names a key in a token, not a file. */
	if (path == NULL || strncmp(path, "pkcs11:", 7) == 0)
		return MP_OK;
	/* The engine's own check of these files (engine/creds.c) says
	 * "client key: PATH: ...": this one, which runs first, says it alike. */
	r = mp_private_file_open(ctx, MP_ERR_CREDENTIAL, what, path, &fd);
	if (fd != -1)
		close(fd);
	return r;
}

/* The file's role in errors: source names "client_secret", "key_password". */
static const char *
file_role(const char *source)
{
	if (strcmp(source, "client_secret") == 0)
		return MP_ROLE_SECRET;
	if (strcmp(source, "key_password") == 0)
		return MP_ROLE_KEYPW;
	return source;
}

static int
read_secret_file(struct mp_ctx *ctx, const char *path, const char *source,
    char **out)
{
	struct mp_buf b = MP_BUF_INIT(SECRET_FILE_MAX);
	const char *what = file_role(source);
	int fd = -1, r = MP_ERR_INTERNAL;

	*out = NULL;
	if ((r = mp_private_file_open(ctx, MP_ERR_SECRET, what, path, &fd)) != MP_OK)
		goto out;
	if ((r = mp_read_all(fd, &b)) != MP_OK) {
		if (r == MP_ERR_INTERNAL)
			r = mp_fail_open(ctx, MP_ERR_SECRET, what, path, errno);
		else if (r == MP_ERR_TOOBIG)
			r = mp_fail(ctx, MP_ERR_SECRET, "%s: %s: too large", what, path);
		else
			r = mp_fail(ctx, r, NULL);
		goto out;
	}
	if (b.len > 0 && memchr(b.data, '\0', b.len) != NULL) {
		r = mp_fail(ctx, MP_ERR_SECRET, "%s: %s: holds a NUL byte", what, path);
		goto out;
	}
	/* An editor's trailing newline is not part of the secret. */
	while (b.len > 0 && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r'))
		b.data[--b.len] = '\0';
	if (b.len == 0) {
		r = mp_fail(ctx, MP_ERR_SECRET, "%s: %s: empty", what, path);
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
