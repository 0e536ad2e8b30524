/*
 * test-wipe.c: secrets are wiped before their memory is freed. The unit
 * runner is linked with -Wl,--wrap=free, so every free() made by the core's
 * own code (not by libraries) passes through __wrap_free, which looks for a
 * sentinel in the block before handing it back.
 */
#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "engine.h"
#include "unit.h"

#define SENTINEL "WIPE-ME-SENTINEL-0123456789"

void __real_free(void *p);
void __wrap_free(void *p);

static int armed;
static int seen;	/* frees of a block still holding the sentinel */

void
__wrap_free(void *p)
{
	if (armed && p != NULL &&
	    memmem(p, malloc_usable_size(p), SENTINEL, strlen(SENTINEL)) != NULL)
		seen++;
	__real_free(p);
}

static void
arm(void)
{
	seen = 0;
	armed = 1;
}

static int
disarm(void)
{
	armed = 0;
	return seen;
}

static void
detector_sees_a_plain_free(void)
{
	/* A plain free() from inside the core (a profile's strings are no
	 * secrets, only their sources) is seen. */
	struct mp_profile p = MP_PROFILE_INIT;

	p.name = mp_secret_strdup(SENTINEL);
	CU_ASSERT_FATAL(p.name != NULL);
	arm();
	mp_profile_clear(&p);
	/* The control: without it every test below could pass blind. */
	CU_ASSERT_EQUAL(disarm(), 1);
}

static void
secret_free_wipes(void)
{
	char *p = mp_secret_strdup(SENTINEL);
	struct mp_token t = MP_TOKEN_INIT;

	arm();
	mp_secret_free(p);
	t.access_token = mp_secret_strdup(SENTINEL);
	mp_token_clear(&t);
	CU_ASSERT_EQUAL(disarm(), 0);
}

static void
secret_buffer_wipes_on_growth_and_clear(void)
{
	struct mp_buf b = MP_BUF_INIT(1 << 20);
	char *out = NULL;

	arm();
	CU_ASSERT_EQUAL(mp_buf_addstr(&b, SENTINEL), MP_OK);
	/* Grow it several times: every old block is wiped before it goes. */
	for (int i = 0; i < 200; i++)
		CU_ASSERT_EQUAL(mp_buf_addstr(&b, "padding-padding-"), MP_OK);
	CU_ASSERT_EQUAL(mp_buf_take(&b, &out, NULL), MP_OK);
	mp_secret_free(out);
	CU_ASSERT_EQUAL(mp_buf_addstr(&b, SENTINEL), MP_OK);
	mp_buf_clear(&b);
	CU_ASSERT_EQUAL(disarm(), 0);
}

static void
source_file_wipes(void)
{
	char path[] = "/tmp/mogoplus-wipe.XXXXXX";
	struct mp_ctx ctx = MP_CTX_INIT;
	struct mp_profile p = MP_PROFILE_INIT;
	char *secret = NULL, src[64];
	int fd = mkstemp(path);

	CU_ASSERT_FATAL(fd != -1);
	CU_ASSERT_FATAL(write(fd, SENTINEL "\n", strlen(SENTINEL) + 1) > 0);
	close(fd);
	snprintf(src, sizeof(src), "file:%s", path);
	arm();
	CU_ASSERT_EQUAL(mp_source_read(&ctx, &p, src, "client_secret", &secret), MP_OK);
	CU_ASSERT_STRING_EQUAL(secret, SENTINEL);
	mp_secret_free(secret);
	CU_ASSERT_EQUAL(disarm(), 0);
	unlink(path);
}

static void
form_and_response_wipe(void)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_exchange_req req = { .profile = &p, .client_secret = SENTINEL };
	struct mp_buf form = MP_BUF_INIT(4096);
	struct mp_ctx ctx = MP_CTX_INIT;
	struct mp_token t = MP_TOKEN_INIT;
	const char *body = "{\"access_token\":\"" SENTINEL "\",\"token_type\":\"Bearer\","
	    "\"expires_in\":60}";

	p.client_id = "id";
	arm();
	CU_ASSERT_EQUAL(mp_http_form(&req, &form), MP_OK);
	mp_buf_clear(&form);
	CU_ASSERT_EQUAL(mp_response_token(&ctx, body, strlen(body), 1, &t), MP_OK);
	mp_token_clear(&t);
	CU_ASSERT_EQUAL(disarm(), 0);
}

static void
cache_round_trip_wipes(void)
{
	char dir[] = "/tmp/mogoplus-wipe-cache.XXXXXX";
	struct mp_ctx ctx = MP_CTX_INIT;
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_cache c = MP_CACHE_INIT;
	struct mp_token t = MP_TOKEN_INIT, back = MP_TOKEN_INIT;
	char cmd[128];

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	p.token_url = "https://a/t";
	p.client_id = "id";
	t.access_token = mp_secret_strdup(SENTINEL);
	t.obtained_at = time(NULL);
	t.expires_at = t.obtained_at + 100;
	arm();
	CU_ASSERT_EQUAL_FATAL(mp_cache_open(&ctx, &p, dir, geteuid(), getegid(), 1, &c), MP_OK);
	CU_ASSERT_EQUAL(mp_cache_write(&ctx, &c, &p, &t), MP_OK);
	CU_ASSERT_EQUAL(mp_cache_read(&ctx, &c, &p, &back), MP_OK);
	CU_ASSERT_STRING_EQUAL(back.access_token, SENTINEL);
	mp_token_clear(&back);
	mp_token_clear(&t);
	mp_cache_close(&c);
	CU_ASSERT_EQUAL(disarm(), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

void
add_wipe_tests(void)
{
	static const struct unit_case cases[] = {
		{ .name = "the detector sees an unwiped free",
		  .fn = detector_sees_a_plain_free },
		{ .name = "mp_secret_free and mp_token_clear wipe",
		  .fn = secret_free_wipes },
		{ .name = "every buffer wipes on growth and clear",
		  .fn = secret_buffer_wipes_on_growth_and_clear },
		{ .name = "secrets read from files are wiped",
		  .fn = source_file_wipes },
		{ .name = "the form body and parsed tokens are wiped",
		  .fn = form_and_response_wipe },
		{ .name = "the cache's read and write buffers are wiped",
		  .fn = cache_round_trip_wipes },
		{ .name = NULL, .fn = NULL }
	};
	unit_suite("wipe", cases);
}
