/*
 * runtime.c: which runtime tier holds a token, the kernel's or the file's
 * (runtime_store), and the record's life in the kernel: a "user" key named
 * "mogoplus:" and the file's name, holding the file's bytes, with a kernel
 * timeout at the moment the token stops being fresh. The lock stays a
 * flock in the runtime folder for both.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "kernel.h"

/*
 * In a user namespace other than the first (rootless podman runs its
 * credential helpers in one), the kernel gives that namespace persistent
 * keyrings of its own: a token kept there is one the same user's mogoplus
 * outside cannot see or log out. auto keeps the file there.
 */
static int
in_user_namespace(void)
{
	char buf[128];
	ssize_t n;
	int fd = open("/proc/self/uid_map", O_RDONLY | O_CLOEXEC), inner;

	if (fd == -1)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* The first namespace maps all of 0..4294967294 onto itself. */
	inner = strstr(buf, "4294967295") == NULL;
	return inner;
}

int
mp_runtime_open(struct mp_ctx *ctx, const struct mp_profile *p, struct mp_cache *c)
{
	static int said;	/* one debug line per process, not per call */
	struct mp_ctx probe = *ctx;
	key_serial_t ring = 0;

	mp_cache_close(c);
	if (p->runtime_store == MP_RUNTIME_AUTO && in_user_namespace()) {
		if (!said++)
			mp_debug(ctx, "runtime tier: the file tier, in a user namespace");
	} else if (p->runtime_store != MP_RUNTIME_FILE) {
		if (mp_kernel_ring(&probe, &ring) == MP_OK) {
			c->ring = ring;
			c->uid = geteuid();
			c->gid = getegid();
			c->fallback = p->runtime_store == MP_RUNTIME_AUTO;
			mp_cache_key_name(p, c->name);
			return MP_OK;
		}
		if (p->runtime_store == MP_RUNTIME_KERNEL)
			return mp_fail(ctx, MP_ERR_CACHE, "runtime_store = kernel, but %s; "
			    "set runtime_store = auto or file", probe.detail);
		if (!said++)
			mp_debug(ctx, "runtime tier: the file tier, since %s", probe.detail);
	}
	return mp_cache_open(ctx, p, NULL, geteuid(), getegid(), 1, c);
}

int
mp_runtime_dir(struct mp_ctx *ctx, const struct mp_profile *p, struct mp_cache *c)
{
	struct mp_cache d = MP_CACHE_INIT;
	int r;

	if (c->dirfd != -1)
		return MP_OK;
	if ((r = mp_cache_open(ctx, p, NULL, c->uid, c->gid, 1, &d)) != MP_OK)
		return r;
	/* Handed over: c keeps its ring and name, d gives up its folder. */
	c->dirfd = d.dirfd;
	c->dir = d.dir;
	return MP_OK;
}

static void
key_desc(const struct mp_cache *c, char desc[MP_KERNEL_DESC_LEN])
{
	(void)snprintf(desc, MP_KERNEL_DESC_LEN, MP_KERNEL_PREFIX "%s", c->name);
}

/* The key's record; anything but a token of ours is a miss, as a corrupt
 * file is. */
static int
kernel_read(struct mp_ctx *ctx, const struct mp_cache *c,
    const struct mp_profile *p, struct mp_token *out)
{
	struct mp_buf b = MP_BUF_INIT(MP_CACHE_RECORD_MAX);
	struct mp_ctx quiet = *ctx;
	char desc[MP_KERNEL_DESC_LEN];
	key_serial_t id = 0;
	int r;

	key_desc(c, desc);
	if ((r = mp_kernel_find(&quiet, c->ring, desc, &id)) == MP_OK &&
	    (r = mp_kernel_read(&quiet, id, &b)) == MP_OK)
		r = mp_cache_record_parse(ctx, p, &b, out);
	mp_buf_clear(&b);
	return r == MP_ERR_NOMEM ? mp_fail(ctx, r, NULL) :
	    r == MP_OK ? MP_OK : MP_ERR_NOT_FOUND;
}

int
mp_runtime_read(struct mp_ctx *ctx, struct mp_cache *c,
    const struct mp_profile *p, struct mp_token *out)
{
	struct mp_ctx quiet = *ctx;
	int r;

	if (c->ring == 0)
		return mp_cache_read(ctx, c, p, out);
	r = kernel_read(ctx, c, p, out);
	/* auto: a token the file tier holds (written while the key quota was
	 * full, or before the kernel tier) still counts. */
	if (r != MP_ERR_NOT_FOUND || !c->fallback ||
	    mp_runtime_dir(&quiet, p, c) != MP_OK)
		return r;
	return mp_cache_read(ctx, c, p, out);
}

int
mp_runtime_write(struct mp_ctx *ctx, struct mp_cache *c,
    const struct mp_profile *p, const struct mp_token *t)
{
	struct mp_buf b = MP_BUF_INIT(MP_CACHE_RECORD_MAX);
	struct mp_ctx scratch = *ctx;
	char desc[MP_KERNEL_DESC_LEN];
	time_t stale = 0, left;
	int r;

	if (c->ring == 0)
		return mp_cache_write(ctx, c, p, t);
	(void)mp_token_window(t, p, &stale);
	left = stale - time(NULL);
	/* Not fresh now: nothing the kernel should keep even a second. */
	if (left <= 0)
		return MP_OK;
	key_desc(c, desc);
	if ((r = mp_cache_record_format(ctx, p, t, &b)) == MP_OK &&
	    (r = mp_kernel_write(&scratch, c->ring, desc, b.data, b.len,
	    (unsigned)left, NULL)) != MP_OK) {
		if (c->fallback && mp_runtime_dir(&scratch, p, c) == MP_OK) {
			mp_debug(ctx, "runtime tier: the file tier, since %s", scratch.detail);
			r = mp_cache_write(ctx, c, p, t);
		} else
			r = mp_fail(ctx, r, "%s", scratch.detail);
	}
	mp_buf_clear(&b);
	return r;
}

/* The key, only when it holds token (NULL: whatever it holds). */
static int
kernel_remove(struct mp_ctx *ctx, struct mp_cache *c, const struct mp_profile *p,
    const char *token, int *removed)
{
	struct mp_token t = MP_TOKEN_INIT;
	char desc[MP_KERNEL_DESC_LEN];
	key_serial_t id = 0;
	int r;

	if (token != NULL) {
		r = kernel_read(ctx, c, p, &t);
		/* Not ours to evict: another process refreshed it. */
		if (r != MP_OK || strcmp(t.access_token, token) != 0) {
			mp_token_clear(&t);
			return MP_OK;
		}
		mp_token_clear(&t);
	}
	key_desc(c, desc);
	if ((r = mp_kernel_remove(ctx, c->ring, desc, &id)) == MP_OK && removed != NULL)
		*removed = (int)id;
	return r;
}

int
mp_runtime_remove(struct mp_ctx *ctx, struct mp_cache *c,
    const struct mp_profile *p, const char *token, int *removed)
{
	struct mp_ctx quiet = *ctx;
	int r, file = 0;

	if (removed != NULL)
		*removed = 0;
	if (c->ring == 0)
		return mp_cache_remove(ctx, c, p, token, removed);
	if ((r = kernel_remove(ctx, c, p, token, removed)) != MP_OK)
		return r;
	if (c->fallback && mp_runtime_dir(&quiet, p, c) == MP_OK &&
	    (r = mp_cache_remove(ctx, c, p, token, &file)) == MP_OK &&
	    file && removed != NULL && *removed == 0)
		*removed = 1;
	return r;
}
