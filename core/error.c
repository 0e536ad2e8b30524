/* error.c: the core's one error enum, its phrases and its exit statuses. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sysexits.h>

#include "mputil.h"

static const struct {
	const char *what;
	int status;
} errtab[MP_ERR__COUNT] = {
	[MP_OK]			= { .what = "success", .status = EX_OK },
	[MP_ERR_INTERNAL]	= { .what = "internal error", .status = EX_SOFTWARE },
	[MP_ERR_NOMEM]		= { .what = "out of memory", .status = EX_SOFTWARE },
	[MP_ERR_USAGE]		= { .what = "usage", .status = EX_USAGE },
	[MP_ERR_CONFIG]		= { .what = "bad configuration", .status = EX_CONFIG },
	[MP_ERR_NO_PROFILE]	= { .what = "no such profile", .status = EX_CONFIG },
	[MP_ERR_SECRET]		= { .what = "client secret unavailable", .status = EX_CONFIG },
	[MP_ERR_REJECTED]	= { .what = "token request rejected", .status = EX_NOPERM },
	[MP_ERR_UNAVAILABLE]	= { .what = "token endpoint unavailable", .status = EX_UNAVAILABLE },
	[MP_ERR_TIMEOUT]	= { .what = "token request timed out", .status = EX_UNAVAILABLE },
	[MP_ERR_TLS]		= { .what = "TLS failure", .status = EX_UNAVAILABLE },
	[MP_ERR_PROTOCOL]	= { .what = "invalid token response", .status = EX_PROTOCOL },
	[MP_ERR_MODULE]		= { .what = "cannot load module", .status = EX_SOFTWARE },
	[MP_ERR_NOT_FOUND]	= { .what = "not found", .status = EX_SOFTWARE },
	[MP_ERR_KEYRING]	= { .what = "keyring unavailable", .status = EX_UNAVAILABLE },
	[MP_ERR_CACHE]		= { .what = "token cache unusable", .status = EX_SOFTWARE },
	/* What outgrows its cap is a file or input the user gave (a config
	 * file, docker's config.json): theirs to fix, like a bad config. */
	[MP_ERR_TOOBIG]		= { .what = "too large", .status = EX_CONFIG },
	/* Its detail starts with the file's role ("client certificate: PATH:
	 * ..."), so the error line shows the detail alone. */
	[MP_ERR_CREDENTIAL]	= { .what = "client certificate or key unusable", .status = EX_CONFIG },
};

const char *
mp_strerror(int r)
{
	if (r < 0 || r >= MP_ERR__COUNT || errtab[r].what == NULL)
		return "unknown error";
	return errtab[r].what;
}

int
mp_exit_code(int r)
{
	if (r < 0 || r >= MP_ERR__COUNT || errtab[r].what == NULL)
		return EX_SOFTWARE;
	return errtab[r].status;
}

/* Each file's role and the profile key that names it, for the fix. */
static const struct {
	const char *role;
	const char *key;
} roletab[] = {
	{ .role = MP_ROLE_CERT, .key = "cert =" },
	{ .role = MP_ROLE_KEY, .key = "key =" },
	{ .role = MP_ROLE_CA, .key = "ca =" },
	{ .role = MP_ROLE_SECRET, .key = "client_secret = file:PATH" },
	{ .role = MP_ROLE_KEYPW, .key = "key_password = file:PATH" },
};

int
mp_fail_open(struct mp_ctx *ctx, int r, const char *role, const char *path, int err)
{
	const char *key = NULL;

	for (size_t i = 0; i < sizeof(roletab) / sizeof(roletab[0]); i++)
		if (strcmp(roletab[i].role, role) == 0)
			key = roletab[i].key;
	if ((err == ENOENT || err == ENOTDIR) && key != NULL)
		return mp_fail(ctx, r, "%s: %s: %s (fix %s in the profile)", role, path,
		    strerror(err), key);
	if (err == EACCES)
		return mp_fail(ctx, r, "%s: %s: %s (make it readable by you)", role,
		    path, strerror(err));
	return mp_fail(ctx, r, "%s: %s: %s", role, path, strerror(err));
}
