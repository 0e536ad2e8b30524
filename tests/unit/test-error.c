/* test-error.c: every error has a phrase and its sysexits.h exit status. */
#include "config.h"

#include <string.h>
#include <sysexits.h>

#include "mogoplus.h"
#include "unit.h"

static void
every_error_has_a_phrase(void)
{
	for (int r = 0; r < MP_ERR__COUNT; r++) {
		CU_ASSERT_PTR_NOT_NULL(mp_strerror(r));
		CU_ASSERT_STRING_NOT_EQUAL(mp_strerror(r), "unknown error");
	}
	CU_ASSERT_STRING_EQUAL(mp_strerror(-1), "unknown error");
	CU_ASSERT_STRING_EQUAL(mp_strerror(MP_ERR__COUNT), "unknown error");
}

static void
exit_codes_follow_sysexits(void)
{
	CU_ASSERT_EQUAL(mp_exit_code(MP_OK), 0);
	CU_ASSERT_EQUAL(mp_exit_code(MP_ERR_USAGE), 64);
	CU_ASSERT_EQUAL(mp_exit_code(MP_ERR_CONFIG), 78);
	CU_ASSERT_EQUAL(mp_exit_code(MP_ERR_NO_PROFILE), 78);
	CU_ASSERT_EQUAL(mp_exit_code(MP_ERR_SECRET), 78);
	CU_ASSERT_EQUAL(mp_exit_code(MP_ERR_REJECTED), 77);
	CU_ASSERT_EQUAL(mp_exit_code(MP_ERR_UNAVAILABLE), 69);
	CU_ASSERT_EQUAL(mp_exit_code(MP_ERR_TIMEOUT), 69);
	CU_ASSERT_EQUAL(mp_exit_code(MP_ERR_TLS), 69);
	CU_ASSERT_EQUAL(mp_exit_code(MP_ERR_PROTOCOL), 76);
	/* A file or input over its cap: the user's to fix, like a bad config. */
	CU_ASSERT_EQUAL(mp_exit_code(MP_ERR_TOOBIG), 78);
	CU_ASSERT_STRING_EQUAL(mp_strerror(MP_ERR_TOOBIG), "too large");
	CU_ASSERT_EQUAL(mp_exit_code(MP_ERR_INTERNAL), 70);
	CU_ASSERT_EQUAL(mp_exit_code(MP_ERR_NOMEM), 70);
	CU_ASSERT_EQUAL(mp_exit_code(12345), 70);
}

static void
error_line_format(void)
{
	struct mp_ctx ctx = MP_CTX_INIT;
	char line[300];

	CU_ASSERT_EQUAL(mp_fail(&ctx, MP_ERR_REJECTED, "%s", "invalid_client"), MP_ERR_REJECTED);
	CU_ASSERT_STRING_EQUAL(mp_ctx_errline(&ctx, "default", line, sizeof(line)),
	    "default: token request rejected: invalid_client");
	mp_fail(&ctx, MP_ERR_PROTOCOL, NULL);
	CU_ASSERT_STRING_EQUAL(mp_ctx_errline(&ctx, NULL, line, sizeof(line)),
	    "invalid token response");
	/* A credential error's detail names its file: no phrase before it. */
	mp_fail(&ctx, MP_ERR_CREDENTIAL, "client certificate: %s: expired on %s",
	    "/c.pem", "2021-01-01");
	CU_ASSERT_STRING_EQUAL(mp_ctx_errline(&ctx, "default", line, sizeof(line)),
	    "default: client certificate: /c.pem: expired on 2021-01-01");
	CU_ASSERT_EQUAL(mp_exit_code(MP_ERR_CREDENTIAL), 78);
	/* A server cannot put a newline or an escape into our one line. */
	mp_fail(&ctx, MP_ERR_REJECTED, "%s", "bad\nline\x1b[31m");
	CU_ASSERT_PTR_NULL(strchr(ctx.detail, '\n'));
	CU_ASSERT_PTR_NULL(strchr(ctx.detail, '\x1b'));
}

void
add_error_tests(void)
{
	static const struct unit_case cases[] = {
		{ .name = "every error has a phrase", .fn = every_error_has_a_phrase },
		{ .name = "exit codes follow sysexits",
		  .fn = exit_codes_follow_sysexits },
		{ .name = "one-line error format", .fn = error_line_format },
		{ .name = NULL, .fn = NULL }
	};
	unit_suite("errors", cases);
}
