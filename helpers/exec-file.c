/*
 * exec-file.c: the token file of `mogoplus exec --file PATH`. Readers of
 * the file (a service that rereads it on SIGHUP) must never see half a
 * token, and nobody else may replace it under them: the file is written to
 * a temp file in the same folder and renamed, in a folder only the user
 * can write, and it is removed at the end only if it is still ours.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "exec.h"

int
exec_file_open(struct mp_ctx *ctx, const char *path, struct exec_file *f)
{
	struct stat st;
	int r = MP_ERR_USAGE;

	exec_file_close(f);
	f->dir = g_path_get_dirname(path);
	f->name = g_path_get_basename(path);
	if (path[0] == '\0' || g_str_has_suffix(path, "/") || strcmp(f->name, ".") == 0 ||
	    strcmp(f->name, "..") == 0) {
		r = mp_fail(ctx, MP_ERR_USAGE, "token file: '%s' names no file (give "
		    "--file a file's path)", path);
		goto out;
	}
	f->dirfd = open(f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (f->dirfd == -1) {
		r = mp_fail(ctx, MP_ERR_USAGE, "token file: folder %s: %s (give --file "
		    "a path in an existing folder)", f->dir, strerror(errno));
		goto out;
	}
	if (fstat(f->dirfd, &st) == -1 || st.st_uid != geteuid() ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		r = mp_fail(ctx, MP_ERR_USAGE, "token file: folder %s can be written by "
		    "%s (give --file a path in a folder only you can write, such as "
		    "$XDG_RUNTIME_DIR)", f->dir, st.st_uid != geteuid() ?
		    "another user" : "group or others");
		goto out;
	}
	r = MP_OK;
 out:
	if (r != MP_OK)
		exec_file_close(f);
	return r;
}

int
exec_file_write(struct mp_ctx *ctx, struct exec_file *f, const char *token)
{
	char tmp[64];
	struct stat st;
	int fd, r = MP_ERR_INTERNAL;

	(void)snprintf(tmp, sizeof(tmp), ".mogoplus-token.%ld.%08x", (long)getpid(),
	    g_random_int());
	fd = openat(f->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1)
		return mp_fail(ctx, MP_ERR_INTERNAL, "token file: %s: %s", f->dir,
		    strerror(errno));
	/* Exactly the token, no newline: what a reader puts in its header. */
	if (fchmod(fd, 0600) == -1 || mp_write_all(fd, token, strlen(token)) != MP_OK ||
	    fstat(fd, &st) == -1)
		r = mp_fail(ctx, MP_ERR_INTERNAL, "token file: %s: %s", f->dir,
		    strerror(errno));
	else if (renameat(f->dirfd, tmp, f->dirfd, f->name) == -1)
		r = mp_fail(ctx, MP_ERR_INTERNAL, "token file: %s/%s: %s", f->dir, f->name,
		    strerror(errno));
	else {
		f->dev = st.st_dev;
		f->ino = st.st_ino;
		tmp[0] = '\0';
		r = MP_OK;
	}
	if (close(fd) == -1 && r == MP_OK)
		r = mp_fail(ctx, MP_ERR_INTERNAL, "token file: %s: %s", f->dir,
		    strerror(errno));
	if (tmp[0] != '\0')
		(void)unlinkat(f->dirfd, tmp, 0);
	return r;
}

void
exec_file_close(struct exec_file *f)
{
	struct exec_file zero = EXEC_FILE_INIT;
	struct stat st;

	/* Someone may have put another file there since: theirs stays. */
	if (f->dirfd != -1 && f->ino != 0 &&
	    fstatat(f->dirfd, f->name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    st.st_dev == f->dev && st.st_ino == f->ino)
		(void)unlinkat(f->dirfd, f->name, 0);
	if (f->dirfd != -1)
		close(f->dirfd);
	g_free(f->dir);
	g_free(f->name);
	*f = zero;
}
