/*
 * refresh.c: when a cached token is fresh, when it is due for a refresh,
 * and where inside the refresh-ahead window this host refreshes it.
 *
 * A fleet started together (a CI fleet, an autoscaling group) holds tokens
 * obtained within the same minute, so every host would cross the start of
 * the window at the same second and reach the token server together. Each
 * token's refresh point is therefore moved into the window by an offset
 * drawn from a hash of a random id of this host (kept in the runtime cache
 * folder, so every process of the host agrees) and of the token itself
 * (its cache key and expiry, so the next token gets another offset).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "cache.h"

#define HOST_ID_FILE "host-id"
#define HOST_ID_TEXT (2 * MP_HOST_ID_LEN + 1)	/* hex digits and "\n" */
/* Names the hash's purpose, so it never equals any other digest. */
#define SPREAD_DOMAIN "mogoplus refresh spread 1"

/* When t stops being fresh: expires_at - min(refresh_margin, lifetime / 2). */
static time_t
stale_at(const struct mp_token *t, const struct mp_profile *p)
{
	time_t lifetime = t->expires_at - t->obtained_at, margin = p->refresh_margin;

	/* Short-lived tokens still cache: never more than half the life. */
	if (margin > lifetime / 2)
		margin = lifetime / 2;
	return t->expires_at - margin;
}

int
mp_token_fresh(const struct mp_token *t, const struct mp_profile *p, time_t now)
{
	return t->access_token != NULL && now < stale_at(t, p);
}

long
mp_token_window(const struct mp_token *t, const struct mp_profile *p, time_t *stale)
{
	time_t span, ahead;

	*stale = stale_at(t, p);
	span = *stale - t->obtained_at;
	if (p->refresh_ahead == MP_REFRESH_AHEAD_AUTO) {
		ahead = (t->expires_at - t->obtained_at) / 10;
		if (ahead > MP_REFRESH_AHEAD_MAX)
			ahead = MP_REFRESH_AHEAD_MAX;
	} else
		ahead = p->refresh_ahead;
	/*
	 * At most half the fresh life: a new token never starts inside its
	 * own window, so background refreshes cannot chain into a storm.
	 */
	if (ahead > span / 2)
		ahead = span / 2;
	return ahead > 0 ? (long)ahead : 0;
}

long
mp_spread_offset(const unsigned char host_id[MP_HOST_ID_LEN], const char *key,
    time_t expires_at, long window)
{
	GChecksum *h;
	guint8 d[32];
	gsize n = sizeof(d);
	char at[24];
	uint64_t v = 0;

	if (window <= 1)
		return 0;
	(void)snprintf(at, sizeof(at), "%lld", (long long)expires_at);
	h = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(h, (const guchar *)SPREAD_DOMAIN, sizeof(SPREAD_DOMAIN));
	g_checksum_update(h, host_id, MP_HOST_ID_LEN);
	g_checksum_update(h, (const guchar *)key, (gssize)strlen(key) + 1);
	g_checksum_update(h, (const guchar *)at, (gssize)strlen(at));
	g_checksum_get_digest(h, d, &n);
	g_checksum_free(h);
	for (int i = 0; i < 8; i++)
		v = v << 8 | d[i];
	/* The bias of a modulo of 2^64 by at most an hour is below 2^-50. */
	return (long)(v % (uint64_t)window);
}

time_t
mp_token_refresh_point(const struct mp_token *t, const struct mp_profile *p,
    const unsigned char *host_id, const char *key)
{
	time_t stale;
	long window = mp_token_window(t, p, &stale);

	if (host_id == NULL || key == NULL)
		return stale - window;
	return stale - window + mp_spread_offset(host_id, key, t->expires_at, window);
}

/* 32 hex digits and a newline into out; anything else is not an id. */
static int
parse_host_id(const char *s, size_t n, unsigned char out[MP_HOST_ID_LEN])
{
	if (n != HOST_ID_TEXT || s[HOST_ID_TEXT - 1] != '\n')
		return -1;
	for (size_t i = 0; i < MP_HOST_ID_LEN; i++) {
		int hi = g_ascii_xdigit_value(s[2 * i]), lo = g_ascii_xdigit_value(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/* The id in c's folder: only our own private regular file of the right
 * size, opened the one way (a FIFO in its place is refused at once). */
static int
read_host_id(const struct mp_cache *c, unsigned char out[MP_HOST_ID_LEN])
{
	struct mp_file_spec f = MP_FILE_SPEC(MP_FILE_CACHE, "host id", HOST_ID_FILE,
	    MP_ERR_NOT_FOUND);
	struct mp_ctx quiet = MP_CTX_INIT;	/* anything wrong: a new id */
	struct mp_buf b = MP_BUF_INIT(HOST_ID_TEXT);
	int r = -1;

	f.dirfd = c->dirfd;
	f.owner = c->uid;
	if (mp_file_read(&quiet, &f, &b) == MP_OK && b.len == HOST_ID_TEXT &&
	    parse_host_id(b.data, b.len, out) == 0)
		r = 0;
	mp_buf_clear(&b);
	return r;
}

/*
 * A new random id, written to a temp file and then put in place: linked
 * (only where none is, so two processes that both found none agree on the
 * first), or renamed over a file that is not an id.
 */
static int
write_host_id(struct mp_ctx *ctx, const struct mp_cache *c, int replace)
{
	unsigned char id[MP_HOST_ID_LEN];
	char text[HOST_ID_TEXT + 1], tmp[64];
	int fd, r = MP_ERR_CACHE;

	if (getrandom(id, sizeof(id), 0) != (ssize_t)sizeof(id))
		return mp_fail(ctx, MP_ERR_CACHE, "host id: no random bytes: %s",
		    strerror(errno));
	for (size_t i = 0; i < sizeof(id); i++)
		(void)snprintf(text + 2 * i, 3, "%02x", id[i]);
	text[HOST_ID_TEXT - 1] = '\n';
	(void)snprintf(tmp, sizeof(tmp), ".%s.%ld.%08x", HOST_ID_FILE, (long)getpid(),
	    g_random_int());
	fd = openat(c->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1)
		return mp_fail(ctx, MP_ERR_CACHE, "%s: host id: %s", c->dir, strerror(errno));
	if (mp_write_all(fd, text, HOST_ID_TEXT) != MP_OK)
		(void)mp_fail(ctx, MP_ERR_CACHE, "%s: host id: %s", c->dir, strerror(errno));
	else if (replace ? renameat(c->dirfd, tmp, c->dirfd, HOST_ID_FILE) == -1 :
	    (linkat(c->dirfd, tmp, c->dirfd, HOST_ID_FILE, 0) == -1 && errno != EEXIST))
		(void)mp_fail(ctx, MP_ERR_CACHE, "%s: host id: %s", c->dir, strerror(errno));
	else
		r = MP_OK;
	close(fd);
	(void)unlinkat(c->dirfd, tmp, 0);
	return r;
}

int
mp_cache_host_id(struct mp_ctx *ctx, const struct mp_cache *c,
    unsigned char out[MP_HOST_ID_LEN])
{
	int broken, r;

	if (c->dirfd == -1)
		return mp_fail(ctx, MP_ERR_CACHE, "cache not open");
	if (read_host_id(c, out) == 0)
		return MP_OK;
	/* Someone else's folder (PAM writing for a user) gets no id of ours. */
	if (c->uid != geteuid())
		return mp_fail(ctx, MP_ERR_CACHE, "%s: no host id", c->dir);
	/* None yet (first link wins), or a broken one (replaced). */
	broken = faccessat(c->dirfd, HOST_ID_FILE, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
	if ((r = write_host_id(ctx, c, broken)) != MP_OK)
		return r;
	if (read_host_id(c, out) != 0)
		return mp_fail(ctx, MP_ERR_CACHE, "%s/%s is not a host id of uid %lu: "
		    "remove it", c->dir, HOST_ID_FILE, (unsigned long)c->uid);
	return MP_OK;
}

time_t
mp_cache_refresh_point(struct mp_ctx *ctx, const struct mp_cache *c,
    const struct mp_token *t, const struct mp_profile *p)
{
	struct mp_ctx quiet = *ctx;
	unsigned char id[MP_HOST_ID_LEN];

	/* Without an id the refresh still happens, at the window's start. */
	if (c == NULL || mp_cache_host_id(&quiet, c, id) != MP_OK) {
		if (c != NULL)
			mp_debug(ctx, "refresh point not spread: %s", quiet.detail);
		return mp_token_refresh_point(t, p, NULL, NULL);
	}
	return mp_token_refresh_point(t, p, id, c->name);
}

int
mp_token_due(struct mp_ctx *ctx, const struct mp_cache *c,
    const struct mp_token *t, const struct mp_profile *p, time_t now)
{
	time_t stale;
	long window = mp_token_window(t, p, &stale);

	/* The id is read only inside the window: the warm path stays as it was. */
	if (window == 0 || !mp_token_fresh(t, p, now) || now < stale - window)
		return 0;
	return now >= mp_cache_refresh_point(ctx, c, t, p);
}
