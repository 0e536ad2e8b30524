/*
 * paths.c: the environment and the user's folders, as the configuration,
 * the runtime cache and the keyring all read them: one place that knows
 * MP_CTX_NO_ENV (the PAM module reads no environment) and where home is.
 */
#include "config.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "internal.h"

const char *
mp_env(const struct mp_ctx *ctx, const char *name)
{
	const char *v;

	if (ctx->flags & MP_CTX_NO_ENV)
		return NULL;
	v = getenv(name);
	return (v != NULL && *v != '\0') ? v : NULL;
}

char *
mp_home_dir(const struct mp_ctx *ctx)
{
	const char *h = mp_env(ctx, "HOME");
	struct passwd pw, *res = NULL;
	char buf[4096];

	if (h != NULL)
		return g_strdup(h);
	/* The PAM module reads no environment: ask the user database
	 * (reentrant: a PAM host may be threaded). */
	if (getpwuid_r(geteuid(), &pw, buf, sizeof(buf), &res) != 0 || res == NULL)
		return NULL;
	return g_strdup(pw.pw_dir);
}

int
mp_path_expand(const struct mp_ctx *ctx, const char *path, const char *base_dir,
    char **out)
{
	char *home = NULL, *p = NULL;

	*out = NULL;
	if (strncmp(path, "pkcs11:", 7) == 0 || path[0] == '/' ||
	    (base_dir == NULL && strncmp(path, "~/", 2) != 0))
		p = strdup(path);
	else if (strncmp(path, "~/", 2) == 0) {
		if ((home = mp_home_dir(ctx)) == NULL)
			return MP_ERR_CONFIG;
		p = g_build_filename(home, path + 2, NULL);
		g_free(home);
	} else
		p = g_build_filename(base_dir, path, NULL);
	if (p == NULL)
		return MP_ERR_NOMEM;
	*out = p;
	return MP_OK;
}

char *
mp_config_user_path(const struct mp_ctx *ctx)
{
	const char *v;
	char *p = NULL, *home = NULL;

	if ((v = mp_env(ctx, "MOGOPLUS_CONFIG")) != NULL)
		return g_strdup(v);
	if ((v = mp_env(ctx, "XDG_CONFIG_HOME")) != NULL && v[0] == '/')
		p = g_build_filename(v, "mogoplus", "config", NULL);
	else if ((home = mp_home_dir(ctx)) != NULL)
		p = g_build_filename(home, ".config", "mogoplus", "config", NULL);
	g_free(home);
	return p;
}
