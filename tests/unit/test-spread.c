/*
 * test-spread.c: the refresh point inside the refresh-ahead window: one
 * host agrees with itself, two hosts differ, and it never leaves the window.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "cache.h"
#include "unit.h"

/* A ten-hour token obtained at 1000000 (margin 300, the default window). */
static void
ten_hours(struct mp_profile *p, struct mp_token *t, char *tok)
{
	p->refresh_margin = 300;
	p->refresh_ahead = MP_REFRESH_AHEAD_AUTO;
	t->access_token = tok;
	t->obtained_at = 1000000;
	t->expires_at = 1000000 + 36000;
}

/* A fixed id per host number: the test is the same on every run. */
static void
host_id(unsigned n, unsigned char id[MP_HOST_ID_LEN])
{
	for (unsigned i = 0; i < MP_HOST_ID_LEN; i++)
		id[i] = (unsigned char)((n * 2654435761u) >> (i % 4 * 8)) ^ (unsigned char)i;
}

static void
point_always_inside_the_window(void)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_token t = MP_TOKEN_INIT;
	unsigned char id[MP_HOST_ID_LEN];
	char tok[] = "t";
	time_t stale, at;
	long lives[] = { 10, 20, 61, 3600, 36000, 86400 }, w;

	ten_hours(&p, &t, tok);
	for (size_t l = 0; l < G_N_ELEMENTS(lives); l++) {
		t.expires_at = t.obtained_at + lives[l];
		for (unsigned n = 0; n < 2000; n++) {
			host_id(n, id);
			t.expires_at += n % 3;
			w = mp_token_window(&t, &p, &stale);
			at = mp_token_refresh_point(&t, &p, id, "t-0123");
			CU_ASSERT(at >= stale - w);
			CU_ASSERT(at < stale || (w == 0 && at == stale));
			CU_ASSERT(mp_token_fresh(&t, &p, at));
		}
	}
}

/* Two hosts holding the same tokens refresh each at another second. */
static void
two_hosts_differ(void)
{
	unsigned char a[MP_HOST_ID_LEN], b[MP_HOST_ID_LEN];
	int differ = 0;

	host_id(1, a);
	host_id(2, b);
	for (time_t e = 1036000; e < 1036100; e++)
		differ += mp_spread_offset(a, "t-0123", e, 3600) !=
		    mp_spread_offset(b, "t-0123", e, 3600);
	CU_ASSERT(differ >= 95);
	/* The same host, the same token: always the same offset. */
	CU_ASSERT_EQUAL(mp_spread_offset(a, "t-0123", 1036000, 3600),
	    mp_spread_offset(a, "t-0123", 1036000, 3600));
}

/* A fleet's offsets cover the window, not a corner of it. */
static void
fleet_covers_the_window(void)
{
	unsigned char id[MP_HOST_ID_LEN];
	long lo = 3600, hi = -1, off, quarter[4] = { 0, 0, 0, 0 };

	for (unsigned n = 0; n < 4000; n++) {
		host_id(n, id);
		off = mp_spread_offset(id, "t-0123", 1036000, 3600);
		lo = off < lo ? off : lo;
		hi = off > hi ? off : hi;
		quarter[off / 900]++;
	}
	CU_ASSERT(lo < 60);
	CU_ASSERT(hi > 3540);
	for (int q = 0; q < 4; q++)
		CU_ASSERT(quarter[q] > 800 && quarter[q] < 1200);
}

static int
open_dir(const char *dir, struct mp_cache *c)
{
	struct mp_ctx ctx;
	struct mp_profile p = MP_PROFILE_INIT;

	mp_ctx_init(&ctx, MP_CTX_NO_ENV);
	p.token_url = (char *)"https://h/t";
	p.client_id = (char *)"c";
	return mp_cache_open(&ctx, &p, dir, geteuid(), getegid(), 1, c);
}

/* Two opens of one folder (two processes of a host) read one id; another
 * folder (another host) makes its own; a broken file is replaced. */
static void
host_id_kept_in_the_cache_folder(void)
{
	char base[] = "/tmp/mp-unit-spread.XXXXXX", a[80], b[80], f[96];
	struct mp_cache c1 = MP_CACHE_INIT, c2 = MP_CACHE_INIT, c3 = MP_CACHE_INIT;
	unsigned char i1[MP_HOST_ID_LEN], i2[MP_HOST_ID_LEN], i3[MP_HOST_ID_LEN];
	struct mp_ctx ctx;
	struct stat st;
	FILE *fp;

	mp_ctx_init(&ctx, MP_CTX_NO_ENV);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(base));
	(void)snprintf(a, sizeof(a), "%s/a", base);
	(void)snprintf(b, sizeof(b), "%s/b", base);
	(void)snprintf(f, sizeof(f), "%s/host-id", a);
	CU_ASSERT_EQUAL_FATAL(open_dir(a, &c1), MP_OK);
	CU_ASSERT_EQUAL_FATAL(open_dir(a, &c2), MP_OK);
	CU_ASSERT_EQUAL_FATAL(open_dir(b, &c3), MP_OK);
	CU_ASSERT_EQUAL(mp_cache_host_id(&ctx, &c1, i1), MP_OK);
	CU_ASSERT_EQUAL(mp_cache_host_id(&ctx, &c2, i2), MP_OK);
	CU_ASSERT_EQUAL(mp_cache_host_id(&ctx, &c3, i3), MP_OK);
	CU_ASSERT_EQUAL(memcmp(i1, i2, sizeof(i1)), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(i1, i3, sizeof(i1)), 0);
	CU_ASSERT(stat(f, &st) == 0 && (st.st_mode & 077) == 0);
	/* A file that is no id: replaced once, then kept. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(f, "w"));
	fputs("not an id\n", fp);
	fclose(fp);
	CU_ASSERT_EQUAL(mp_cache_host_id(&ctx, &c1, i1), MP_OK);
	CU_ASSERT_EQUAL(mp_cache_host_id(&ctx, &c2, i2), MP_OK);
	CU_ASSERT_EQUAL(memcmp(i1, i2, sizeof(i1)), 0);
	mp_cache_close(&c1);
	mp_cache_close(&c2);
	mp_cache_close(&c3);
	(void)unlink(f);
	(void)snprintf(f, sizeof(f), "%s/host-id", b);
	(void)unlink(f);
	(void)rmdir(a);
	(void)rmdir(b);
	(void)rmdir(base);
}

/* Inside the window but before this host's point: not due yet. */
static void
due_from_the_refresh_point_on(void)
{
	char base[] = "/tmp/mp-unit-spread.XXXXXX", f[96], tok[] = "t";
	struct mp_cache c = MP_CACHE_INIT;
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_token t = MP_TOKEN_INIT;
	struct mp_ctx ctx;
	time_t at;

	mp_ctx_init(&ctx, MP_CTX_NO_ENV);
	ten_hours(&p, &t, tok);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(base));
	CU_ASSERT_EQUAL_FATAL(open_dir(base, &c), MP_OK);
	/* Find a token whose point is not the window's first second. */
	while ((at = mp_cache_refresh_point(&ctx, &c, &t, &p)) == t.expires_at - 3900)
		t.expires_at++;
	CU_ASSERT(at > t.expires_at - 3900 && at < t.expires_at - 300);
	CU_ASSERT_FALSE(mp_token_due(&ctx, &c, &t, &p, at - 1));
	CU_ASSERT_TRUE(mp_token_due(&ctx, &c, &t, &p, at));
	CU_ASSERT_TRUE(mp_token_due(&ctx, &c, &t, &p, t.expires_at - 301));
	CU_ASSERT_FALSE(mp_token_due(&ctx, &c, &t, &p, t.expires_at - 300));
	mp_cache_close(&c);
	(void)snprintf(f, sizeof(f), "%s/host-id", base);
	(void)unlink(f);
	(void)rmdir(base);
}

void
add_spread_tests(void)
{
	static const struct unit_case cases[] = {
		{ .name = "the refresh point is always inside the window",
		  .fn = point_always_inside_the_window },
		{ .name = "two hosts differ, one host agrees with itself",
		  .fn = two_hosts_differ },
		{ .name = "a fleet's refresh points cover the window",
		  .fn = fleet_covers_the_window },
		{ .name = "the host id is kept in the cache folder",
		  .fn = host_id_kept_in_the_cache_folder },
		{ .name = "due from this host's refresh point on",
		  .fn = due_from_the_refresh_point_on },
		{ .name = NULL, .fn = NULL }
	};
	unit_suite("spread", cases);
}
