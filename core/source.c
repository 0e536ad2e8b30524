/*
 * source.c: where a client secret or key password comes from; files that
 * hold a secret (file: sources, the private key) open as MP_FILE_PRIVATE.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "internal.h"

#define SECRET_FILE_MAX 8192

int
mp_private_key_check(struct mp_ctx *ctx, const struct mp_profile *p)
{
	/* Without a key line the private key is inside cert (PKCS#12, PEM). */
	const char *what = p->key != NULL ? MP_ROLE_KEY : MP_ROLE_CERT;
	const char *path = p->key != NULL ? p->key : p->cert;
	struct mp_file_spec f = MP_FILE_SPEC(MP_FILE_PRIVATE, what, path,
	    MP_ERR_CREDENTIAL);
	int fd = -1, r;

	/* A pkcs11: URI names a key in a token, not a file. */
	if (path == NULL || strncmp(path, "pkcs11:", 7) == 0)
		return MP_OK;
	r = mp_file_open(ctx, &f, &fd);
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
	struct mp_file_spec f = MP_FILE_SPEC(MP_FILE_PRIVATE, file_role(source),
	    path, MP_ERR_SECRET);
	int r = MP_ERR_INTERNAL;

	*out = NULL;
	if ((r = mp_file_read(ctx, &f, &b)) != MP_OK)
		goto out;
	if (b.len > 0 && memchr(b.data, '\0', b.len) != NULL) {
		r = mp_fail(ctx, MP_ERR_SECRET, "%s: %s: holds a NUL byte", f.what, path);
		goto out;
	}
	/* An editor's trailing newline is not part of the secret. */
	while (b.len > 0 && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r'))
		b.data[--b.len] = '\0';
	if (b.len == 0) {
		r = mp_fail(ctx, MP_ERR_SECRET, "%s: %s: empty", f.what, path);
		goto out;
	}
	if ((r = mp_buf_take(&b, out, NULL)) != MP_OK)
		r = mp_fail(ctx, r, NULL);
 out:
	mp_buf_clear(&b);
	return r;
}

int
mp_credential_path(struct mp_ctx *ctx, const char *what, const char *src,
    char **out)
{
	const char *name = src + strlen("credential:"), *dir;

	*out = NULL;
	if (*name == '\0' || strchr(name, '/') != NULL || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0 || !mp_valid_text(name))
		return mp_fail(ctx, MP_ERR_CONFIG, "%s = credential:NAME: NAME must be "
		    "a credential's name, a plain file name", what);
	/* systemd sets it for a unit with LoadCredential[Encrypted]=; the PAM
	 * module reads no environment, so it never has one. */
	if ((dir = mp_env(ctx, "CREDENTIALS_DIRECTORY")) == NULL || dir[0] != '/')
		return mp_fail(ctx, MP_ERR_CONFIG, "%s = %s, but CREDENTIALS_DIRECTORY "
		    "is not set: credential: works only in a systemd service with "
		    "LoadCredential= or LoadCredentialEncrypted= (use file:PATH "
		    "elsewhere)", what, src);
	*out = g_build_filename(dir, name, NULL);
	return *out != NULL ? MP_OK : mp_fail(ctx, MP_ERR_NOMEM, NULL);
}

/* A credential: source: the file systemd put there, under the secret
 * files' rule (systemd makes it 0400, owned by the service's user). */
static int
read_credential(struct mp_ctx *ctx, const char *src, const char *what, char **out)
{
	char *path = NULL;
	int r;

	*out = NULL;
	if ((r = mp_credential_path(ctx, what, src, &path)) != MP_OK)
		return r;
	r = read_secret_file(ctx, path, what, out);
	g_free(path);
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
	if (strcmp(src, "kernel") == 0)
		return mp_kernel_secret_load(ctx, p, what, out);
	if (strncmp(src, "credential:", 11) == 0)
		return read_credential(ctx, src, what, out);
	return mp_fail(ctx, MP_ERR_CONFIG, "%s must be keyring, kernel, file:PATH, "
	    "env:VAR or credential:NAME", what);
}
