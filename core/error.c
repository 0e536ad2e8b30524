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
	[MP_OK]			= { "success", EX_OK },
	[MP_ERR_INTERNAL]	= { "internal error", EX_SOFTWARE },
	[MP_ERR_NOMEM]		= { "out of memory", EX_SOFTWARE },
	[MP_ERR_USAGE]		= { "usage", EX_USAGE },
	[MP_ERR_CONFIG]		= { "bad configuration", EX_CONFIG },
	[MP_ERR_NO_PROFILE]	= { "no such profile", EX_CONFIG },
	[MP_ERR_SECRET]		= { "client secret unavailable", EX_CONFIG },
	[MP_ERR_REJECTED]	= { "token request rejected", EX_NOPERM },
	[MP_ERR_UNAVAILABLE]	= { "token endpoint unavailable", EX_UNAVAILABLE },
	[MP_ERR_TIMEOUT]	= { "token request timed out", EX_UNAVAILABLE },
	[MP_ERR_TLS]		= { "TLS failure", EX_UNAVAILABLE },
	[MP_ERR_PROTOCOL]	= { "invalid token response", EX_PROTOCOL },
	[MP_ERR_MODULE]		= { "cannot load module", EX_SOFTWARE },
	[MP_ERR_NOT_FOUND]	= { "not found", EX_SOFTWARE },
	[MP_ERR_KEYRING]	= { "keyring unavailable", EX_UNAVAILABLE },
	[MP_ERR_CACHE]		= { "token cache unusable", EX_SOFTWARE },
	/* What outgrows its cap is a file or input the user gave (a config
	 * file, docker's config.json): theirs to fix, like a bad config. */
	[MP_ERR_TOOBIG]		= { "too large", EX_CONFIG },
	/* Its detail starts with the file's role ("client certificate: PATH:
	 * ..."), so the error line shows the detail alone. */
	[MP_ERR_CREDENTIAL]	= { "client certificate or key unusable", EX_CONFIG },
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
	{ MP_ROLE_CERT, "cert =" },
	{ MP_ROLE_KEY, "key =" },
	{ MP_ROLE_CA, "ca =" },
	{ MP_ROLE_SECRET, "client_secret = file:PATH" },
	{ MP_ROLE_KEYPW, "key_password = file:PATH" },
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
