/*
 * trust.c: the files the module believes.
 *
 * config= decides token_url, that is, where every user's password is sent;
 * the profile's ca decides who may read those passwords on their way, its
 * cert and key whom the server believes the host to be, and map= which
 * client id each user gets. So the module running as root believes only
 * files that root alone can change: the file and every folder above it
 * owned by root and writable by nobody else, as OpenSSH checks
 * authorized_keys (its safe_path). The path is resolved first and the
 * resolved path is what gets used, so a symlink in a folder someone else
 * can write cannot be swapped after the check; a FIFO or device is refused
 * before anything opens it.
 *
 * The rule itself is the core opener's MP_FILE_TRUSTED role (core/file.c),
 * the one way every file a user or attacker could plant is opened. The
 * check-only build (tests/pam, PMP_TEST_MODULE_DIR) sets its test_build,
 * which also accepts files of the user running the tests and root's sticky
 * folders such as /tmp, where the suite keeps its files; nothing else
 * relaxes the rule.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "pam_mogoplus.h"

int
pmp_file_trusted(struct mp_ctx *ctx, const char *what, const char *path, char **out,
    int *fdp)
{
	struct mp_file_spec spec = MP_FILE_SPEC(MP_FILE_TRUSTED, what, NULL,
	    MP_ERR_CONFIG);
	char *real = NULL;
	int fd = -1, r = MP_ERR_CONFIG;

	*out = NULL;
	if (fdp != NULL)
		*fdp = -1;
#ifdef PMP_TEST_MODULE_DIR
	spec.test_build = 1;
#endif
	/* The resolved path is what the caller uses, so it is what the opener
	 * checks (it resolves again, to the same place: root's folders). */
	if ((real = realpath(path, NULL)) == NULL) {
		r = errno == ENOMEM ? mp_fail(ctx, MP_ERR_NOMEM, NULL) :
		    mp_fail(ctx, MP_ERR_CONFIG, "%s: %s: %s", what, path, strerror(errno));
		goto out;
	}
	spec.path = real;
	if ((r = mp_file_open(ctx, &spec, &fd)) != MP_OK)
		goto out;
	if (fdp != NULL) {
		*fdp = fd;
		fd = -1;
	}
	*out = real;
	real = NULL;
	r = MP_OK;
 out:
	if (fd != -1)
		close(fd);
	free(real);
	return r;
}

int
pmp_config_trusted(struct mp_ctx *ctx, const char *path, char **out)
{
	return pmp_file_trusted(ctx, "config", path, out, NULL);
}

/* One file the profile names, replaced by its resolved path once trusted. */
static int
profile_file_trusted(struct mp_ctx *ctx, const char *key, char **path)
{
	char *real = NULL;
	int r;

	/* A hardware token is no file; nothing named, nothing to check. */
	if (*path == NULL || strncmp(*path, "pkcs11:", 7) == 0)
		return MP_OK;
	if ((r = pmp_file_trusted(ctx, key, *path, &real, NULL)) != MP_OK)
		return r;
	free(*path);
	*path = real;
	return MP_OK;
}

int
pmp_profile_files_trusted(struct mp_ctx *ctx, struct mp_profile *p)
{
	int r;

	if ((r = profile_file_trusted(ctx, "ca", &p->ca)) != MP_OK ||
	    (r = profile_file_trusted(ctx, "cert", &p->cert)) != MP_OK ||
	    (r = profile_file_trusted(ctx, "key", &p->key)) != MP_OK)
		return r;
	return MP_OK;
}
