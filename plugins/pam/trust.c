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
 * The check-only build (tests/pam, PMP_TEST_MODULE_DIR) also accepts files
 * of the user running the tests and root's sticky folders such as /tmp,
 * where the suite keeps its files; nothing else relaxes the rule.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pam_mogoplus.h"

static int
owner_ok(const struct stat *st)
{
#ifdef PMP_TEST_MODULE_DIR
	if (st->st_uid == geteuid())
		return 1;
#endif
	return st->st_uid == 0;
}

static int
mode_ok(const struct stat *st)
{
#ifdef PMP_TEST_MODULE_DIR
	if (S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX) && st->st_uid == 0)
		return 1;
#endif
	return (st->st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

/* One component: "" when trusted, else why not (for the log line). */
static const char *
untrusted(const char *path, int want_dir)
{
	struct stat st;

	if (stat(path, &st) == -1)
		return strerror(errno);
	if (want_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
		return want_dir ? "not a directory" : "not a regular file";
	if (!owner_ok(&st))
		return "not owned by root (chown root)";
	if (!mode_ok(&st))
		return "writable by group or others (chmod go-w)";
	return "";
}

int
pmp_file_trusted(struct mp_ctx *ctx, const char *what, const char *path, char **out)
{
	char *real = NULL, *dir = NULL, *slash;
	const char *why;
	int r = MP_ERR_CONFIG;

	*out = NULL;
	if ((real = realpath(path, NULL)) == NULL) {
		r = errno == ENOMEM ? mp_fail(ctx, MP_ERR_NOMEM, NULL) :
		    mp_fail(ctx, MP_ERR_CONFIG, "%s%s: %s", what, path, strerror(errno));
		goto out;
	}
	if (*(why = untrusted(real, 0)) != '\0') {
		r = mp_fail(ctx, MP_ERR_CONFIG, "%s%s: %s: %s; the module trusts "
		    "only what root alone can change", what, path, real, why);
		goto out;
	}
	if ((dir = strdup(real)) == NULL) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	/* realpath's answer starts with '/': cut one folder off at a time. */
	for (;;) {
		slash = strrchr(dir, '/');
		slash[slash == dir ? 1 : 0] = '\0';
		if (*(why = untrusted(dir, 1)) != '\0') {
			r = mp_fail(ctx, MP_ERR_CONFIG, "%s%s: folder %s: %s; the "
			    "module trusts only what root alone can change", what,
			    path, dir, why);
			goto out;
		}
		if (slash == dir)
			break;
	}
	*out = real;
	real = NULL;
	r = MP_OK;
 out:
	free(dir);
	free(real);
	return r;
}

int
pmp_config_trusted(struct mp_ctx *ctx, const char *path, char **out)
{
	return pmp_file_trusted(ctx, "config=", path, out);
}

/* One file the profile names, replaced by its resolved path once trusted. */
static int
profile_file_trusted(struct mp_ctx *ctx, const char *key, char **path)
{
	char what[64], *real = NULL;
	int r;

	/* A hardware token is no file; nothing named, nothing to check. */
	if (*path == NULL || strncmp(*path, "pkcs11:", 7) == 0)
		return MP_OK;
	(void)snprintf(what, sizeof(what), "%s = ", key);
	if ((r = pmp_file_trusted(ctx, what, *path, &real)) != MP_OK)
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
