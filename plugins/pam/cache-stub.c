/*
 * cache-stub.c: TEMPORARY. The runtime cache (core/cache.c) is being
 * written on main; until it lands, these stand in for the two functions
 * the PAM session stage calls so that the module links and loads. They
 * fail honestly, so the cache_token test fails until the merge.
 * REMOVE THIS FILE (and its Makefile.am line) WHEN MERGING main's cache.
 */
#include "config.h"

#include "mogoplus.h"

int
mp_cache_put_for_user(struct mp_ctx *ctx, const struct mp_profile *p,
    const struct mp_token *t, const char *dir, uid_t uid, gid_t gid)
{
	return mp_fail(ctx, MP_ERR_CACHE, "the runtime cache is not built yet");
}

int
mp_cache_remove_for_user(struct mp_ctx *ctx, const struct mp_profile *p,
    const char *dir, uid_t uid)
{
	return mp_fail(ctx, MP_ERR_CACHE, "the runtime cache is not built yet");
}
