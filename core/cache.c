/*
 * cache.c: the runtime tier, what a warm get reads. A token lives in a
 * file of a per-user 0700 directory (tmpfs under $XDG_RUNTIME_DIR), written
 * to a temp file and renamed so a reader never sees half a token. Anything
 * unexpected in a file makes it a miss, never an error the user sees.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "cache.h"

#define MAGIC "mogoplus-token-cache 1"

/* The default cache dir, and why that one (a static phrase). */
static int
default_dir(struct mp_ctx *ctx, char **out, const char **why)
{
	const char *v;
	char *home = NULL;
	int r;

	*out = NULL;
	if ((v = mp_env(ctx, "XDG_RUNTIME_DIR")) != NULL && v[0] == '/') {
		*out = g_build_filename(v, "mogoplus", NULL);
		*why = "under $XDG_RUNTIME_DIR: in memory, gone at logout";
	} else if ((r = mp_path_expand(ctx, "~/.cache/mogoplus", NULL, &home)) != MP_OK)
		return mp_fail(ctx, MP_ERR_CACHE, "no home directory for the cache");
	else {
		/* A session without logind (su, cron, some SSH setups) has no
		 * runtime folder: the user's cache folder on disk, mode 700. */
		*out = g_strdup(home);
		*why = "XDG_RUNTIME_DIR is not set, as outside a login session: "
		    "on disk in the user's cache folder, mode 700";
		free(home);
	}
	return *out != NULL ? MP_OK : mp_fail(ctx, MP_ERR_NOMEM, NULL);
}

/* The default cache dir of the calling user; *out: caller frees with
 * g_free(). */
static int
mp_cache_default_dir(struct mp_ctx *ctx, char **out)
{
	const char *why;

	return default_dir(ctx, out, &why);
}

int
mp_cache_where(struct mp_ctx *ctx, const struct mp_profile *p, char **dir,
    const char **why)
{
	*dir = NULL;
	*why = "MOGOPLUS_CACHE_DIR";
	if (p->cache_dir != NULL)
		return (*dir = g_strdup(p->cache_dir)) != NULL ? MP_OK :
		    mp_fail(ctx, MP_ERR_NOMEM, NULL);
	return default_dir(ctx, dir, why);
}

/* The file name: a hash, so no URL or id ever becomes a path. */
void
mp_cache_key_name(const struct mp_profile *p, char name[40])
{
	GChecksum *h = g_checksum_new(G_CHECKSUM_SHA256);

	g_checksum_update(h, (const guchar *)p->token_url, (gssize)strlen(p->token_url) + 1);
	g_checksum_update(h, (const guchar *)p->client_id, (gssize)strlen(p->client_id) + 1);
	if (p->scope != NULL)
		g_checksum_update(h, (const guchar *)p->scope, (gssize)strlen(p->scope) + 1);
	/* The certificate too: a token may be bound to it (RFC 8705 section 3),
	 * and a renewed certificate must get a new token at once. */
	g_checksum_update(h, (const guchar *)p->cert_id, (gssize)strlen(p->cert_id));
	(void)snprintf(name, 40, "t-%.32s", g_checksum_get_string(h));
	g_checksum_free(h);
}

void
mp_cache_close(struct mp_cache *c)
{
	struct mp_cache zero = MP_CACHE_INIT;

	/* The kernel tier's fields go too: c is the file tier's again. */
	if (c->dirfd != -1)
		close(c->dirfd);
	g_free(c->dir);
	*c = zero;
}

/* mkdir 0700, and hand a new dir to its user (PAM writes for someone else). */
static int
make_dir(const char *dir, uid_t uid, gid_t gid)
{
	if (mkdir(dir, 0700) == 0) {
		if (uid != geteuid() && chown(dir, uid, gid) == -1) {
			int e = errno;
			(void)rmdir(dir);
			errno = e;
			return -1;
		}
		return 0;
	}
	return errno == EEXIST ? 0 : -1;
}

int
mp_cache_open(struct mp_ctx *ctx, const struct mp_profile *p, const char *dir,
    uid_t uid, gid_t gid, int create, struct mp_cache *c)
{
	struct stat st;
	char *parent = NULL;
	int r = MP_ERR_INTERNAL;

	mp_cache_close(c);
	c->uid = uid;
	c->gid = gid;
	if (dir != NULL)
		c->dir = g_strdup(dir);
	else if (p->cache_dir != NULL)
		c->dir = g_strdup(p->cache_dir);
	else if ((r = mp_cache_default_dir(ctx, &c->dir)) != MP_OK)
		goto out;
	if (create && access(c->dir, F_OK) == -1) {
		/*
		 * ~/.cache may not exist yet; its parent (home) does. Only that
		 * default gets a parent made: /run/user/UID is logind's to make.
		 */
		parent = g_path_get_dirname(c->dir);
		if (dir == NULL && p->cache_dir == NULL && access(parent, F_OK) == -1 &&
		    make_dir(parent, uid, gid) == -1 && errno != EEXIST) {
			r = mp_fail(ctx, MP_ERR_CACHE, "%s: %s", parent, strerror(errno));
			goto out;
		}
		if (make_dir(c->dir, uid, gid) == -1) {
			r = mp_fail(ctx, MP_ERR_CACHE, "%s: %s", c->dir, strerror(errno));
			goto out;
		}
	}
	c->dirfd = open(c->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (c->dirfd == -1) {
		int e = errno;
		/* O_NOFOLLOW|O_DIRECTORY says ENOTDIR or ELOOP for a symlink. */
		if (lstat(c->dir, &st) == 0 && S_ISLNK(st.st_mode))
			r = mp_fail(ctx, MP_ERR_CACHE, "%s is a symlink", c->dir);
		else
			r = mp_fail(ctx, e == ENOENT ? MP_ERR_NOT_FOUND : MP_ERR_CACHE,
			    "%s: %s", c->dir, strerror(e));
		goto out;
	}
	if (fstat(c->dirfd, &st) == -1 || st.st_uid != uid || (st.st_mode & 077) != 0) {
		r = mp_fail(ctx, MP_ERR_CACHE, "%s must be a directory of uid %lu with "
		    "mode 0700", c->dir, (unsigned long)uid);
		goto out;
	}
	mp_cache_key_name(p, c->name);
	mp_debug(ctx, "runtime cache: %s/%s", c->dir, c->name);
	r = MP_OK;
 out:
	g_free(parent);
	if (r != MP_OK)
		mp_cache_close(c);
	return r;
}

/* One "key=value\n" line at *pos; value borrowed in place (NUL-terminated). */
static const char *
next_field(char **pos, const char *key)
{
	size_t klen = strlen(key);
	char *line = *pos, *nl;

	if ((nl = strchr(line, '\n')) == NULL)
		return NULL;	/* a truncated file ends without one */
	*nl = '\0';
	*pos = nl + 1;
	if (strncmp(line, key, klen) != 0 || line[klen] != '=')
		return NULL;
	return line + klen + 1;
}

static int
read_cache_file(const struct mp_cache *c, struct mp_buf *b)
{
	struct mp_file_spec f = MP_FILE_SPEC(MP_FILE_CACHE, "token cache", c->name,
	    MP_ERR_NOT_FOUND);
	struct mp_ctx quiet = MP_CTX_INIT;	/* whatever is wrong, it is a miss */

	/* Only our own private regular file is believed; a FIFO in its place
	 * is a miss at once, never waited on. */
	f.dirfd = c->dirfd;
	f.owner = c->uid;
	return mp_file_read(&quiet, &f, b) == MP_OK ? MP_OK : MP_ERR_NOT_FOUND;
}

int
mp_cache_record_parse(struct mp_ctx *ctx, const struct mp_profile *p,
    struct mp_buf *b, struct mp_token *out)
{
	const char *v, *url, *id, *scope, *tok;
	long obtained, expires;
	char *pos;
	int r = MP_ERR_NOT_FOUND;

	mp_token_clear(out);
	if (b->data == NULL || memchr(b->data, '\0', b->len) != NULL)
		goto out;
	pos = b->data;
	if ((v = strchr(pos, '\n')) == NULL || (size_t)(v - pos) != strlen(MAGIC) ||
	    strncmp(pos, MAGIC, strlen(MAGIC)) != 0)
		goto out;
	pos += strlen(MAGIC) + 1;
	if ((url = next_field(&pos, "token_url")) == NULL ||
	    (id = next_field(&pos, "client_id")) == NULL ||
	    (scope = next_field(&pos, "scope")) == NULL ||
	    (v = next_field(&pos, "obtained_at")) == NULL ||
	    mp_parse_long(v, 0, LONG_MAX, &obtained) != MP_OK ||
	    (v = next_field(&pos, "expires_at")) == NULL ||
	    mp_parse_long(v, 0, LONG_MAX, &expires) != MP_OK ||
	    (tok = next_field(&pos, "access_token")) == NULL || *pos != '\0')
		goto out;
	/* A record for another key (a hash collision, a planted file) is a
	 * miss, and so is a token the engine would never have accepted (a CR
	 * in it would reach git's and Docker's protocols). */
	if (strcmp(url, p->token_url) != 0 || strcmp(id, p->client_id) != 0 ||
	    strcmp(scope, p->scope != NULL ? p->scope : "") != 0 ||
	    !mp_valid_b64token(tok, strlen(tok)) || expires <= obtained)
		goto out;
	if ((out->access_token = mp_secret_strdup(tok)) == NULL) {
		r = mp_fail(ctx, MP_ERR_NOMEM, NULL);
		goto out;
	}
	out->obtained_at = (time_t)obtained;
	out->expires_at = (time_t)expires;
	r = MP_OK;
 out:
	return r;
}

int
mp_cache_read(struct mp_ctx *ctx, const struct mp_cache *c,
    const struct mp_profile *p, struct mp_token *out)
{
	struct mp_buf b = MP_BUF_INIT(MP_CACHE_RECORD_MAX);
	int r = MP_ERR_NOT_FOUND;

	mp_token_clear(out);
	if (c->dirfd != -1 && read_cache_file(c, &b) == MP_OK)
		r = mp_cache_record_parse(ctx, p, &b, out);
	mp_buf_clear(&b);
	return r;
}

int
mp_cache_record_format(struct mp_ctx *ctx, const struct mp_profile *p,
    const struct mp_token *t, struct mp_buf *b)
{
	int r;

	if ((r = mp_buf_printf(b, MAGIC "\ntoken_url=%s\nclient_id=%s\nscope=%s\n"
	    "obtained_at=%lld\nexpires_at=%lld\naccess_token=%s\n", p->token_url,
	    p->client_id, p->scope != NULL ? p->scope : "", (long long)t->obtained_at,
	    (long long)t->expires_at, t->access_token)) != MP_OK)
		return r == MP_ERR_TOOBIG ? mp_fail(ctx, MP_ERR_CACHE, "token too large "
		    "to cache") : mp_fail(ctx, r, NULL);
	return MP_OK;
}

int
mp_cache_write(struct mp_ctx *ctx, const struct mp_cache *c,
    const struct mp_profile *p, const struct mp_token *t)
{
	struct mp_buf b = MP_BUF_INIT(MP_CACHE_RECORD_MAX);
	char tmp[96];
	int fd = -1, r = MP_ERR_INTERNAL, n;

	tmp[0] = '\0';
	if (c->dirfd == -1)
		return mp_fail(ctx, MP_ERR_CACHE, "cache not open");
	if ((r = mp_cache_record_format(ctx, p, t, &b)) != MP_OK)
		goto out;
	n = snprintf(tmp, sizeof(tmp), ".%s.%ld.%08x", c->name, (long)getpid(),
	    g_random_int());
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		r = mp_fail(ctx, MP_ERR_INTERNAL, "temp name");
		tmp[0] = '\0';
		goto out;
	}
	fd = openat(c->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd == -1) {
		r = mp_fail(ctx, MP_ERR_CACHE, "%s: %s", c->dir, strerror(errno));
		tmp[0] = '\0';
		goto out;
	}
	if ((c->uid != geteuid() && fchown(fd, c->uid, c->gid) == -1) ||
	    fchmod(fd, 0600) == -1 || mp_write_all(fd, b.data, b.len) != MP_OK) {
		r = mp_fail(ctx, MP_ERR_CACHE, "%s: %s", c->dir, strerror(errno));
		goto out;
	}
	if (close(fd) == -1) {
		fd = -1;
		r = mp_fail(ctx, MP_ERR_CACHE, "%s: %s", c->dir, strerror(errno));
		goto out;
	}
	fd = -1;
	if (renameat(c->dirfd, tmp, c->dirfd, c->name) == -1) {
		r = mp_fail(ctx, MP_ERR_CACHE, "%s: %s", c->dir, strerror(errno));
		goto out;
	}
	tmp[0] = '\0';
	r = MP_OK;
 out:
	if (fd != -1)
		close(fd);
	if (tmp[0] != '\0')
		(void)unlinkat(c->dirfd, tmp, 0);
	mp_buf_clear(&b);
	return r;
}

int
mp_cache_remove(struct mp_ctx *ctx, const struct mp_cache *c,
    const struct mp_profile *p, const char *token, int *removed)
{
	struct mp_token t = MP_TOKEN_INIT;
	int r;

	if (removed != NULL)
		*removed = 0;
	if (c->dirfd == -1)
		return MP_OK;
	if (token != NULL) {
		r = mp_cache_read(ctx, c, p, &t);
		if (r != MP_OK || strcmp(t.access_token, token) != 0) {
			/* Not ours to evict: another process refreshed it. */
			mp_token_clear(&t);
			return MP_OK;
		}
		mp_token_clear(&t);
	}
	if (unlinkat(c->dirfd, c->name, 0) == -1) {
		if (errno != ENOENT)
			return mp_fail(ctx, MP_ERR_CACHE, "%s: %s", c->dir, strerror(errno));
	} else if (removed != NULL)
		*removed = 1;
	return MP_OK;
}

/*
 * The lock file is only ever our own empty file: one named like it that
 * is a hard link (to a file of root's, say), a FIFO, a device or another
 * user's file is refused before anything is done to it, fchown least.
 */
static int
lock_file_ok(struct mp_ctx *ctx, const struct mp_cache *c, int fd)
{
	struct stat st;

	if (fstat(fd, &st) == -1)
		return mp_fail(ctx, MP_ERR_CACHE, "%s: lock: %s", c->dir, strerror(errno));
	if (!S_ISREG(st.st_mode) || st.st_nlink != 1 ||
	    (st.st_uid != c->uid && st.st_uid != geteuid()))
		return mp_fail(ctx, MP_ERR_CACHE, "%s/%s.lock is not a private file "
		    "of uid %lu (a link, a special file or another owner's): "
		    "remove it", c->dir, c->name, (unsigned long)c->uid);
	return MP_OK;
}

int
mp_cache_lock(struct mp_ctx *ctx, const struct mp_cache *c, long timeout_ms, int *fdp)
{
	char name[48];
	long deadline = mp_monotonic_ms() + timeout_ms, wait = 1;
	struct timespec ts;
	int fd;

	*fdp = -1;
	(void)snprintf(name, sizeof(name), "%s.lock", c->name);
	fd = openat(c->dirfd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
	    0600);
	if (fd == -1)
		return mp_fail(ctx, MP_ERR_CACHE, "%s: lock: %s", c->dir, strerror(errno));
	if (lock_file_ok(ctx, c, fd) != MP_OK) {
		close(fd);
		return ctx->err;
	}
	if (c->uid != geteuid() && fchown(fd, c->uid, c->gid) == -1) {
		close(fd);
		return mp_fail(ctx, MP_ERR_CACHE, "%s: lock: %s", c->dir, strerror(errno));
	}
	/*
	 * flock has no timeout, so poll. The lock dies with its holder, so a
	 * crashed process never blocks the others.
	 */
	while (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			close(fd);
			return mp_fail(ctx, MP_ERR_CACHE, "%s: lock: %s", c->dir, strerror(errno));
		}
		if (mp_monotonic_ms() >= deadline) {
			close(fd);
			return mp_fail(ctx, MP_ERR_TIMEOUT, "another process is fetching "
			    "this token and did not finish in time");
		}
		ts.tv_sec = 0;
		ts.tv_nsec = wait * 1000000L;
		nanosleep(&ts, NULL);
		if (wait < 16)
			wait *= 2;
	}
	*fdp = fd;
	return MP_OK;
}

void
mp_cache_unlock(int fd)
{
	if (fd != -1)
		close(fd);	/* releases the flock */
}
