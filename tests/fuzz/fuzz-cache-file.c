/*
 * fuzz-cache-file.c: the runtime-cache file as mp_cache_read finds it
 * (core/cache.c): any content, truncated, planted or foreign, is a token
 * or a miss, never a crash. A token that reads back is written again and
 * must read back the same.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "fuzz.h"

static struct mp_cache cache = MP_CACHE_INIT;

static struct mp_profile *
profile(void)
{
	static struct mp_profile p = MP_PROFILE_INIT;

	p.name = "default";
	p.token_url = "https://auth.example.com/api/v1/oauth2/token";
	p.client_id = "test-client";
	p.cache_dir = (char *)fz_dir();
	return &p;
}

static void
round_trip(struct mp_ctx *ctx, const struct mp_profile *p, const struct mp_token *t)
{
	struct mp_token again = MP_TOKEN_INIT;

	if (t->access_token[0] == '\0' || strpbrk(t->access_token, "\r\n") != NULL)
		fz_die("a cached token is empty or holds a line break");
	if (t->expires_at <= t->obtained_at)
		fz_die("a cached token without a lifetime was believed");
	if (mp_cache_write(ctx, &cache, p, t) != MP_OK)
		fz_die("a token that was read cannot be written");
	if (mp_cache_read(ctx, &cache, p, &again) != MP_OK ||
	    strcmp(again.access_token, t->access_token) != 0 ||
	    again.expires_at != t->expires_at || again.obtained_at != t->obtained_at)
		fz_die("a written token does not read back the same");
	mp_token_clear(&again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mp_ctx ctx;
	struct mp_token t = MP_TOKEN_INIT;
	const struct mp_profile *p = profile();

	fz_ctx(&ctx, MP_CTX_NO_ENV);
	if (cache.dirfd == -1 &&
	    mp_cache_open(&ctx, p, NULL, geteuid(), getegid(), 1, &cache) != MP_OK)
		fz_die("cannot open the cache dir");
	(void)fz_file(cache.name, data, size);
	if (mp_cache_read(&ctx, &cache, p, &t) == MP_OK)
		round_trip(&ctx, p, &t);
	else if (t.access_token != NULL)
		fz_die("a miss left a token behind");
	mp_token_clear(&t);
	return 0;
}
