/* ctx.c: logging and the last error, so plugins decide where lines go. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mputil.h"

void
mp_ctx_init(struct mp_ctx *ctx, unsigned flags)
{
	struct mp_ctx zero = MP_CTX_INIT;
	const char *v;

	*ctx = zero;
	ctx->flags = flags;
	/* git and docker run the helpers without a -v to pass: the variable
	 * is the way to see the steps (never a secret) there. */
	if (!(flags & MP_CTX_NO_ENV) && (v = secure_getenv("MOGOPLUS_DEBUG")) != NULL &&
	    *v != '\0' && strcmp(v, "0") != 0)
		ctx->flags |= MP_CTX_VERBOSE;
	/*
	 * module_dir stays NULL ($(pkglibdir)): no variable of the caller's can
	 * point an installed program at other code: sudo -E or a wrapper that keeps
	 * the environment would carry it past secure_getenv. Only
	 * binaries built for the test suite set it (test-build.h).
	 */
}

/* Keep only printable ASCII so a server cannot inject lines or escapes. */
static void
sanitize(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			*s = '?';
}

int
(mp_fail)(struct mp_ctx *ctx, int r, const char *fmt, ...)
{
	va_list ap;

	ctx->err = r;
	ctx->detail[0] = '\0';
	if (fmt != NULL) {
		va_start(ap, fmt);
		/* Truncation is fine: the detail is a bounded hint. */
		(void)vsnprintf(ctx->detail, sizeof(ctx->detail), fmt, ap);
		va_end(ap);
		sanitize(ctx->detail);
	}
	return r;
}

static void mp_vlog(struct mp_ctx *ctx, enum mp_log_level level, const char *fmt,
    va_list ap) __attribute__((format(printf, 3, 0)));

static void
mp_vlog(struct mp_ctx *ctx, enum mp_log_level level, const char *fmt, va_list ap)
{
	char line[512];

	if (level == MP_LOG_DEBUG && !(ctx->flags & MP_CTX_VERBOSE))
		return;
	(void)vsnprintf(line, sizeof(line), fmt, ap);
	sanitize(line);
	if (ctx->log != NULL)
		ctx->log(ctx->log_arg, level, line);
	else
		fprintf(stderr, "mogoplus: %s%s\n",
		    level == MP_LOG_DEBUG ? "debug: " :
		    level == MP_LOG_WARN ? "warning: " : "", line);
}

void
mp_log(struct mp_ctx *ctx, enum mp_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mp_vlog(ctx, level, fmt, ap);
	va_end(ap);
}

/* Does detail start with one of the MP_ROLE_* names and ": "? */
static int
names_file(const char *detail)
{
	static const char *const roles[] = { MP_ROLE_CERT, MP_ROLE_KEY, MP_ROLE_CA,
		MP_ROLE_SECRET, MP_ROLE_KEYPW };
	size_t n;

	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		n = strlen(roles[i]);
		if (strncmp(detail, roles[i], n) == 0 && strncmp(detail + n, ": ", 2) == 0)
			return 1;
	}
	return 0;
}

const char *
mp_ctx_errline(const struct mp_ctx *ctx, const char *profile, char *buf, size_t len)
{
	const char *what = mp_strerror(ctx->err);
	const char *detail = ctx->detail;
	size_t pl = profile != NULL ? strlen(profile) : 0;

	/* The profile once: a detail that starts with it loses that start. */
	if (profile != NULL && strncmp(detail, profile, pl) == 0 &&
	    strncmp(detail + pl, ": ", 2) == 0)
		detail += pl + 2;
	/* A credential error's detail names its file and role already, as
	 * does any detail about a file the profile names ("client secret
	 * file: PATH: ..."): the phrase would say it twice. */
	if ((ctx->err == MP_ERR_CREDENTIAL && detail[0] != '\0') || names_file(detail))
		what = "";
	(void)snprintf(buf, len, "%s%s%s%s%s", profile != NULL ? profile : "",
	    profile != NULL ? ": " : "", what,
	    what[0] != '\0' && detail[0] != '\0' ? ": " : "", detail);
	return buf;
}
