/*
 * cache.h: the runtime tier, one record per (token_url, client_id, scope,
 * certificate): a key in the user's persistent kernel keyring (runtime.c,
 * kernel.c) or a file in a per-user 0700 directory (cache.c), and the
 * per-key lock in that directory that makes N processes that miss at once
 * make one request. Internal to the light core.
 */
#ifndef MP_CACHE_H
#define MP_CACHE_H

#include "internal.h"

struct mp_cache {
	int dirfd;		/* -1 when closed (or not opened yet: kernel) */
	char *dir;
	char name[40];		/* "t-" + 32 hex digits of SHA-256(key) */
	uid_t uid;		/* who must own the dir and its files */
	gid_t gid;
	int ring;		/* the kernel keyring holding the record (a
				 * key_serial_t); 0: the file tier */
	int fallback;		/* runtime_store = auto: the file tier backs
				 * the kernel's (a full key quota) */
};
#define MP_CACHE_INIT { .dirfd = -1, .dir = NULL, .name = "", .uid = 0, \
	.gid = 0, .ring = 0, .fallback = 0 }
/* The biggest record: a kernel "user" key holds at most 32767 bytes. */
#define MP_CACHE_RECORD_MAX (32 * 1024 - 1)

/*
 * Open (creating when create is set) the cache dir for p: dir, or the
 * default ($XDG_RUNTIME_DIR/mogoplus, else ~/.cache/mogoplus) when
 * NULL. A dir with another owner, a mode open to others, or a symlink is
 * refused with MP_ERR_CACHE. On MP_OK c holds a descriptor and c->dir
 * (owned): release with mp_cache_close().
 */
int mp_cache_open(struct mp_ctx *ctx, const struct mp_profile *p, const char *dir,
    uid_t uid, gid_t gid, int create, struct mp_cache *c);
/* Close and free what c holds; c is MP_CACHE_INIT afterwards. */
void mp_cache_close(struct mp_cache *c);

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

/* The record's name, "t-" and a hash of p's cache key (no URL or id). */
void mp_cache_key_name(const struct mp_profile *p, char name[40]);
/* The record of t for p into b (secret, capped at MP_CACHE_RECORD_MAX). */
int mp_cache_record_format(struct mp_ctx *ctx, const struct mp_profile *p,
    const struct mp_token *t, struct mp_buf *b);
/* b's record as a token for p; MP_ERR_NOT_FOUND for anything not ours.
 * *out cleared first, the caller's on MP_OK. b is borrowed and altered. */
int mp_cache_record_parse(struct mp_ctx *ctx, const struct mp_profile *p,
    struct mp_buf *b, struct mp_token *out);

/*
 * The runtime tier of the calling user for p (runtime.c): runtime_store
 * kernel or auto where the kernel allows it, the persistent keyring
 * (c->ring; the folder, for the lock, opened later by mp_runtime_dir);
 * else the folder of mp_cache_open. runtime_store = kernel where the
 * kernel says no is MP_ERR_CACHE, ctx saying why. Close with
 * mp_cache_close().
 */
int mp_runtime_open(struct mp_ctx *ctx, const struct mp_profile *p, struct mp_cache *c);
/* Is c a tier at all (a keyring or an open folder)? */
#define mp_runtime_usable(c) ((c)->ring != 0 || (c)->dirfd != -1)
/* Open c's folder when it is not yet (the kernel tier's lock). */
int mp_runtime_dir(struct mp_ctx *ctx, const struct mp_profile *p, struct mp_cache *c);
/* mp_cache_read, _write and _remove on whichever tier c is; a kernel key
 * removed sets *removed to its serial, a file 1. */
int mp_runtime_read(struct mp_ctx *ctx, struct mp_cache *c,
    const struct mp_profile *p, struct mp_token *out);
int mp_runtime_write(struct mp_ctx *ctx, struct mp_cache *c,
    const struct mp_profile *p, const struct mp_token *t);
int mp_runtime_remove(struct mp_ctx *ctx, struct mp_cache *c,
    const struct mp_profile *p, const char *token, int *removed);

/* Take the key's lock within timeout_ms; *fd is the caller's, released
 * (closed) with mp_cache_unlock(); -1 on error. */
int mp_cache_lock(struct mp_ctx *ctx, const struct mp_cache *c, long timeout_ms, int *fd);
void mp_cache_unlock(int fd);

/* ---- when a token is refreshed (core/refresh.c) ---- */

/* now < expires_at - min(refresh_margin, lifetime / 2) */
int mp_token_fresh(const struct mp_token *t, const struct mp_profile *p, time_t now);
/*
 * The refresh-ahead window of t, in seconds, ending at *stale (when t stops
 * being fresh): p->refresh_ahead (MP_REFRESH_AHEAD_AUTO: a tenth of the
 * lifetime, at most MP_REFRESH_AHEAD_MAX), never more than half of the
 * token's fresh life; 0 when off.
 */
long mp_token_window(const struct mp_token *t, const struct mp_profile *p, time_t *stale);
/*
 * Where in a window of window seconds a token is refreshed: an offset in
 * [0, window) from SHA-256 over host_id, key (the cache file's name) and
 * expires_at, so one host always agrees with itself and hosts differ.
 * Pure; bench/herd.c simulates a fleet with it.
 */
#define MP_HOST_ID_LEN 16
long mp_spread_offset(const unsigned char host_id[MP_HOST_ID_LEN], const char *key,
    time_t expires_at, long window);
/* The start of t's window plus that offset (host_id or key NULL: none);
 * with the window off, when t goes stale. Always inside the window. */
time_t mp_token_refresh_point(const struct mp_token *t, const struct mp_profile *p,
    const unsigned char *host_id, const char *key);
/*
 * This host's random id, from the file "host-id" in c's folder, made on
 * first use (a race of two first uses ends with one id for both). A file
 * that is not one is replaced; a folder of another user gets none.
 */
int mp_cache_host_id(struct mp_ctx *ctx, const struct mp_cache *c,
    unsigned char out[MP_HOST_ID_LEN]);
/* mp_token_refresh_point with c's host id and key (c NULL or without an
 * id: the window's start). */
time_t mp_cache_refresh_point(struct mp_ctx *ctx, const struct mp_cache *c,
    const struct mp_token *t, const struct mp_profile *p);
/* Fresh, inside the window, and at or past the refresh point. */
int mp_token_due(struct mp_ctx *ctx, const struct mp_cache *c,
    const struct mp_token *t, const struct mp_profile *p, time_t now);

#endif
