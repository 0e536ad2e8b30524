/*
 * TEMPORARY STUB -- delete this file when main's core/cache.c is merged.
 *
 * mp_token_evict is declared in core/mogoplus.h but the lead's runtime
 * cache (core/cache.c) has not landed yet. Until it does there is no cache,
 * so there is nothing to evict and "nothing cached" is not an error.
 */
#include "config.h"

#include "mogoplus.h"

int
mp_token_evict(struct mp_ctx *ctx, const struct mp_profile *p, const char *token)
{
	return MP_OK;
}
