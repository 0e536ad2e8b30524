/* fuzz.c: the helpers of fuzz.h. */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static char dir[4096];

static void
quiet(void *arg, enum mp_log_level level, const char *line)
{
}

void
fz_ctx(struct mp_ctx *ctx, unsigned flags)
{
	mp_ctx_init(ctx, flags);
	ctx->log = quiet;
}

void
fz_die(const char *what)
{
	fprintf(stderr, "fuzz: %s\n", what);
	abort();
}

/* At exit: the files fz_file made, then the dir. */
static void
remove_dir(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			(void)unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
	(void)rmdir(dir);
}

const char *
fz_dir(void)
{
	const char *tmp = getenv("TMPDIR");

	if (dir[0] != '\0')
		return dir;
	if (tmp == NULL || tmp[0] != '/')
		tmp = "/tmp";
	if (snprintf(dir, sizeof(dir), "%s/mogoplus-fuzz.XXXXXX", tmp) >= (int)sizeof(dir) ||
	    mkdtemp(dir) == NULL)
		fz_die("cannot make a temp dir");
	atexit(remove_dir);
	return dir;
}

const char *
fz_file(const char *name, const void *data, size_t size)
{
	static char path[4200];
	int fd;

	if (snprintf(path, sizeof(path), "%s/%s", fz_dir(), name) >= (int)sizeof(path))
		fz_die("temp path too long");
	(void)unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd == -1 || (size > 0 && mp_write_all(fd, data, size) != MP_OK) || close(fd) == -1)
		fz_die("cannot write a temp file");
	return path;
}

char *
fz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		fz_die("out of memory");
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

void
fz_check_detail(const struct mp_ctx *ctx)
{
	for (const char *s = ctx->detail; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			fz_die("an error detail holds a control character (two lines?)");
}
