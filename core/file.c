/*
 * file.c: the one opener for every file a user or an attacker could have
 * planted where the tools look (a secret, a key, a certificate, the cache,
 * a module, a configuration, a file named on the command line). The rule
 * lives here once so that no caller forgets half of it: O_NOFOLLOW (a
 * symlink is refused), O_NONBLOCK (a FIFO in the file's place never makes
 * us wait), every check made on the descriptor (fstat), never on the
 * path, owner and mode by the file's role, and a size cap.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mputil.h"

enum owner_rule { OWN_ANY, OWN_YOU_OR_ROOT, OWN_ROOT, OWN_GIVEN };

static const struct {
	enum owner_rule owner;
	mode_t deny;		/* permission bits that refuse the file */
	off_t max;		/* size cap */
	const char *mode_fix;	/* the fix for a mode in deny */
} roles[MP_FILE__COUNT] = {
	[MP_FILE_PRIVATE] = { .owner = OWN_YOU_OR_ROOT, .deny = S_IRWXG | S_IRWXO,
	    .max = 1024 * 1024, .mode_fix = "chmod 600" },
	[MP_FILE_PUBLIC] = { .owner = OWN_ANY, .deny = 0, .max = 1024 * 1024,
	    .mode_fix = "" },
	[MP_FILE_TRUSTED] = { .owner = OWN_ROOT, .deny = S_IWGRP | S_IWOTH,
	    .max = 1024 * 1024, .mode_fix = "chmod go-w" },
	[MP_FILE_MODULE] = { .owner = OWN_YOU_OR_ROOT, .deny = S_IWGRP | S_IWOTH,
	    .max = 256L * 1024 * 1024, .mode_fix = "chmod go-w" },
	[MP_FILE_CACHE] = { .owner = OWN_GIVEN, .deny = S_IRWXG | S_IRWXO,
	    .max = 1024 * 1024, .mode_fix = "remove it" },
	[MP_FILE_INPUT] = { .owner = OWN_ANY, .deny = 0, .max = 16L * 1024 * 1024,
	    .mode_fix = "" },
	[MP_FILE_CONFIG] = { .owner = OWN_ANY, .deny = 0, .max = 4L * 1024 * 1024,
	    .mode_fix = "" },
};

/* Record f->err as "WHAT: PATH: " and the formatted cause and fix (a
 * module's line names the path alone: its caller says "module"). */
static int
refuse(struct mp_ctx *ctx, const struct mp_file_spec *f, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int
refuse(struct mp_ctx *ctx, const struct mp_file_spec *f, const char *fmt, ...)
{
	char why[384];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(why, sizeof(why), fmt, ap);	/* a bounded hint */
	va_end(ap);
	return mp_fail(ctx, f->err, "%s%s%s: %s", f->what != NULL ? f->what : "",
	    f->what != NULL ? ": " : "", f->path, why);
}

/* open(2) or a read failed with err: the role's fix for a missing file. */
static int
open_failed(struct mp_ctx *ctx, const struct mp_file_spec *f, int err)
{
	if (f->role == MP_FILE_MODULE && err == ENOENT)
		return refuse(ctx, f, "%s (not installed yet: run make install, or "
		    "run it through the test suite)", strerror(err));
	if (f->what == NULL)
		return refuse(ctx, f, "%s", strerror(err));
	return mp_fail_open(ctx, f->err, f->what, f->path, err);
}

/* Who may own a file of this role; MP_OK, or the refusal recorded. */
static int
check_owner(struct mp_ctx *ctx, const struct mp_file_spec *f, const struct stat *st)
{
	unsigned long uid = (unsigned long)st->st_uid;

	switch (roles[f->role].owner) {
	case OWN_ANY:
		return MP_OK;
	case OWN_YOU_OR_ROOT:
		if (st->st_uid == geteuid() || mp_uid_is_root(st->st_uid))
			return MP_OK;
		if (f->role == MP_FILE_MODULE)
			return refuse(ctx, f, "owned by uid %lu, neither root nor "
			    "you: reinstall mogoplus", uid);
		return refuse(ctx, f, "owned by uid %lu, neither you nor root (use "
		    "a copy of your own, chmod 600 %s)", uid, f->path);
	case OWN_ROOT:
		if (mp_uid_is_root(st->st_uid) ||
		    (f->test_build && st->st_uid == geteuid()))
			return MP_OK;
		return refuse(ctx, f, "owned by uid %lu, not root (chown root %s; "
		    "root trusts only what root alone can change)", uid, f->path);
	case OWN_GIVEN:
		if (st->st_uid == f->owner)
			return MP_OK;
		return refuse(ctx, f, "owned by uid %lu, not %lu (remove it)", uid,
		    (unsigned long)f->owner);
	}
	return refuse(ctx, f, "no owner rule");
}

/* A folder above a trusted file: root's, and nobody else writes it (the
 * test build also takes root's sticky folders, such as /tmp). "" when it
 * passes, else why not. */
static const char *
folder_untrusted(const struct mp_file_spec *f, const struct stat *st)
{
	if (!S_ISDIR(st->st_mode))
		return "not a folder";
	if (!mp_uid_is_root(st->st_uid) && !(f->test_build && st->st_uid == geteuid()))
		return "not owned by root (chown root)";
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) &&
	    !((f->test_build || f->role == MP_FILE_CONFIG) &&
	    (st->st_mode & S_ISVTX) && mp_uid_is_root(st->st_uid)))
		return "writable by group or others (chmod go-w)";
	return "";
}

/*
 * MP_FILE_TRUSTED: every folder from the file's up to / (path already
 * resolved by realpath, so no component is a symlink).
 */
static int
check_folders(struct mp_ctx *ctx, const struct mp_file_spec *f, const char *real)
{
	struct stat st;
	char *dir = NULL, *slash;
	const char *why;
	int r = MP_ERR_INTERNAL;

	if ((dir = strdup(real)) == NULL)
		return mp_fail(ctx, MP_ERR_NOMEM, NULL);
	for (;;) {
		slash = strrchr(dir, '/');
		slash[slash == dir ? 1 : 0] = '\0';
		why = lstat(dir, &st) == -1 ? strerror(errno) : folder_untrusted(f, &st);
		if (*why != '\0') {
			r = refuse(ctx, f, "folder %s: %s; root trusts only what "
			    "root alone can change", dir, why);
			goto out;
		}
		if (slash == dir)
			break;
	}
	r = MP_OK;
 out:
	free(dir);
	return r;
}

/*
 * Is root about to read a configuration someone else controls (the
 * attack git's safe.directory answers: after su without -, the user's
 * MOGOPLUS_CONFIG still names the user's file)? The file's folder, open
 * as dirfd, and the file itself, on their descriptors.
 */
static int
config_for_root(struct mp_ctx *ctx, const struct mp_file_spec *f, int dirfd,
    const struct stat *st)
{
	/* Never from the environment where it is not the caller's (PAM). */
	const char *trust = (ctx->flags & MP_CTX_NO_ENV) ? NULL :
	    getenv(MP_TRUST_CONFIG_ENV);
	struct stat dst;
	char why[64] = "";

	if (geteuid() != 0 || (trust != NULL && strcmp(trust, f->path) == 0))
		return MP_OK;
	if (!mp_uid_is_root(st->st_uid))
		(void)snprintf(why, sizeof(why), "owned by uid %lu",
		    (unsigned long)st->st_uid);
	else if (st->st_mode & (S_IWGRP | S_IWOTH))
		(void)snprintf(why, sizeof(why), "writable by group or others");
	else if (fstat(dirfd, &dst) == -1 || *folder_untrusted(f, &dst) != '\0')
		(void)snprintf(why, sizeof(why), "in a folder another user owns or "
		    "can write");
	if (why[0] == '\0')
		return MP_OK;
	return refuse(ctx, f, "%s; root reads only a configuration that root alone "
	    "can change (run it from a login shell, su - or sudo -i, or set %s=%s "
	    "to use this one)", why, MP_TRUST_CONFIG_ENV, f->path);
}

/* The checks on the open descriptor: type, owner, mode, size. */
static int
check_fd(struct mp_ctx *ctx, const struct mp_file_spec *f, int fd, int dirfd)
{
	struct stat st;
	int r;

	if (fstat(fd, &st) == -1)
		return open_failed(ctx, f, errno);
	/* A FIFO, device, socket or folder: refused, never read or waited on. */
	if (!S_ISREG(st.st_mode))
		return refuse(ctx, f, "not a regular file");
	if ((r = check_owner(ctx, f, &st)) != MP_OK)
		return r;
	if ((st.st_mode & roles[f->role].deny) && f->role == MP_FILE_MODULE)
		return refuse(ctx, f, "writable by group or others: chmod go-w %s",
		    f->path);
	if (st.st_mode & roles[f->role].deny)
		return refuse(ctx, f, "%s group or others, mode %04o (%s %s)",
		    roles[f->role].deny & S_IRGRP ? "open to" : "writable by",
		    (unsigned)(st.st_mode & 07777), roles[f->role].mode_fix, f->path);
	if (st.st_size > roles[f->role].max)
		return refuse(ctx, f, "too large (%lld bytes, over %lld)",
		    (long long)st.st_size, (long long)roles[f->role].max);
	if (f->role == MP_FILE_CONFIG && dirfd != -1)
		return config_for_root(ctx, f, dirfd, &st);
	return MP_OK;
}

/* The folder of a configuration root reads, open, so that the file is
 * opened in the very folder that was checked; *namep: the file's name in
 * it (borrowed from f->path). */
static int
open_folder(struct mp_ctx *ctx, const struct mp_file_spec *f, int *dfdp,
    const char **namep)
{
	const char *slash = strrchr(f->path, '/');
	char *dir;

	*namep = slash != NULL ? slash + 1 : f->path;
	dir = slash == NULL ? strdup(".") : slash == f->path ? strdup("/") :
	    strndup(f->path, (size_t)(slash - f->path));
	if (dir == NULL)
		return mp_fail(ctx, MP_ERR_NOMEM, NULL);
	*dfdp = openat(f->dirfd, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (*dfdp == -1)
		return open_failed(ctx, f, errno);
	return MP_OK;
}

int
mp_file_open(struct mp_ctx *ctx, const struct mp_file_spec *f, int *fdp)
{
	const char *name = f->path;
	char *real = NULL;
	int at = f->dirfd, dfd = -1, fd = -1, r = MP_ERR_INTERNAL;

	*fdp = -1;
	if (f->role == MP_FILE_TRUSTED) {
		/* Resolved first: what was checked is what gets opened. */
		if ((real = realpath(f->path, NULL)) == NULL) {
			r = open_failed(ctx, f, errno);
			goto out;
		}
		if ((r = check_folders(ctx, f, real)) != MP_OK)
			goto out;
		name = real;
	} else if (f->role == MP_FILE_CONFIG && geteuid() == 0) {
		if ((r = open_folder(ctx, f, &dfd, &name)) != MP_OK)
			goto out;
		at = dfd;
	}
	/* O_NONBLOCK: a FIFO in the file's place never blocks us in open(). */
	if ((fd = openat(at, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC |
	    O_NOCTTY)) == -1) {
		r = errno == ELOOP ? refuse(ctx, f, "a symbolic link (name the "
		    "file itself)") : open_failed(ctx, f, errno);
		goto out;
	}
	if ((r = check_fd(ctx, f, fd, dfd)) != MP_OK)
		goto out;
	*fdp = fd;
	fd = -1;
	r = MP_OK;
 out:
	if (fd != -1)
		close(fd);
	if (dfd != -1)
		close(dfd);
	free(real);
	return r;
}

int
mp_file_read(struct mp_ctx *ctx, const struct mp_file_spec *f, struct mp_buf *b)
{
	int fd = -1, r = MP_ERR_INTERNAL;

	if ((r = mp_file_open(ctx, f, &fd)) != MP_OK)
		goto out;
	if ((r = mp_read_all(fd, b)) == MP_ERR_INTERNAL)
		r = open_failed(ctx, f, errno);
	else if (r == MP_ERR_TOOBIG)
		r = refuse(ctx, f, "too large (over %zu bytes)", b->max);
	else if (r != MP_OK)
		r = mp_fail(ctx, r, NULL);
 out:
	if (r != MP_OK)
		mp_buf_clear(b);
	if (fd != -1)
		close(fd);
	return r;
}
