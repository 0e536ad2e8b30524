/*
 * cache.h: the runtime tier, one file per (token_url, client_id, scope) in
 * a per-user 0700 directory, and the per-key lock that makes N processes
 * that miss at once make one request. Internal to the light core.
 */
#ifndef MP_CACHE_H
#define MP_CACHE_H

#include "internal.h"

struct mp_cache {
	int dirfd;		/* -1 when closed */
	char *dir;
	char name[40];		/* "t-" + 32 hex digits of SHA-256(key) */
	uid_t uid;		/* who must own the dir and its files */
	gid_t gid;
};
#define MP_CACHE_INIT { -1, NULL, "", 0, 0 }

/*
 * Open (creating when create is set) the cache dir for p: dir, or the
 * default of DESIGN section 4 when NULL. A dir with another owner, a mode
 * open to others, or a symlink is refused with MP_ERR_CACHE. On MP_OK c
 * holds a descriptor and c->dir (owned): release with mp_cache_close().
 */
int mp_cache_open(struct mp_ctx *ctx, const struct mp_profile *p, const char *dir,
    uid_t uid, gid_t gid, int create, struct mp_cache *c);
/* Close and free what c holds; c is MP_CACHE_INIT afterwards. */
void mp_cache_close(struct mp_cache *c);
/* The default cache dir of the calling user; *out: caller frees with
 * g_free(). */
int mp_cache_default_dir(struct mp_ctx *ctx, char **out);

/* The cached token (any freshness); MP_ERR_NOT_FOUND for a missing,
 * corrupt, truncated, foreign or badly owned file. *out cleared first;
 * on MP_OK the caller frees it (wiped) with mp_token_clear(). */
int mp_cache_read(struct mp_ctx *ctx, const struct mp_cache *c,
    const struct mp_profile *p, struct mp_token *out);
/* Write t (borrowed) atomically (temp file, then rename), 0600, owned by
 * c->uid; the bytes are wiped from memory after the write. */
int mp_cache_write(struct mp_ctx *ctx, const struct mp_cache *c,
    const struct mp_profile *p, const struct mp_token *t);
/* Remove the file, only if it holds token (borrowed; NULL: whatever it
 * holds). *removed (may be NULL) says whether a file was removed. */
int mp_cache_remove(struct mp_ctx *ctx, const struct mp_cache *c,
    const struct mp_profile *p, const char *token, int *removed);

/* Take the key's lock within timeout_ms; *fd is the caller's, released
 * (closed) with mp_cache_unlock(); -1 on error. */
int mp_cache_lock(struct mp_ctx *ctx, const struct mp_cache *c, long timeout_ms, int *fd);
void mp_cache_unlock(int fd);

/* now < expires_at - min(refresh_margin, lifetime / 2) */
int mp_token_fresh(const struct mp_token *t, const struct mp_profile *p, time_t now);
/*
 * Fresh, and inside the refresh-ahead window just before it goes stale:
 * p->refresh_ahead seconds (MP_REFRESH_AHEAD_AUTO: a tenth of the
 * lifetime, at most MP_REFRESH_AHEAD_MAX), never more than half of the
 * token's fresh life; 0 never.
 */
int mp_token_due(const struct mp_token *t, const struct mp_profile *p, time_t now);

#endif
