/* test-refresh.c: the refresh-ahead window (mp_token_due) and its key. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "unit.h"

/* A token of lifetime life, obtained at 0; now is seconds after that. */
static int
due_at(long life, long margin, long ahead, long now)
{
	struct mp_profile p = MP_PROFILE_INIT;
	struct mp_token t = MP_TOKEN_INIT;
	struct mp_ctx ctx;
	char tok[] = "t";

	mp_ctx_init(&ctx, MP_CTX_NO_ENV);
	p.refresh_margin = margin;
	p.refresh_ahead = ahead;
	t.access_token = tok;
	t.obtained_at = 1000;
	t.expires_at = 1000 + life;
	/* No cache folder, no host id: the window's start (test-spread.c
	 * moves the point inside it). */
	return mp_token_due(&ctx, NULL, &t, &p, (time_t)(1000 + now));
}

/* Ten-hour tokens: stale at 35700 s, the default window is the hour before. */
static void
default_window_is_a_tenth_at_most_an_hour(void)
{
	long auto_ = MP_REFRESH_AHEAD_AUTO;

	CU_ASSERT_FALSE(due_at(36000, 300, auto_, 32099));
	CU_ASSERT_TRUE(due_at(36000, 300, auto_, 32100));
	CU_ASSERT_TRUE(due_at(36000, 300, auto_, 35699));
	CU_ASSERT_FALSE(due_at(36000, 300, auto_, 35700));	/* stale, not due */
	/* A day-long token: still an hour, not 2.4 h. */
	CU_ASSERT_FALSE(due_at(86400, 300, auto_, 86100 - 3601));
	CU_ASSERT_TRUE(due_at(86400, 300, auto_, 86100 - 3600));
	/* An hour-long token: a tenth, 360 s before 3300. */
	CU_ASSERT_FALSE(due_at(3600, 300, auto_, 2939));
	CU_ASSERT_TRUE(due_at(3600, 300, auto_, 2940));
}

static void
explicit_window_and_zero(void)
{
	CU_ASSERT_TRUE(due_at(36000, 300, 60, 35640));
	CU_ASSERT_FALSE(due_at(36000, 300, 60, 35639));
	for (long now = 0; now < 36000; now += 100)
		CU_ASSERT_FALSE(due_at(36000, 300, 0, now));
}

/* Never more than half the fresh life: a new token is never born due. */
static void
window_is_at_most_half_the_fresh_life(void)
{
	/* 20 s token, margin cut to 10 s: fresh for 10 s, due for the last 5. */
	CU_ASSERT_FALSE(due_at(20, 300, 86400, 0));
	CU_ASSERT_FALSE(due_at(20, 300, 86400, 4));
	CU_ASSERT_TRUE(due_at(20, 300, 86400, 5));
	CU_ASSERT_TRUE(due_at(20, 300, 86400, 9));
	CU_ASSERT_FALSE(due_at(20, 300, 86400, 10));
	CU_ASSERT_FALSE(due_at(36000, 300, 86400, 0));
	CU_ASSERT_FALSE(due_at(36000, 300, 86400, 17849));
	CU_ASSERT_TRUE(due_at(36000, 300, 86400, 17850));
}

static void
key_and_variable(void)
{
	struct mp_ctx ctx;
	struct mp_config *cfg = NULL;
	struct mp_profile p = MP_PROFILE_INIT;
	char path[] = "/tmp/mp-unit-refresh.XXXXXX";
	int fd = mkstemp(path);
	static const char text[] = "[profile default]\ntoken_url = https://h/t\n"
	    "client_id = c\ncert = /c.pem\nrefresh_ahead = 120\n";

	CU_ASSERT_FATAL(fd != -1);
	CU_ASSERT_EQUAL(write(fd, text, sizeof(text) - 1), (ssize_t)(sizeof(text) - 1));
	close(fd);
	mp_ctx_init(&ctx, 0);
	setenv("MOGOPLUS_CONFIG", path, 1);
	unsetenv("MOGOPLUS_REFRESH_AHEAD");
	unsetenv("MOGOPLUS_PROFILE");
	CU_ASSERT_EQUAL_FATAL(mp_config_load(&ctx, NULL, &cfg), MP_OK);
	CU_ASSERT_EQUAL(mp_config_profile(&ctx, cfg, NULL, &p), MP_OK);
	CU_ASSERT_EQUAL(p.refresh_ahead, 120);
	setenv("MOGOPLUS_REFRESH_AHEAD", "0", 1);
	CU_ASSERT_EQUAL(mp_config_profile(&ctx, cfg, NULL, &p), MP_OK);
	CU_ASSERT_EQUAL(p.refresh_ahead, 0);
	setenv("MOGOPLUS_REFRESH_AHEAD", "-1", 1);
	CU_ASSERT_EQUAL(mp_config_profile(&ctx, cfg, NULL, &p), MP_ERR_CONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx.detail, "refresh_ahead"));
	unsetenv("MOGOPLUS_REFRESH_AHEAD");
	unsetenv("MOGOPLUS_CONFIG");
	mp_profile_clear(&p);
	mp_config_free(cfg);
	unlink(path);
}

void
add_refresh_tests(void)
{
	static const struct unit_case cases[] = {
		{ .name = "default window: a tenth of the life, at most an hour",
		  .fn = default_window_is_a_tenth_at_most_an_hour },
		{ .name = "an explicit window; 0 is never due",
		  .fn = explicit_window_and_zero },
		{ .name = "the window is at most half the fresh life",
		  .fn = window_is_at_most_half_the_fresh_life },
		{ .name = "refresh_ahead and MOGOPLUS_REFRESH_AHEAD",
		  .fn = key_and_variable },
		{ .name = NULL, .fn = NULL }
	};
	unit_suite("refresh", cases);
}
