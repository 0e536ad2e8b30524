/*
 * cli-file.c: the files the configure-* commands edit (the mogoplus config,
 * docker's config.json, containers' auth.json). They are merged, never
 * rewritten from scratch: read whole (through a dotfile manager's symlink),
 * changed in memory, and written to a temporary file in the same folder
 * that is renamed over the original with the original's mode, so a reader
 * never sees half a file and a failed write leaves the old one whole.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "cli.h"

void
cli_file_clear(struct cli_file *f)
{
	struct cli_file zero = CLI_FILE_INIT;

	g_free(f->path);
	mp_buf_clear(&f->data);
	*f = zero;
}

int
cli_file_read(struct mp_ctx *ctx, const char *path, struct cli_file *f)
{
	struct mp_file_spec spec = MP_FILE_SPEC(MP_FILE_INPUT, NULL, NULL,
	    MP_ERR_CONFIG);
	char *real = NULL;
	struct stat st;
	int fd = -1, r = MP_ERR_INTERNAL;

	cli_file_clear(f);
	/* A dotfile manager's symlink stays a symlink: edit what it points to. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
	    (real = realpath(path, NULL)) != NULL)
		f->path = g_strdup(real);
	else
		f->path = g_strdup(path);
	if (lstat(f->path, &st) == -1 && errno == ENOENT) {
		r = MP_OK;
		goto out;
	}
	spec.path = f->path;
	/* The one opener: a FIFO in the file's place is refused, not waited on. */
	if ((r = mp_file_open(ctx, &spec, &fd)) != MP_OK)
		goto out;
	if (fstat(fd, &st) != 0) {
		r = mp_fail(ctx, MP_ERR_CONFIG, "%s: %s", f->path, g_strerror(errno));
		goto out;
	}
	f->exists = 1;
	f->mode = st.st_mode & 07777;
	if ((r = mp_read_all(fd, &f->data)) != MP_OK) {
		if (r == MP_ERR_INTERNAL)
			r = mp_fail(ctx, MP_ERR_CONFIG, "%s: %s", f->path, g_strerror(errno));
		else if (r == MP_ERR_TOOBIG)
			r = mp_fail(ctx, r, "%s: over %d MiB; left alone", f->path,
			    CLI_FILE_MAX / (1024 * 1024));
		else
			r = mp_fail(ctx, r, NULL);
		goto out;
	}
	r = MP_OK;
 out:
	if (fd >= 0)
		close(fd);
	free(real);
	return r;
}

int
cli_replace_file(struct mp_ctx *ctx, const char *path, const char *data, size_t len,
    mode_t mode)
{
	char *dir = g_path_get_dirname(path), *tmp = NULL;
	int fd = -1, e, r = MP_ERR_INTERNAL;

	/* New folders are private (0700), like the files. */
	if (g_mkdir_with_parents(dir, 0700) != 0) {
		r = mp_fail(ctx, MP_ERR_CONFIG, "cannot create %s: %s", dir, g_strerror(errno));
		goto out;
	}
	tmp = g_strconcat(path, ".XXXXXX", NULL);
	if ((fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600)) < 0) {
		r = mp_fail(ctx, MP_ERR_CONFIG, "cannot create a file next to %s: %s",
		    path, g_strerror(errno));
		g_free(tmp);
		tmp = NULL;	/* not ours: nothing to unlink */
		goto out;
	}
	if (fchmod(fd, mode) != 0 || mp_write_all(fd, data, len) != MP_OK || fsync(fd) != 0) {
		r = mp_fail(ctx, MP_ERR_CONFIG, "cannot write %s: %s", path, g_strerror(errno));
		goto out;
	}
	e = close(fd);
	fd = -1;
	if (e != 0 || rename(tmp, path) != 0) {
		r = mp_fail(ctx, MP_ERR_CONFIG, "cannot write %s: %s", path, g_strerror(errno));
		goto out;
	}
	r = MP_OK;
 out:
	if (fd >= 0)
		close(fd);
	if (r != MP_OK && tmp != NULL)
		(void)unlink(tmp);
	g_free(tmp);
	g_free(dir);
	return r;
}

int
cli_config_open(struct mp_ctx *ctx, struct cli_file *f, GKeyFile *kf)
{
	GError *gerr = NULL;
	char *path = NULL;
	int r = MP_ERR_INTERNAL;

	if ((path = mp_config_user_path(ctx)) == NULL) {
		r = mp_fail(ctx, MP_ERR_CONFIG, "no home directory for the config file");
		goto out;
	}
	if ((r = cli_file_read(ctx, path, f)) != MP_OK)
		goto out;
	if (f->data.len > 0 && !g_key_file_load_from_data(kf, f->data.data, f->data.len,
	    G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, &gerr)) {
		r = mp_fail(ctx, MP_ERR_CONFIG, "%s: %s; left alone", f->path, gerr->message);
		goto out;
	}
	r = MP_OK;
 out:
	if (gerr != NULL)
		g_error_free(gerr);
	g_free(path);
	return r;
}

int
cli_config_save(struct mp_ctx *ctx, const struct cli_file *f, GKeyFile *kf)
{
	size_t len = 0;
	char *data = NULL;
	int r;

	/* Only the sections the edit touched change (cli-config-edit.c). */
	if (cli_config_merge(f, kf, &data, &len) != MP_OK)
		return mp_fail(ctx, MP_ERR_CONFIG, "%s: cannot be read back; left alone",
		    f->path);
	r = cli_replace_file(ctx, f->path, data, len, f->mode);
	g_free(data);
	return r;
}
